"""Issue 17, point 5, "Done when": the grid worker prints their households (分片包干名册), on a
desktop and a 390-px phone: 我的片区 from the menu, filtered by a tag, the printed roll with
their households and members, and the print dialog asked for (window.print stubbed)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from register.models import CareTag
from register.services import household_create, person_find_or_create, person_join_household, person_tag_add

from .. import factories

pytestmark = pytest.mark.django_db(transaction=True)

RECORD_PRINT = "window.__printed = 0; window.print = () => { window.__printed += 1; };"


def resident(committee, household, name, phone, tag, by, born=None):
    person, _created = person_find_or_create(committee=committee, name=name, phones=[phone], birth_date=born)
    person_join_household(person=person, household=household, relation="head")
    person_tag_add(person=person, tag=CareTag.objects.get(code=tag), by=by.user, reason="入户走访核实")
    return person


def test_the_grid_worker_filters_their_households_by_tag_and_prints_the_roll(screen, login, committee_a, worker_a):
    grid_worker = factories.worker(committee_a, username="grid-a", name="陈网格")
    mine = factories.grid_area(committee_a, responsible=grid_worker, name="第一片区")
    other = factories.grid_area(committee_a, responsible=worker_a, name="第二片区")
    alone = household_create(committee=committee_a, grid_area=mine, building="3号楼", unit="1单元", room="201室")
    poor = household_create(committee=committee_a, grid_area=mine, building="5号楼", unit="2单元", room="402室")
    elsewhere = household_create(committee=committee_a, grid_area=other, building="40号楼", room="101室")
    resident(committee_a, alone, "钱阿婆", "021-6555 1234", "living_alone", grid_worker, born=dt.date(1939, 5, 1))
    resident(committee_a, poor, "赵低保", "13912345678", "dibao", grid_worker)
    resident(committee_a, elsewhere, "孙别区", "13812345678", "living_alone", worker_a, born=dt.date(1940, 1, 1))

    page = screen()
    page.add_init_script(RECORD_PRINT)
    login(page, grid_worker)
    page.get_by_role("link", name="我的片区").first.click()
    expect(page.get_by_role("heading", name="我的片区")).to_be_visible()
    table = page.locator("table.grid-list")
    expect(table).to_contain_text("钱阿婆")
    expect(table).to_contain_text("赵低保")
    expect(table).to_contain_text("低保")  # their own area: the sensitive tag in full
    expect(table).not_to_contain_text("孙别区")

    page.get_by_label("标签").select_option(label="独居老人")
    page.get_by_role("button", name="筛选").click()
    expect(table).to_contain_text("钱阿婆")
    expect(table).not_to_contain_text("赵低保")

    page.get_by_role("link", name="打印分片包干名册").click()
    expect(page.get_by_role("heading", name=f"{committee_a.name} 第一片区 分片包干名册")).to_be_visible()
    roll = page.locator("main")
    expect(roll).to_contain_text("陈网格")
    expect(roll).to_contain_text("3号楼")
    expect(roll).to_contain_text("钱阿婆")
    expect(roll).to_contain_text("021-****1234")
    expect(roll).to_contain_text("包干责任人签字")
    expect(roll).not_to_contain_text("赵低保")
    expect(roll).not_to_contain_text("孙别区")
    page.get_by_role("button", name="打印").click()
    assert page.evaluate("window.__printed") == 1
