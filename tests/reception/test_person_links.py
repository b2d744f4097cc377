"""Visits and cases link to the register's person: at record time (by ID number, else by
name and a current phone, never across committees), and a merge moves the links."""

import datetime as dt

import pytest

from casework.models import Case
from casework.services import case_open
from reception.choices import Outcome
from reception.models import Visit
from reception.services import visit_intake, visit_record
from register import services as register_services
from register.selectors import person_match
from tests import factories, query_budgets

pytestmark = pytest.mark.django_db

ID_1949 = "11010519491231002X"


@pytest.fixture
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 25, 10, 0), tick=False)


@pytest.fixture
def zhao(committee_a, today):
    person, _created = register_services.person_find_or_create(
        committee=committee_a, name="赵阿婆", id_number=ID_1949, phones=["13912345678"]
    )
    return person


@pytest.fixture
def qian(committee_a, today):
    """Registered with a phone and no ID number."""
    person, _created = register_services.person_find_or_create(
        committee=committee_a, name="钱大伯", phones=["021-6555 1234"]
    )
    return person


def record(committee, worker, **kwargs):
    return visit_record(committee=committee, received_by=worker, outcome=Outcome.CONSULTATION, **kwargs)


def test_it_links_a_visit_by_id_number_whatever_name_and_phone_were_typed(committee_a, worker_a, zhao):
    visit = record(committee_a, worker_a, resident_name="赵某", id_number=ID_1949.lower())
    assert visit.person == zhao


def test_it_links_a_visit_by_name_and_a_current_phone_in_any_spelling(committee_a, worker_a, qian):
    visit = record(committee_a, worker_a, resident_name=" 钱大伯 ", resident_phone="(021)65551234")
    assert visit.person == qian


def test_it_links_nobody_on_a_name_alone_or_a_phone_alone(committee_a, worker_a, qian):
    assert record(committee_a, worker_a, resident_name="钱大伯").person is None
    assert record(committee_a, worker_a, resident_name="钱小妹", resident_phone="021-6555 1234").person is None


def test_it_does_not_link_by_a_phone_the_person_no_longer_uses(committee_a, worker_a, qian):
    register_services.person_update(person=qian, name="钱大伯", phones=["13912340000"])
    assert record(committee_a, worker_a, resident_name="钱大伯", resident_phone="021-6555 1234").person is None


def test_it_does_not_link_a_namesake_with_another_id_number_sharing_the_phone(committee_a, worker_a, zhao):
    other_id = "110105194912310046"  # valid, another person
    visit = record(committee_a, worker_a, resident_name="赵阿婆", resident_phone="13912345678", id_number=other_id)
    assert visit.person is None


def test_it_never_links_a_person_of_another_committee(committee_b, worker_b, zhao):
    visit = record(committee_b, worker_b, resident_name="赵阿婆", resident_phone="13912345678", id_number=ID_1949)
    assert visit.person is None
    case = case_open(
        committee=committee_b,
        first_responder=worker_b,
        title="咨询",
        line=factories.line(),
        resident_name="赵阿婆",
        resident_phone="13912345678",
    )
    assert case.person is None


def test_it_never_creates_anyone(committee_a, worker_a, today):
    from register.models import Person

    record(committee_a, worker_a, resident_name="孙新人", resident_phone="13912345678", id_number=ID_1949)
    assert not Person.objects.exists()


def test_a_case_opened_with_a_known_resident_links_by_name_and_phone(committee_a, worker_a, line_civil, qian):
    case = case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="路灯",
        line=line_civil,
        resident_name="钱大伯",
        resident_phone="02165551234",
    )
    assert case.person == qian


def test_a_handed_on_visit_gives_its_case_the_person_found_by_id_number(
    committee_a, worker_a, item_allowance, zhao, working_day
):
    visit = visit_intake(
        committee=committee_a,
        received_by=worker_a,
        resident_name="赵某",  # the name differs: only the ID number finds her
        id_number=ID_1949,
        outcome=Outcome.HANDED_ON,
        chosen=[(item_allowance, [])],
    )
    assert visit.person == zhao
    assert visit.case.person == zhao


