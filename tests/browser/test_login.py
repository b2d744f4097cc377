import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_desk_worker_signs_in_to_the_reception_page(page, login, worker_a):
    login(page, worker_a)
    expect(page).to_have_url(re.compile(r"/desk/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("前台接待")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator(".who")).to_contain_text("张敏")


def test_a_director_signs_in_to_the_overview(page, login, director_a):
    login(page, director_a)
    expect(page).to_have_url(re.compile(r"/office/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("工作概览")


def test_a_street_admin_signs_in_to_the_street_overview(page, login, street_admin_a, committee_a):
    login(page, street_admin_a)
    expect(page).to_have_url(re.compile(r"/office/street/$"))
    expect(page.get_by_role("link", name=re.compile(committee_a.name))).to_be_visible()
    expect(page.get_by_role("link", name="基础数据管理")).to_be_visible()


def test_a_wrong_password_keeps_the_username_and_says_why(page, worker_a):
    page.goto("/login/")
    page.get_by_label("用户名").fill("worker-a")
    page.get_by_label("密码").fill("not-the-password")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("用户名")).to_have_value("worker-a")


def test_the_language_switch_shows_english(page, login, worker_a):
    login(page, worker_a)
    page.get_by_label("界面语言").select_option("en")
    page.get_by_role("button", name="切换").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Front desk")
    expect(page.get_by_role("link", name="My cases")).to_be_visible()


def test_the_keyboard_reaches_the_skip_link_first(page, login, worker_a):
    login(page, worker_a)
    page.goto("/cases/mine/")  # the desk itself starts in the resident's name field instead
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
