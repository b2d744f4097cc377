"""Issue 18, point 3: a grid worker patrols their area on a phone (and a desktop): starts
today's patrol, records a finding that opens a case, ends the patrol with the route, and the
每日巡查记录本 shows the day."""

import pytest
from playwright.sync_api import expect

from casework.choices import CaseSource
from casework.models import Case
from patrols.models import Finding, Patrol

from .. import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_grid_worker_patrols_records_a_finding_that_opens_a_case_and_ends(
    working_day, screen, login, committee_a, line_civil
):
    grid_worker = factories.worker(committee_a, username="grid-a", name="陈网格")
    factories.grid_area(committee_a, responsible=grid_worker, name="东片区")

    page = screen()
    login(page, grid_worker)
    page.get_by_role("link", name="巡查", exact=True).first.click()
    expect(page.get_by_role("heading", name="今日巡查")).to_be_visible()
    page.get_by_role("button", name="开始巡查东片区").click()

    expect(page.get_by_role("heading", name="东片区巡查")).to_be_visible()
    if screen.phone:  # the form fits the phone: nothing to scroll sideways
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_label("安全隐患").check()
    page.get_by_label("情况描述").fill("楼道里电瓶车充电，飞线")
    page.get_by_label("位置").fill("5号楼2单元")
    page.get_by_label("转为事项（登记并派单）").check()
    page.get_by_label("事项标题").fill("楼道违规充电")
    page.get_by_label("条线").select_option(label="民政")
    page.get_by_role("button", name="保存发现").click()
    expect(page.locator(".messages")).to_contain_text("已记录，并登记为事项")

    page.get_by_label("巡查路线").fill("1号楼→5号楼→北门")
    page.get_by_role("button", name="结束巡查").click()
    expect(page.locator(".messages")).to_contain_text("巡查已结束")

    patrol = Patrol.objects.get()
    finding = Finding.objects.get()
    case = Case.objects.get()
    assert patrol.ended_at is not None
    assert patrol.route_notes == "1号楼→5号楼→北门"
    assert finding.patrol == patrol
    assert finding.case == case
    assert case.source == CaseSource.PATROL
    assert case.grid_area == patrol.grid_area

    page.get_by_role("link", name="每日巡查记录本").click()
    expect(page.get_by_role("heading", name=f"{committee_a.name} 东片区 每日巡查记录本")).to_be_visible()
    day = page.locator("table.book-table tr", has_text="陈网格")
    expect(day).to_contain_text("1号楼→5号楼→北门")
    expect(day).to_contain_text(case.reference)
