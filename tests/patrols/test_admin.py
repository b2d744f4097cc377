import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_a_street_admin_reads_their_committees_patrols_and_their_history_only(
    working_day, client_of, street_admin_a, area_a, worker_a, worker_b
):
    ours = factories.patrol(area_a, worker_a)
    theirs = factories.patrol(factories.grid_area(worker_b.committee, responsible=worker_b), worker_b)
    client = client_of(street_admin_a)

    listing = client.get("/admin/patrols/patrol/")
    assert listing.status_code == 200
    assert list(listing.context["cl"].queryset) == [ours]
    assert client.get(f"/admin/patrols/patrol/{ours.pk}/history/").status_code == 200
    assert client.get(f"/admin/patrols/patrol/{theirs.pk}/change/").status_code in (302, 404)
    assert client.get(f"/admin/patrols/patrol/{theirs.pk}/history/").status_code == 404
    assert client.get(f"/admin/patrols/patrol/{ours.pk}/delete/").status_code == 403
