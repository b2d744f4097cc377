"""Issue 17's register, clicked through on a desktop and a 390-px phone: the grid worker
opens a household of their area from the navigation, sees the person's sensitive tag in
full (recorded) and ends it with a reason; a colleague at the desk sees it masked."""

import pytest
from playwright.sync_api import expect

from register.models import SensitiveTagView

from .. import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_grid_worker_sees_and_ends_a_sensitive_tag_and_a_colleague_sees_it_masked(
    screen, login, committee_a, worker_a
):
    grid_worker = factories.worker(committee_a, username="grid-a", name="陈网格")
    area = factories.grid_area(committee_a, responsible=grid_worker)
    household, person, _tag = factories.register_records(committee_a, area, grid_worker)

    page = screen()
    login(page, grid_worker)
    actions = 0
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="实有人口").click()
    page.get_by_role("link", name=household.address).click()
    page.get_by_role("link", name=person.name).click()
    actions += 3
    expect(page.get_by_text("低保", exact=True)).to_be_visible()
    assert SensitiveTagView.objects.filter(person=person, viewer=grid_worker.user).count() == 1
    page.get_by_label("结束原因").fill("收入超标")
    page.get_by_role("button", name="结束标签").click()
    actions += 2
    expect(page.get_by_text("标签已结束，记录保留。")).to_be_visible()
    assert actions <= 6

    desk = screen()
    login(desk, worker_a)
    desk.goto(person.get_absolute_url())
    desk.get_by_text("已结束的标签").click()  # ended by the grid worker above: kept, still masked
    expect(desk.get_by_text("敏感标签（已隐藏）").first).to_be_visible()
    expect(desk.get_by_text("低保", exact=True)).to_have_count(0)
