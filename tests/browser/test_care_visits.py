"""Issue 18, point 2 (online): the grid worker opens 今日走访 on a 390-px phone (and a desktop),
records a visit that raises a case, and sees the person leave the due list."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from carework.models import CarePlan, HomeVisit
from carework.services import care_plan_save
from casework.models import Case
from register.models import CareTag
from register.services import household_create, person_find_or_create, person_join_household, person_tag_add

from .. import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_grid_worker_records_a_visit_that_raises_a_case(screen, login, committee_a, line_civil, director_a):
    grid_worker = factories.worker(committee_a, username="grid-a", name="陈网格")
    area = factories.grid_area(committee_a, responsible=grid_worker, name="第一片区")
    living_alone = CareTag.objects.get(code="living_alone")
    care_plan_save(committee=committee_a, target="tag", tag=living_alone, interval_days=7)
    CarePlan.objects.update(started_on=timezone.localdate() - dt.timedelta(days=30))
    people = {}
    for name, building in (("钱阿婆", "3号楼"), ("孙老伯", "5号楼")):
        household = household_create(committee=committee_a, grid_area=area, building=building, room="201室")
        person, _created = person_find_or_create(committee=committee_a, name=name)
        person_join_household(person=person, household=household, relation="head")
        person_tag_add(person=person, tag=living_alone, by=grid_worker.user, reason="入户核实")
        people[name] = person

    page = screen()
    login(page, grid_worker)
    page.get_by_role("link", name="今日走访").first.click()
    expect(page.get_by_role("heading", name="今日走访")).to_be_visible()
    due = page.locator("main")
    expect(due).to_contain_text("孙老伯")
    page.get_by_role("link", name="钱阿婆").click()

    expect(page.get_by_role("heading", name="记录走访")).to_be_visible()
    page.get_by_label("见到本人").check()
    page.get_by_label("较差").check()
    page.get_by_label("需求").fill("卫生间地滑，需要安装扶手")
    page.get_by_label("需要立事项").check()
    page.get_by_label("事项标题").fill("为独居老人安装扶手")
    page.get_by_label("条线").select_option(label=line_civil.name)
    page.get_by_role("button", name="保存走访").click()

    expect(page.get_by_text("走访已记录。")).to_be_visible()
    expect(page.get_by_role("heading", name="今日走访")).to_be_visible()
    expect(due).to_contain_text("孙老伯")
    expect(due).not_to_contain_text("钱阿婆")

    visit = HomeVisit.objects.get()
    assert visit.person == people["钱阿婆"] and visit.outcome == "seen" and visit.condition == "poor"
    case = Case.objects.get()
    assert visit.case == case
    assert case.source == "home_visit" and case.person == people["钱阿婆"]
    assert case.first_responder.user == grid_worker.user
