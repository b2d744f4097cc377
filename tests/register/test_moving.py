"""Moving between households at the register's form, coming back after moving out, two
desks registering the same person at once, and the director's log of sensitive views."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse

from committee.roles import Role
from register import services
from register.choices import PersonStatus
from register.models import Membership, Person, SensitiveTagView
from tests import factories

ID_1949 = "11010519491231002X"


@pytest.fixture
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 25, 10, 0), tick=False)
    return dt.date(2026, 11, 25)


def _household(committee, room):
    return services.household_create(committee=committee, building="5号楼", unit="2单元", room=room)


@pytest.mark.django_db
def test_a_person_found_in_another_household_is_moved_only_when_the_worker_says_so(committee_a, today):
    first, second = _household(committee_a, "301室"), _household(committee_a, "302室")
    person, _ = services.person_register_in_household(household=first, name="钱阿姨", phones=["13912345678"])
    with pytest.raises(ValidationError) as refused:
        services.person_register_in_household(household=second, name="钱阿姨", phones=["13912345678"])
    assert "move" in refused.value.message_dict and "301" in refused.value.message_dict["move"][0]
    assert Membership.objects.get(person=person, ended_on__isnull=True).household == first

    again, created = services.person_register_in_household(
        household=second, name="钱阿姨", phones=["13912345678"], move=True
    )
    assert again == person and not created
    assert Membership.objects.get(person=person, ended_on__isnull=True).household == second
    assert Membership.objects.filter(person=person).count() == 2  # the old one ended, kept


@pytest.mark.django_db
def test_the_add_person_form_asks_before_moving_someone(client_of, worker_a, committee_a, today):
    first, second = _household(committee_a, "301室"), _household(committee_a, "302室")
    person, _ = services.person_register_in_household(household=first, name="钱阿姨", phones=["13912345678"])
    client = client_of(worker_a)
    data = {"name": "钱阿姨", "phones": "139 1234 5678", "relation": "head", "residence_status": "hukou"}
    url = reverse("register:person-add", args=[second.pk])
    response = client.post(url, data)
    assert response.status_code == 400 and "从原户迁入本户" in response.content.decode()
    assert Membership.objects.get(person=person, ended_on__isnull=True).household == first
    response = client.post(url, {**data, "move": "on"})
    assert response.status_code == 302
    assert Membership.objects.get(person=person, ended_on__isnull=True).household == second


@pytest.mark.django_db
def test_a_moved_out_person_comes_back_as_the_same_record(client_of, worker_a, committee_a, today):
    household = _household(committee_a, "301室")
    person, _ = services.person_register_in_household(household=household, name="孙老师", id_number=ID_1949)
    services.person_leave(person=person, status=PersonStatus.MOVED_OUT, on=dt.date(2026, 3, 1))
    client = client_of(worker_a)
    url = reverse("register:person-return", args=[person.pk])
    assert (
        client.post(
            url, {"room": "302", "building": "5", "unit": "2", "relation": "head", "on": "2026-02-01"}
        ).status_code
        == 400
    )
    response = client.post(url, {"room": "302", "building": "5", "unit": "2", "relation": "head", "on": "2026-11-20"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == PersonStatus.ACTIVE and person.moved_in_on == dt.date(2026, 11, 20)
    assert person.moved_out_on is None and person.history.filter(moved_out_on=dt.date(2026, 3, 1)).exists()
    home = Membership.objects.get(person=person, ended_on__isnull=True).household
    assert (
        home.address_key == "5-2-302" and Person.objects.filter(id_number_masked=person.id_number_masked).count() == 1
    )
    # Back at the same address spelled another way: the household is found, not added again.
    services.person_leave(person=person, status=PersonStatus.MOVED_OUT, on=dt.date(2026, 11, 24))
    client.post(url, {"room": "302室", "building": "5号楼", "unit": "2单元", "relation": "head", "on": "2026-11-25"})
    assert Membership.objects.get(person=person, ended_on__isnull=True).household == home
    # An active person cannot "come back".
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_coming_back_is_refused_for_another_committees_worker(client_of, worker_b, committee_a, today):
    person, _ = services.person_find_or_create(committee=committee_a, name="孙老师", id_number=ID_1949)
    services.person_leave(person=person, status=PersonStatus.MOVED_OUT, on=dt.date(2026, 3, 1))
    url = reverse("register:person-return", args=[person.pk])
    assert client_of(worker_b).post(url, {"room": "1", "relation": "head", "on": "2026-11-20"}).status_code == 404
    person.refresh_from_db()
    assert person.status == PersonStatus.MOVED_OUT


@pytest.mark.django_db(transaction=True)
def test_two_desks_registering_the_same_id_number_at_once_get_one_person(committee_a):
    """The first desk's row is inserted but not committed when the second desk looks: it
    finds nobody, its insert waits on the unique index, then fails; the service answers
    with the first desk's person instead of an error."""
    inserted, release = threading.Event(), threading.Event()
    results = {}

    def first_desk():
        try:
            with transaction.atomic():
                results["first"] = services.person_find_or_create(
                    committee=committee_a, name="周先生", id_number=ID_1949
                )
                inserted.set()
                release.wait(10)
        finally:
            connection.close()

    def second_desk():
        try:
            inserted.wait(10)
            results["second"] = services.person_find_or_create(
                committee=committee_a, name="周先生", id_number=ID_1949.lower(), phones=["13912345678"]
            )
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            results["second"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=first_desk), threading.Thread(target=second_desk)]
    for thread in threads:
        thread.start()
    inserted.wait(10)
    threading.Timer(1.0, release.set).start()  # let the second desk reach the index first
    for thread in threads:
        thread.join(20)
    first, created_first = results["first"]
    assert created_first and not isinstance(results["second"], Exception), results["second"]
    second, created_second = results["second"]
    assert second.pk == first.pk and not created_second
    assert Person.objects.filter(committee=committee_a).count() == 1
    assert list(second.phones.values_list("number", flat=True)) == ["+8613912345678"]


@pytest.mark.django_db
def test_the_director_reads_the_log_of_sensitive_views_of_their_committee_only(
    client_of, director_a, committee_a, committee_b
):
    director_b = factories.worker(committee_b, role=Role.DIRECTOR, username="director-b")
    grid = factories.worker(committee_a, username="grid-a", name="陈网格")
    _household, person, _tag = factories.register_records(
        committee_a, factories.grid_area(committee_a, responsible=grid), grid
    )
    client_of(grid).get(reverse("register:person-detail", args=[person.pk]))
    assert SensitiveTagView.objects.filter(person=person, viewer=grid.user).count() == 1
    page = client_of(director_a).get(reverse("register:sensitive-views")).content.decode()
    assert "陈网格" in page and person.name in page
    page = client_of(director_b).get(reverse("register:sensitive-views")).content.decode()
    assert person.name not in page and "陈网格" not in page
