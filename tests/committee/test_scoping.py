"""A worker of one committee can never open another committee's records."""

import pytest
from django.urls import reverse

from committee.models import Committee
from committee.scoping import visible_committee_ids
from reception.models import Visit

from .. import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def records_b(committee_b, line_civil, item_allowance):
    return factories.one_of_everything(committee_b, line_civil, item_allowance)


def test_every_record_of_b_has_a_url(records_b):
    for record in records_b:
        assert record.get_absolute_url().startswith("/"), record


def test_a_worker_of_a_gets_404_on_every_page_of_b(client_of, worker_a, records_b):
    client = client_of(worker_a)
    seen_urls = set()
    for record in records_b:
        url = record.get_absolute_url()
        seen_urls.add(url)
        response = client.get(url)
        if url.startswith("/admin/"):
            # Desk workers have no admin access at all: sent to the admin login.
            assert response.status_code == 302 and "/admin/login/" in response["Location"], url
        else:
            assert response.status_code == 404, url
    assert any(not url.startswith("/admin/") for url in seen_urls)


def test_the_director_of_a_gets_404_on_every_page_of_b(client_of, director_a, records_b):
    client = client_of(director_a)
    for record in records_b:
        url = record.get_absolute_url()
        if not url.startswith("/admin/"):
            assert client.get(url).status_code == 404, url


def test_a_street_admin_of_another_office_never_sees_b_in_admin(client_of, street_admin_a, records_b):
    client = client_of(street_admin_a)
    for record in records_b:
        url = record.get_absolute_url()
        response = client.get(url)
        assert response.status_code in (302, 404), url
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("admin:index")), url


def test_the_owner_committee_opens_its_own_records(client_of, committee_a, line_civil, item_allowance, worker_a):
    records = factories.one_of_everything(committee_a, line_civil, item_allowance)
    client = client_of(worker_a)
    for record in records:
        url = record.get_absolute_url()
        if not url.startswith("/admin/"):
            assert client.get(url).status_code == 200, url


def test_scopes_by_role(worker_a, director_a, street_admin_a, committee_a, committee_b, admin_user):
    sibling = factories.committee(committee_a.street_office)
    assert visible_committee_ids(worker_a.user) == {committee_a.pk}
    assert visible_committee_ids(director_a.user) == {committee_a.pk}
    assert visible_committee_ids(street_admin_a.user) == {committee_a.pk, sibling.pk}
    assert visible_committee_ids(admin_user) is None
    assert set(Committee.objects.visible_to(admin_user)) == {committee_a, committee_b, sibling}


def test_a_deactivated_worker_sees_nothing(worker_a, committee_a, line_civil, item_allowance):
    factories.one_of_everything(committee_a, line_civil, item_allowance)
    worker_a.active = False
    worker_a.save(update_fields=["active"])
    worker_a.user.refresh_from_db()
    assert not Visit.objects.visible_to(worker_a.user).exists()


def test_anonymous_users_are_sent_to_login(client, records_b):
    for record in records_b:
        url = record.get_absolute_url()
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
