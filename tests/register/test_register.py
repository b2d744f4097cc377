"""The register's services and rules: one person once per committee, merging, scoping,
sensitive tags and their access records, ending records without deleting them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from committee.roles import Role
from register import selectors, services
from register.access import may_see_sensitive
from register.addresses import address_key, address_split
from register.choices import SENSITIVE_MASK, PersonStatus
from register.models import CareTag, Household, Membership, Person, PersonPhone, PersonTag, SensitiveTagView
from register.signals import person_merged
from tests import factories

pytestmark = pytest.mark.django_db

ID_1949 = "11010519491231002X"  # a valid ID number: born 1949-12-31, female
ID_1940 = "11010519400105001X"  # born 1940-01-05, male: 高龄


@pytest.fixture
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 25, 10, 0), tick=False)
    return dt.date(2026, 11, 25)


@pytest.fixture
def grid_worker(committee_a):
    return factories.worker(committee_a, username="grid-a", name="陈网格")


@pytest.fixture
def household(committee_a, grid_worker):
    area = factories.grid_area(committee_a, responsible=grid_worker)
    return services.household_create(
        committee=committee_a, grid_area=area, building="5号楼", unit="2单元", room="301室"
    )


@pytest.fixture
def resident(household, today):
    person, _created = services.person_find_or_create(
        committee=household.committee, name="赵阿婆", id_number=ID_1949, phones=["13912345678"]
    )
    services.person_join_household(person=person, household=household, relation="head")
    return person


def disabled():
    return CareTag.objects.get(code="disabled")


def test_it_matches_the_ways_committees_write_an_address():
    assert address_key("5号楼", "2单元", "301室") == address_key("5", "2", "301") == "5-2-301"
    assert address_key("５幢", " 2 ", "301") == "5-2-301"
    assert address_split("5号楼 2单元 301室") == ("5", "2", "301")
    assert address_split("5-2-301") == ("5", "2", "301")


def test_it_derives_birth_date_and_sex_from_the_id_number_and_stores_it_masked(resident):
    assert resident.birth_date == dt.date(1949, 12, 31)
    assert resident.sex == "female"
    assert resident.id_number_masked == "1101**********002X"
    assert ID_1949 not in resident.id_number_encrypted


def test_it_finds_a_person_again_by_id_number(resident):
    again, created = services.person_find_or_create(
        committee=resident.committee, name="赵 阿婆", id_number=ID_1949.lower(), phones=["021-6555 1234"]
    )
    assert not created and again.pk == resident.pk
    assert set(again.phones.values_list("number", flat=True)) == {"+8613912345678", "+862165551234"}


def test_it_finds_a_person_again_by_name_and_phone(resident):
    again, created = services.person_find_or_create(
        committee=resident.committee, name="赵阿婆", phones=["139 1234 5678"]
    )
    assert not created and again.pk == resident.pk
    other, created = services.person_find_or_create(committee=resident.committee, name="钱阿公", phones=["13912345678"])
    assert created and other.pk != resident.pk


def test_a_namesake_with_the_same_phone_but_another_id_number_is_another_person(resident):
    other, created = services.person_find_or_create(
        committee=resident.committee, name="赵阿婆", id_number=ID_1940, phones=["13912345678"]
    )
    assert created and other.pk != resident.pk


def test_the_same_id_number_in_another_committee_is_another_person(resident, committee_b):
    other, created = services.person_find_or_create(committee=committee_b, name="赵阿婆", id_number=ID_1949)
    assert created and other.pk != resident.pk


def test_it_refuses_a_bad_id_number_or_phone_and_stores_nothing(committee_a):
    with pytest.raises(ValidationError) as error:
        services.person_find_or_create(committee=committee_a, name="孙", id_number="110105194912310021")
    assert "id_number" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.person_find_or_create(committee=committee_a, name="孙", phones=["12345"])
    assert "phones" in error.value.message_dict
    assert not Person.objects.exists()


def test_it_accepts_a_landline_with_an_extension(committee_a):
    person, _created = services.person_find_or_create(committee=committee_a, name="孙", phones=["021-6555 1234 转 8"])
    phone = person.phones.get()
    assert (phone.number, phone.kind) == ("+862165551234x8", "landline")


def test_merge_moves_every_link_and_keeps_the_duplicate(resident, household, grid_worker, today, committee_a):
    duplicate, _created = services.person_find_or_create(committee=committee_a, name="赵阿婆", phones=["13800001111"])
    other_home = services.household_create(committee=committee_a, building="6", unit="1", room="101")
    services.person_join_household(person=duplicate, household=other_home, relation="head")
    services.person_tag_add(person=resident, tag=disabled(), by=grid_worker.user, reason="残疾证")
    director = factories.worker(committee_a, role=Role.DIRECTOR)
    services.person_tag_add(person=duplicate, tag=disabled(), by=director.user, reason="重复登记")
    services.person_tag_add(
        person=duplicate, tag=CareTag.objects.get(code="veteran"), by=director.user, reason="退役证"
    )
    heard = []
    person_merged.connect(lambda **kw: heard.append((kw["keep"].pk, kw["duplicate"].pk)), weak=False)

    kept = services.person_merge(keep=resident, duplicate=duplicate, by=director.user)

    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into_id) == (PersonStatus.MERGED, kept.pk)
    assert heard == [(kept.pk, duplicate.pk)]
    assert not Membership.objects.filter(person=duplicate).exists()
    assert Membership.objects.filter(person=kept).count() == 2
    assert Membership.objects.get(person=kept, ended_on__isnull=True).household == household
    assert set(PersonPhone.objects.filter(person=kept).values_list("number", flat=True)) == {
        "+8613912345678",
        "+8613800001111",
    }
    assert PersonTag.objects.filter(person=kept).count() == 3
    assert sorted(kept.tags.current().values_list("tag__code", flat=True)) == ["disabled", "veteran"]
    # History: the membership's row records its earlier person.
    moved = Membership.objects.get(person=kept, household=other_home)
    assert moved.history.earliest().person_id == duplicate.pk
    assert Person.objects.filter(pk=duplicate.pk).exists()
    # A merged duplicate is never found again; the kept record is.
    found, created = services.person_find_or_create(committee=committee_a, name="赵阿婆", phones=["13800001111"])
    assert not created and found.pk == kept.pk


def test_merge_takes_the_id_number_the_kept_record_lacks(resident, committee_a, director_a):
    keep, _created = services.person_find_or_create(committee=committee_a, name="赵阿婆", phones=["13800001111"])
    services.person_merge(keep=keep, duplicate=resident, by=director_a.user)
    keep.refresh_from_db()
    assert keep.id_number_masked == "1101**********002X" and keep.birth_date == dt.date(1949, 12, 31)


def test_merge_refuses_people_of_two_committees(resident, committee_b, director_a):
    other, _created = services.person_find_or_create(committee=committee_b, name="赵阿婆")
    with pytest.raises(ValidationError):
        services.person_merge(keep=resident, duplicate=other, by=director_a.user)


def test_committee_b_sees_nothing_of_committee_a(resident, household, worker_b, grid_worker):
    services.person_tag_add(person=resident, tag=disabled(), by=grid_worker.user, reason="残疾证")
    for model in (Household, Person, Membership, PersonPhone, PersonTag):
        assert model.objects.visible_to(grid_worker.user).exists()
        assert not model.objects.visible_to(worker_b.user).exists()
    assert not selectors.household_list(user=worker_b.user).exists()


def test_sensitive_tags_are_masked_for_a_desk_worker_who_is_not_the_grid_worker(resident, grid_worker, worker_a):
    services.person_tag_add(person=resident, tag=disabled(), by=grid_worker.user, reason="残疾证")
    shown = selectors.person_tags(user=worker_a.user, person=resident)
    assert not shown.full
    assert [tag.label for tag in shown.current] == [str(SENSITIVE_MASK)]


def test_sensitive_tags_are_shown_to_the_grid_worker_and_the_director(resident, grid_worker, director_a, worker_b):
    services.person_tag_add(person=resident, tag=disabled(), by=director_a.user, reason="残疾证")
    for viewer in (grid_worker, director_a):
        assert may_see_sensitive(viewer.user, resident)
        assert [tag.label for tag in selectors.person_tags(user=viewer.user, person=resident).current] == ["残疾"]
    assert not may_see_sensitive(worker_b.user, resident)


def test_a_desk_worker_cannot_tag_people_outside_their_grid_area(resident, worker_a):
    with pytest.raises(PermissionDenied):
        services.person_tag_add(person=resident, tag=disabled(), by=worker_a.user, reason="x")


def test_ending_a_tag_keeps_it_with_who_and_why(resident, grid_worker, today):
    person_tag = services.person_tag_add(person=resident, tag=disabled(), by=grid_worker.user, reason="残疾证")
    services.person_tag_end(person_tag=person_tag, by=grid_worker.user, reason="复核不符")
    person_tag.refresh_from_db()
    assert (person_tag.ended_on, person_tag.ended_by, person_tag.end_reason) == (today, grid_worker.user, "复核不符")
    assert not resident.tags.current().exists()
    assert person_tag.history.count() == 2
    shown = selectors.person_tags(user=grid_worker.user, person=resident)
    assert [tag.label for tag in shown.ended] == ["残疾"]
    # It can be set again, as a new row.
    services.person_tag_add(person=resident, tag=disabled(), by=grid_worker.user, reason="重新认定")
    assert resident.tags.count() == 2


def test_advanced_age_is_computed_from_the_birth_date(resident, time_machine):
    time_machine.move_to(dt.datetime(2029, 12, 30, 10, 0), tick=False)
    assert not resident.is_advanced_age()
    time_machine.move_to(dt.datetime(2029, 12, 31, 10, 0), tick=False)
    assert resident.is_advanced_age()


def test_moving_out_ends_the_active_record_and_the_membership(resident, today):
    services.person_leave(person=resident, status=PersonStatus.MOVED_OUT, on=today)
    resident.refresh_from_db()
    assert (resident.status, resident.moved_out_on) == (PersonStatus.MOVED_OUT, today)
    assert not Membership.objects.current().filter(person=resident).exists()
    assert Membership.objects.filter(person=resident, ended_on=today).exists()


def test_death_ends_the_active_record(resident, today):
    services.person_leave(person=resident, status=PersonStatus.DIED, on=today)
    resident.refresh_from_db()
    assert (resident.status, resident.died_on) == (PersonStatus.DIED, today)
    assert not Person.objects.active().filter(pk=resident.pk).exists()
    with pytest.raises(ValidationError):
        services.person_leave(person=resident, status=PersonStatus.MOVED_OUT, on=today)


def test_a_household_with_members_cannot_be_ended(household, resident, today):
    with pytest.raises(ValidationError):
        services.household_end(household=household)
    services.person_leave(person=resident, status=PersonStatus.DIED, on=today)
    assert services.household_end(household=household).status == "ended"


def test_household_list_filters_by_tag_and_advanced_age(resident, household, committee_a, grid_worker, today):
    empty = services.household_create(committee=committee_a, building="7", unit="1", room="101")
    assert not selectors.household_list(user=grid_worker.user, tag="advanced_age").exists()  # 76
    elder, _created = services.person_find_or_create(committee=committee_a, name="钱阿公", id_number=ID_1940)
    services.person_join_household(person=elder, household=household, relation="spouse")
    assert list(selectors.household_list(user=grid_worker.user, tag="advanced_age")) == [household]
    assert not selectors.household_list(user=grid_worker.user, tag=str(disabled().pk)).exists()
    services.person_tag_add(person=resident, tag=disabled(), by=grid_worker.user, reason="残疾证")
    assert list(selectors.household_list(user=grid_worker.user, tag=str(disabled().pk))) == [household]
    assert empty in selectors.household_list(user=grid_worker.user)


def test_sensitive_view_records_are_scoped(resident, grid_worker, worker_b):
    from register.access import sensitive_view_record

    sensitive_view_record(viewer=grid_worker.user, person=resident)
    assert SensitiveTagView.objects.visible_to(grid_worker.user).count() == 1
    assert not SensitiveTagView.objects.visible_to(worker_b.user).exists()


def test_filtering_by_a_sensitive_tag_reveals_nobody_outside_the_users_grid_areas(
    resident, household, grid_worker, worker_a, director_a, street_admin_a
):
    services.person_tag_add(person=resident, tag=disabled(), by=grid_worker.user, reason="残疾证")
    tag = str(disabled().pk)
    assert list(selectors.household_list(user=grid_worker.user, tag=tag)) == [household]
    assert list(selectors.household_list(user=director_a.user, tag=tag)) == [household]
    assert not selectors.household_list(user=worker_a.user, tag=tag).exists()
    assert not selectors.household_list(user=street_admin_a.user, tag=tag).exists()
    offered = dict(selectors.tag_choices(user=worker_a.user, committee=resident.committee))
    assert tag not in offered and str(CareTag.objects.get(code="veteran").pk) in offered
