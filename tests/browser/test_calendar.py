"""Before next year's holiday schedule is in: the 暂定 badge on a deadline reaching into it
and the banner; then the district admin enters the schedule through the form, previews it and
saves it, and both are gone."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.services import case_open
from committee.models import CalendarYear

from .. import factories

pytestmark = pytest.mark.django_db(transaction=True)

SCHEDULE = "2027-01-01..2027-01-03 元旦\n2027-02-05..2027-02-11 春节\n2027-04-05 清明节\n2027-10-01..2027-10-07 国庆节"


@pytest.fixture
def first_of_december(time_machine):
    moment = dt.datetime(2026, 12, 1, 10, tzinfo=timezone.get_current_timezone())
    time_machine.move_to(moment, tick=True)
    return moment


def test_the_badge_and_the_banner_until_the_schedule_is_entered(
    first_of_december, browser, live_server, login, worker_a, district_admin_a, committee_a, line_civil
):
    # Monday 28 December, 10 working days: 29–31, then (New Year off) to Tuesday 12 January.
    item = factories.service_item(line_civil, name="十日事项", limit=10)
    case = case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="跨年事项",
        service_item=item,
        handler=worker_a,
        registered_at=dt.datetime(2026, 12, 28, 10, tzinfo=first_of_december.tzinfo),
    )

    def page_for(user):
        context = browser.new_context(base_url=live_server.url, locale="zh-CN")
        context.set_default_timeout(10_000)
        page = context.new_page()
        login(page, user)
        return page

    desk = page_for(worker_a)
    desk.goto(case.get_absolute_url())
    expect(desk.locator(".deadline")).to_contain_text("2027-01-12")
    expect(desk.locator(".deadline .badge-warn")).to_have_text("暂定")

    admin = page_for(district_admin_a)
    banner = admin.get_by_role("note")
    expect(banner).to_contain_text("2027 年放假安排尚未录入")
    banner.get_by_role("link", name="录入放假安排").click()
    expect(admin.get_by_role("heading", level=1)).to_contain_text("2027 年放假安排")
    admin.get_by_label("放假日期").fill(SCHEDULE)
    admin.get_by_label("调休上班日（周末上班）").fill("2027-01-09 元旦调休\n2027-02-20 春节调休")
    admin.get_by_role("button", name="预览影响").click()
    # Saturday 9 January worked: the case is due on Monday the 11th instead.
    preview = admin.get_by_role("region", name="保存后会发生")
    expect(preview).to_contain_text("1 件在办事项的期限会改变")
    # A district admin reads no committee's records: the case is counted, never listed.
    expect(preview).to_contain_text("另有 1 项属于您不能查看记录的居委会")
    expect(preview.get_by_role("row", name="跨年事项")).to_have_count(0)
    district = committee_a.street_office.district
    assert not CalendarYear.objects.filter(year=2027, district=district).exists()
    admin.get_by_role("button", name="确认保存").click()
    expect(admin.get_by_text("已录入 2027 年放假安排")).to_be_visible()
    expect(admin.get_by_role("note")).to_have_count(0)
    assert CalendarYear.objects.get(year=2027, district=district).is_official

    desk.reload()
    expect(desk.locator(".deadline")).to_contain_text("2027-01-11")
    expect(desk.locator(".deadline .badge-warn")).to_have_count(0)
    expect(desk.get_by_text("期限调整")).to_be_visible()  # the timeline says why it moved
