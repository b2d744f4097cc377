"""The director reads the dashboard and follows a figure to the list behind it."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.models import Case
from casework.services import case_open

from .. import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_overdue_figure_opens_the_overdue_cases(page, login, director_a, worker_a, committee_a, line_civil):
    handler = factories.worker(committee_a, name="陈承办")
    factories.posts(committee_a, line_civil, handler, worker_a)
    late = case_open(committee=committee_a, first_responder=worker_a, title="楼道堆物迟迟未清", line=line_civil)
    on_time = case_open(committee=committee_a, first_responder=worker_a, title="按期办理中", line=line_civil)
    Case.objects.filter(pk=late.pk).update(due_at=timezone.now() - dt.timedelta(days=5))

    login(page, director_a)
    expect(page).to_have_url(re.compile(r"/office/dashboard/$"))
    overdue = page.locator("a.figure-alert")
    expect(overdue.locator(".figure-value")).to_have_text("1")
    overdue.click()
    expect(page).to_have_url(re.compile(r"/cases/overdue/$"))  # the director's overdue list, to supervise
    expect(page.get_by_role("link", name=late.reference)).to_be_visible()
    expect(page.get_by_role("link", name=on_time.reference)).to_have_count(0)


def test_the_period_switch_and_the_trend_chart(page, login, director_a):
    login(page, director_a)
    page.get_by_role("combobox", name="统计期间").select_option("week")
    page.get_by_role("button", name="查看").click()
    expect(page).to_have_url(re.compile(r"period=week"))
    expect(page.locator("figure.chart svg")).to_be_visible()
    expect(page.get_by_role("heading", name="承诺兑现")).to_be_visible()
