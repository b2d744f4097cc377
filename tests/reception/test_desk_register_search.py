"""The register where the desk works: the intake's search finds a register person (posted,
one committee only), the visit is linked to the person chosen (a forged or foreign number
refused), and a resident not yet registered is registered with the visit, in one step."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reception.models import Visit
from reception.services import visit_record
from register import services as register_services
from register.models import Household, Membership, Person
from tests import factories, query_budgets

pytestmark = pytest.mark.django_db

ID_1949 = "11010519491231002X"


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 25, 10, 0), tick=False)


@pytest.fixture
def zhao(committee_a):
    person, _created = register_services.person_find_or_create(
        committee=committee_a, name="赵阿婆", id_number=ID_1949, phones=["13912345678"]
    )
    household = register_services.household_create(committee=committee_a, building="5号楼", unit="2单元", room="301室")
    register_services.person_join_household(person=person, household=household, relation="head")
    return person


def post(client, **data):
    base = {"channel": "walk_in", "resident_name": "", "resident_phone": "", "outcome": "consultation"}
    base.update(data)
    return client.post(reverse("reception:home"), base)


def test_the_search_finds_by_pinyin_initials_and_shows_nothing_unmasked(client_of, worker_a, zhao):
    page = client_of(worker_a).post(reverse("reception:person-search"), {"q": "zap"}).content.decode()
    assert f'data-person="{zhao.pk}"' in page and "赵阿婆" in page
    assert "139****5678" in page and "1101**********002X" in page and "5号楼 2单元 301室" in page
    assert "13912345678" not in page and ID_1949 not in page


def test_the_search_is_posted_never_asked_in_an_address(client_of, worker_a, zhao):
    assert client_of(worker_a).get(reverse("reception:person-search"), {"q": "zap"}).status_code == 405


def test_the_search_never_shows_a_person_of_another_committee(client_of, worker_b, zhao):
    page = client_of(worker_b).post(reverse("reception:person-search"), {"q": "zap"}).content.decode()
    assert "赵阿婆" not in page and "名册里没有找到" in page


def test_the_search_costs_a_fixed_number_of_queries(client_of, worker_a, committee_a, django_assert_max_num_queries):
    client = client_of(worker_a)
    client.post(reverse("reception:person-search"), {"q": "zap"})  # warm the session
    for n in range(10):
        register_services.person_find_or_create(committee=committee_a, name=f"赵阿{n}", phones=[f"139{n:04d}5678"])
    with django_assert_max_num_queries(query_budgets.PERSON_SEARCH):
        response = client.post(reverse("reception:person-search"), {"q": "za"})
    page = response.content.decode()
    assert page.count('role="option"') == 8 and "还有更多" in page  # the first 8 of 10, and it says so


def test_the_desk_page_has_the_labelled_search_box(client_of, worker_a):
    page = client_of(worker_a).get(reverse("reception:home")).content.decode()
    assert '<label for="id_person_query">' in page and 'name="person"' in page and 'name="register_new"' in page


def test_a_visit_of_the_chosen_person_is_linked_and_keeps_their_phone(client_of, worker_a, zhao):
    response = post(client_of(worker_a), person=zhao.pk, resident_name="赵阿婆")
    visit = Visit.objects.get()
    assert response.status_code == 302 and visit.person == zhao
    assert visit.resident_phone == "+8613912345678"  # from the register, never in the page


def test_the_chosen_person_wins_over_a_name_and_phone_matching_someone_else(client_of, worker_a, committee_a, zhao):
    other, _c = register_services.person_find_or_create(committee=committee_a, name="赵小妹", phones=["13800001111"])
    post(client_of(worker_a), person=zhao.pk, resident_name="赵小妹", resident_phone="13800001111")
    assert Visit.objects.get().person == zhao


def test_a_person_of_another_committee_is_refused_and_nothing_is_recorded(client_of, worker_b, zhao):
    response = post(client_of(worker_b), person=zhao.pk, resident_name="赵阿婆")
    assert response.status_code == 400 and not Visit.objects.exists()
    page = response.content.decode()
    assert "所选居民不在本居委会的居民名册中" in page and 'value="赵阿婆"' in page  # nothing typed is lost


def test_a_merged_duplicate_or_a_made_up_number_is_refused(client_of, worker_a, committee_a, zhao):
    duplicate, _c = register_services.person_find_or_create(
        committee=committee_a, name="赵阿婆", phones=["13700001234"]
    )
    register_services.person_merge(keep=zhao, duplicate=duplicate, by=worker_a.user)
    client = client_of(worker_a)
    for forged in (duplicate.pk, 999999, "abc", "-1"):
        assert post(client, person=forged, resident_name="赵阿婆").status_code == 400, forged
    assert not Visit.objects.exists()


def test_registering_a_new_resident_with_the_visit_creates_person_household_and_link(client_of, worker_a, committee_a):
    area = factories.grid_area(committee_a)
    response = post(
        client_of(worker_a),
        resident_name="孙奶奶",
        resident_phone="021-6555 9876",
        id_number="110105194001010026",
        register_new="on",
        address="7号楼 1单元 502室",
        grid_area=area.pk,
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    person = Person.objects.get(name="孙奶奶")
    membership = Membership.objects.get(person=person)
    assert visit.person == person and person.committee == committee_a
    assert membership.household.address == "7号楼 1单元 502室" and membership.household.grid_area == area
    assert membership.relation == "head" and person.birth_date == dt.date(1940, 1, 1)
    assert list(person.phones.values_list("number", flat=True)) == ["+862165559876"]


def test_a_new_resident_joins_the_household_already_at_that_address(client_of, worker_a, committee_a, zhao):
    post(
        client_of(worker_a), resident_name="赵小弟", resident_phone="13600001234", register_new="on", address="5-2-301"
    )
    person = Person.objects.get(name="赵小弟")
    assert Household.objects.count() == 1
    assert person.memberships.get().household == zhao.memberships.get().household
    assert person.memberships.get().relation == "other" and Visit.objects.get().person == person


def test_registering_without_an_address_says_so_and_registers_nobody(client_of, worker_a):
    response = post(client_of(worker_a), resident_name="孙奶奶", resident_phone="13600001234", register_new="on")
    assert response.status_code == 400
    page = response.content.decode()
    assert "登记为新居民须填写地址" in page and 'value="孙奶奶"' in page and "checked" in page
    assert not Person.objects.exists() and not Visit.objects.exists() and not Household.objects.exists()


def test_a_refused_visit_registers_nobody(client_of, worker_a, committee_a):
    """All or nothing: the visit is refused after the resident would have been registered."""
    response = post(
        client_of(worker_a), resident_name="孙奶奶", register_new="on", address="7-1-502", outcome="on_the_spot"
    )
    assert response.status_code == 400
    assert not Person.objects.exists() and not Household.objects.exists() and not Visit.objects.exists()


def test_registering_a_resident_already_registered_links_the_existing_record(client_of, worker_a, zhao):
    post(
        client_of(worker_a),
        resident_name="赵阿婆",
        resident_phone="13912345678",
        register_new="on",
        address="5号楼 2单元 301室",
    )
    assert Person.objects.count() == 1 and Visit.objects.get().person == zhao
    assert zhao.memberships.count() == 1


def test_an_intake_with_a_chosen_person_stays_within_the_intake_budget(
    client_of, worker_a, zhao, django_assert_max_num_queries
):
    client = client_of(worker_a)
    post(client, person=zhao.pk, resident_name="赵阿婆")
    with django_assert_max_num_queries(query_budgets.INTAKE_POST):
        assert post(client, person=zhao.pk, resident_name="赵阿婆").status_code == 302


def test_the_person_page_lists_a_visit_recorded_from_the_search(client_of, worker_a, zhao):
    client = client_of(worker_a)
    post(client, person=zhao.pk)
    visit = Visit.objects.get()
    assert visit.resident_name == "赵阿婆"  # taken from the register when the name box was left empty
    assert visit.reference in client.get(reverse("reception:person-records", args=[zhao.pk])).content.decode()


def test_the_service_refuses_a_person_of_another_committee_whatever_the_form_let_through(committee_b, worker_b, zhao):
    with pytest.raises(ValidationError) as error:
        visit_record(
            committee=committee_b, received_by=worker_b, resident_name="赵阿婆", outcome="consultation", person=zhao
        )
    assert "person" in error.value.message_dict and not Visit.objects.exists()
