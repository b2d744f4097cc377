"""The register's pages: scoping (B never sees A), sensitive tags masked or shown with an
access record, and the forms going through the services."""

import datetime as dt

import pytest
from django.urls import reverse

from register.choices import SENSITIVE_MASK, PersonStatus
from register.models import CareTag, Household, Person, PersonTag, SensitiveTagView
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def grid_worker(committee_a):
    return factories.worker(committee_a, username="grid-a", name="陈网格")


@pytest.fixture
def records(committee_a, grid_worker):
    area = factories.grid_area(committee_a, responsible=grid_worker)
    return factories.register_records(committee_a, area, grid_worker)  # household, person, 低保 tag


def person_page(client, person):
    return client.get(reverse("register:person-detail", args=[person.pk]))


def test_a_desk_worker_who_is_not_the_grid_worker_sees_sensitive_tags_masked(client_of, worker_a, records):
    _household, person, _tag = records
    page = person_page(client_of(worker_a), person).content.decode()
    assert str(SENSITIVE_MASK) in page and "低保" not in page and "低保证" not in page
    assert not SensitiveTagView.objects.exists()


@pytest.mark.parametrize("who", ["grid_worker", "director_a"])
def test_the_grid_worker_and_the_director_see_sensitive_tags_and_each_view_is_recorded(
    client_of, records, request, who
):
    _household, person, _tag = records
    viewer = request.getfixturevalue(who)
    client = client_of(viewer)
    for _ in range(2):
        page = person_page(client, person).content.decode()
        assert "低保" in page and str(SENSITIVE_MASK) not in page
    views = SensitiveTagView.objects.filter(person=person)
    assert views.count() == 2 and {view.viewer for view in views} == {viewer.user}


def test_a_street_admin_reads_the_person_with_sensitive_tags_masked(client_of, street_admin_a, records):
    _household, person, _tag = records
    page = person_page(client_of(street_admin_a), person).content.decode()
    assert str(SENSITIVE_MASK) in page and "低保" not in page
    assert "person-leave" not in page and reverse("register:person-edit", args=[person.pk]) not in page


def test_committee_b_cannot_see_or_change_anything_of_a(client_of, worker_b, records, committee_b):
    household, person, person_tag = records
    client = client_of(worker_b)
    for url in (
        reverse("register:household-detail", args=[household.pk]),
        reverse("register:household-edit", args=[household.pk]),
        reverse("register:person-add", args=[household.pk]),
        reverse("register:person-detail", args=[person.pk]),
        reverse("register:person-edit", args=[person.pk]),
        reverse("register:tag-add", args=[person.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("register:person-leave", args=[person.pk]), {"status": "died", "on": "2026-01-01"}
        ).status_code
        == 404
    )
    assert client.post(reverse("register:tag-end", args=[person_tag.pk]), {"end_reason": "x"}).status_code == 404
    assert household.address not in client.get(reverse("register:household-list")).content.decode()
    person.refresh_from_db()
    person_tag.refresh_from_db()
    assert person.status == PersonStatus.ACTIVE and person_tag.ended_on is None


def test_the_household_list_filters_by_grid_area_and_tag(client_of, grid_worker, records, committee_a):
    household, _person, _tag = records
    other = factories.grid_area(committee_a)
    client = client_of(grid_worker)
    dibao = CareTag.objects.get(code="dibao")
    assert household.address in client.get(reverse("register:household-list"), {"tag": dibao.pk}).content.decode()
    page = client.get(reverse("register:household-list"), {"grid_area": other.pk}).content.decode()
    assert household.address not in page


def test_a_worker_registers_a_household_and_a_person_and_a_second_entry_finds_the_same_person(
    client_of, worker_a, committee_a
):
    client = client_of(worker_a)
    area = factories.grid_area(committee_a)
    response = client.post(
        reverse("register:household-add"), {"grid_area": area.pk, "building": "5号楼", "unit": "2单元", "room": "301室"}
    )
    household = Household.objects.get()
    assert response.status_code == 302 and household.address_key == "5-2-301"
    form = {"name": "赵阿婆", "phones": "13912345678\n021-6555 1234", "residence_status": "hukou", "relation": "head"}
    client.post(reverse("register:person-add", args=[household.pk]), form)
    client.post(reverse("register:person-add", args=[household.pk]), {**form, "phones": "139 1234 5678"})
    person = Person.objects.get()
    assert person.phones.count() == 2 and person.memberships.get().relation == "head"


def test_a_bad_id_number_comes_back_on_the_form_with_what_was_typed(client_of, worker_a, records):
    household, _person, _tag = records
    response = client_of(worker_a).post(
        reverse("register:person-add", args=[household.pk]),
        {"name": "孙", "id_number": "110105194912310021", "residence_status": "hukou", "relation": "child"},
    )
    assert response.status_code == 400 and "校验位" in response.content.decode() and "孙" in response.content.decode()


def test_the_grid_worker_adds_and_ends_a_tag_from_the_person_page(client_of, grid_worker, records, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 25, 10, 0), tick=False)
    _household, person, dibao_tag = records
    client = client_of(grid_worker)
    veteran = CareTag.objects.get(code="veteran")
    client.post(reverse("register:tag-add", args=[person.pk]), {"tag": veteran.pk, "reason": "退役证"})
    assert person.tags.current().count() == 2
    client.post(reverse("register:tag-end", args=[dibao_tag.pk]), {"end_reason": "收入超标"})
    dibao_tag.refresh_from_db()
    assert dibao_tag.ended_on == dt.date(2026, 11, 25) and dibao_tag.end_reason == "收入超标"
    assert PersonTag.objects.filter(pk=dibao_tag.pk).exists()