def test_person_match_is_one_query(committee_a, zhao, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert person_match(committee=committee_a, name="赵阿婆", phone="+8613912345678") == zhao


def test_two_records_equally_matched_match_nobody(committee_a, today):
    # The register's duplicate: two 孙阿姨 sharing a phone, neither with an ID number.
    first, _created = register_services.person_find_or_create(
        committee=committee_a, name="孙阿姨", phones=["13800001111"]
    )
    second, _created = register_services.person_find_or_create(
        committee=committee_a, name="孙阿", phones=["13800001111"]
    )
    register_services.person_update(person=second, name="孙阿姨")
    assert person_match(committee=committee_a, name="孙阿姨", phone="+8613800001111") is None


def test_a_merge_moves_the_duplicates_visits_and_cases_to_the_record_kept(
    committee_a, worker_a, director_a, line_civil, zhao, qian
):
    visit = record(committee_a, worker_a, resident_name="钱大伯", resident_phone="021-6555 1234")
    case = case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="路灯",
        line=line_civil,
        resident_name="钱大伯",
        resident_phone="021-6555 1234",
    )
    kept_visit = record(committee_a, worker_a, resident_name="赵阿婆", id_number=ID_1949)
    assert visit.person == case.person == qian

    register_services.person_merge(keep=zhao, duplicate=qian, by=director_a.user)

    assert set(Visit.objects.filter(person=zhao)) == {visit, kept_visit}
    assert list(Case.objects.filter(person=zhao)) == [case]
    assert not Visit.objects.filter(person=qian).exists()
    assert not Case.objects.filter(person=qian).exists()


# --- the person's page at the desk: /desk/people/<pk>/ ------------------------------------


@pytest.fixture
def linked(committee_a, worker_a, item_allowance, zhao, working_day):
    visit = visit_intake(
        committee=committee_a,
        received_by=worker_a,
        resident_name="赵阿婆",
        id_number=ID_1949,
        outcome=Outcome.HANDED_ON,
        chosen=[(item_allowance, [])],
    )
    other = record(committee_a, worker_a, resident_name="钱某", resident_phone="13800003333")
    return visit, other


def test_the_person_page_lists_their_visits_and_cases_with_links(client_of, worker_a, zhao, linked):
    visit, other = linked
    response = client_of(worker_a).get(f"/desk/people/{zhao.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert visit.get_absolute_url() in body and visit.reference in body
    assert visit.case.get_absolute_url() in body and visit.case.reference in body
    assert other.reference not in body  # not hers


def test_the_register_person_page_links_to_it(client_of, worker_a, zhao):
    body = client_of(worker_a).get(zhao.get_absolute_url()).content.decode()
    assert f'href="/desk/people/{zhao.pk}/"' in body


def test_a_worker_of_another_committee_gets_404(client_of, worker_b, zhao, linked):
    assert client_of(worker_b).get(f"/desk/people/{zhao.pk}/").status_code == 404


def test_the_person_page_costs_a_fixed_number_of_queries(client_of, worker_a, zhao, linked, django_assert_num_queries):
    client = client_of(worker_a)
    client.get(f"/desk/people/{zhao.pk}/")  # warm the session
    for _ in range(3):
        record(worker_a.committee, worker_a, resident_name="赵阿婆", id_number=ID_1949)
    with django_assert_num_queries(query_budgets.PERSON_RECORDS):
        assert client.get(f"/desk/people/{zhao.pk}/").status_code == 200


def test_a_linked_visit_and_its_case_link_to_the_persons_records(client_of, worker_a, zhao, linked):
    visit, other = linked
    client = client_of(worker_a)
    records = f'href="/desk/people/{zhao.pk}/"'
    assert records in client.get(visit.get_absolute_url()).content.decode()
    assert records in client.get(visit.case.get_absolute_url()).content.decode()
    assert "/desk/people/" not in client.get(other.get_absolute_url()).content.decode()
