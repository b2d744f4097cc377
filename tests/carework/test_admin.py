"""Care plans and home visits in admin: read only, scoped to the street office's committees."""

import uuid

import pytest

from carework.services import home_visit_record
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_street_admin_reads_their_committees_home_visits_and_their_history_only(
    start, client_of, street_admin_a, worker_a, worker_b, resident, plan, committee_b
):
    plan("living_alone", 7)
    plan("living_alone", 14, committee=committee_b)
    ours = home_visit_record(
        client_id=uuid.uuid4(), committee=worker_a.committee, worker=worker_a, person=resident("钱大爷"), outcome="seen"
    )
    area_b = factories.grid_area(committee_b, responsible=worker_b)
    theirs = home_visit_record(
        client_id=uuid.uuid4(),
        committee=committee_b,
        worker=worker_b,
        person=resident("孙阿姨", committee=committee_b, area=area_b, by=worker_b),
        outcome="seen",
    )
    client = client_of(street_admin_a)
    listing = client.get("/admin/carework/homevisit/")
    assert listing.status_code == 200 and list(listing.context["cl"].queryset) == [ours]
    assert client.get(f"/admin/carework/homevisit/{ours.pk}/history/").status_code == 200
    assert client.get(f"/admin/carework/homevisit/{theirs.pk}/history/").status_code == 404
    assert client.get(f"/admin/carework/homevisit/{ours.pk}/delete/").status_code == 403
    plans = client.get("/admin/carework/careplan/").context["cl"].queryset
    assert {p.committee_id for p in plans} == {worker_a.committee_id}