def test_a_desk_worker_may_not_tag_a_person_outside_their_grid_area(client_of, worker_a, records):
    _household, person, person_tag = records
    client = client_of(worker_a)
    assert client.get(reverse("register:tag-add", args=[person.pk])).status_code == 403
    client.post(reverse("register:tag-end", args=[person_tag.pk]), {"end_reason": "x"})
    person_tag.refresh_from_db()
    assert person_tag.ended_on is None


def test_recording_a_death_ends_the_record_from_the_person_page(client_of, worker_a, records, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 25, 10, 0), tick=False)
    _household, person, _tag = records
    client_of(worker_a).post(reverse("register:person-leave", args=[person.pk]), {"status": "died", "on": "2026-11-20"})
    person.refresh_from_db()
    assert (person.status, person.died_on) == (PersonStatus.DIED, dt.date(2026, 11, 20))
    assert not person.memberships.current().exists()


def test_the_director_adds_a_sensitive_tag_of_the_committee(client_of, director_a, committee_a, committee_b, worker_b):
    client_of(director_a).post(reverse("register:care-tags"), {"name": "精神障碍", "sensitive": "on"})
    tag = CareTag.objects.get(name="精神障碍")
    assert tag.committee == committee_a and tag.sensitive
    assert tag not in CareTag.objects.for_committee(committee_b)


def test_the_director_merges_a_duplicate_from_the_person_page(client_of, director_a, worker_b, records, committee_a):
    _household, person, _tag = records
    from register.services import person_find_or_create

    duplicate, _created = person_find_or_create(committee=committee_a, name=person.name, phones=["13800001111"])
    client = client_of(director_a)
    assert duplicate.name in person_page(client, person).content.decode()
    client.post(reverse("register:person-merge", args=[person.pk]), {"duplicate": duplicate.pk})
    duplicate.refresh_from_db()
    assert duplicate.merged_into == person and person.phones.count() == 2


def test_nobody_else_merges_and_b_cannot_merge_into_a(client_of, worker_a, worker_b, records, committee_a):
    _household, person, _tag = records
    from register.services import person_find_or_create

    duplicate, _created = person_find_or_create(committee=committee_a, name=person.name, phones=["13800001111"])
    url = reverse("register:person-merge", args=[person.pk])
    assert client_of(worker_a).post(url, {"duplicate": duplicate.pk}).status_code == 403
    director_b = factories.worker(worker_b.committee, role="director", username="director-b")
    assert client_of(director_b).post(url, {"duplicate": duplicate.pk}).status_code == 404
    duplicate.refresh_from_db()
    assert duplicate.status == "active"


def test_the_household_list_and_the_person_page_cost_the_same_with_more_rows(
    client_of, grid_worker, records, committee_a, django_assert_max_num_queries
):
    from .. import query_budgets

    household, person, _tag = records
    area = household.grid_area
    client = client_of(grid_worker)
    client.get(reverse("register:household-list"))  # warm the session
    with django_assert_max_num_queries(query_budgets.REGISTER_HOUSEHOLD_LIST):
        client.get(reverse("register:household-list"))
    with django_assert_max_num_queries(query_budgets.REGISTER_PERSON_PAGE):
        person_page(client, person)
    for n in range(5):
        factories.register_records(committee_a, area, grid_worker, name=f"居民{n}", phone=f"1391234000{n}")
    with django_assert_max_num_queries(query_budgets.REGISTER_HOUSEHOLD_LIST):
        client.get(reverse("register:household-list"))
