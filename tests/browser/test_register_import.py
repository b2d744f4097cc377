"""Issue 17, "Done when": a director imports the committee's spreadsheet with errors, sees
each bad row in the preview, imports the valid rows, fixes the file, imports it again and
sees the right counts — the new people only added, the earlier ones unchanged. On a
desktop and a 390-px phone."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from register.models import Household, Person

from .. import factories
from ..register.spreadsheet_files import messy_xlsx

pytestmark = pytest.mark.django_db(transaction=True)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_director_imports_a_spreadsheet_with_errors_fixes_it_and_imports_it_again(
    screen, login, committee_a, director_a, time_machine
):
    time_machine.move_to(dt.datetime(2026, 11, 25, 10, 0), tick=True)
    factories.grid_area(committee_a, name="第一片区")
    page = screen()
    login(page, director_a)
    actions = 0

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="实有人口").click()
    page.get_by_role("link", name="导入表格").click()
    page.get_by_label("居民名册表格").set_input_files({"name": "名册.xlsx", "mimeType": XLSX, "buffer": messy_xlsx()})
    page.get_by_role("button", name="上传并预览").click()
    actions += 4
    expect(page.locator("#count-new")).to_have_text("4")
    expect(page.locator("#count-errors")).to_have_text("4")
    expect(page.locator("#count-skipped")).to_have_text("2")
    errors = page.locator("#import-errors")
    for number, problem in (("9", "第 4 行"), ("10", "第九片区"), ("11", "校验位"), ("12", "12345")):
        expect(errors.get_by_role("row").filter(has_text=problem).get_by_role("cell").first).to_have_text(number)
    page.get_by_role("button", name="导入 4 人").click()
    actions += 1
    expect(page.get_by_text("已导入：新增 4 人")).to_be_visible()
    assert Person.objects.count() == 4 and Household.objects.count() == 2
    first_import = set(Person.objects.values_list("pk", "name"))

    page.get_by_role("link", name="再导入一个文件").click()
    page.get_by_label("居民名册表格").set_input_files(
        {"name": "名册（改好）.xlsx", "mimeType": XLSX, "buffer": messy_xlsx(fixed=True)}
    )
    page.get_by_role("button", name="上传并预览").click()
    actions += 3
    expect(page.locator("#count-new")).to_have_text("4")
    expect(page.locator("#count-existing")).to_have_text("4")
    expect(page.locator("#count-errors")).to_have_text("0")
    page.get_by_role("button", name="导入 4 人").click()
    actions += 1
    expect(page.get_by_text("已导入：新增 4 人")).to_be_visible()
    expect(page.get_by_text("4 人已在册，未作改动")).to_be_visible()
    assert Person.objects.count() == 8 and Household.objects.count() == 5
    assert first_import <= set(Person.objects.values_list("pk", "name"))
    assert actions <= 9
