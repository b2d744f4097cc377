"""Issue 17, point 4: from the register's person page to the person's visits and cases, on a
desktop and a 390-px phone. The visit was linked when it was recorded (by name + phone)."""

import pytest
from playwright.sync_api import expect

from reception.choices import Outcome
from reception.services import visit_record

from .. import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_goes_from_the_register_to_a_persons_visit(screen, login, committee_a, worker_a):
    area = factories.grid_area(committee_a, responsible=worker_a)
    household, person, _tag = factories.register_records(committee_a, area, worker_a, name="赵阿婆")
    visit = visit_record(
        committee=committee_a,
        received_by=worker_a,
        resident_name="赵阿婆",
        resident_phone="139 1234 5678",
        outcome=Outcome.CONSULTATION,
    )
    assert visit.person == person

    page = screen()
    login(page, worker_a)
    page.goto(person.get_absolute_url())
    page.get_by_role("link", name="来访、事项与预约").click()
    expect(page.get_by_role("heading", name="赵阿婆的来访与事项")).to_be_visible()
    page.get_by_role("link", name=visit.reference).click()
    expect(page).to_have_url(f"{page.url.split('/desk/')[0]}{visit.get_absolute_url()}")
    expect(page.get_by_role("link", name="该居民的来访与事项")).to_be_visible()
