"""The desk's search of the register (register.search.person_search): a phone, whole or
its tail, a landline too; an ID number (lower-case x, old 15 digits); a name or its
beginning; its pinyin initials; several words together. Current people first, departed
ones marked, merged duplicates never; one committee only."""

import datetime as dt

import pytest

from register import services
from register.choices import PersonStatus
from register.models import CareTag, Person
from register.search import person_search, search_condition
from tests import factories
from utilities.bulk import copy_insert

pytestmark = pytest.mark.django_db

ID_1949 = "11010519491231002X"
ID_1940 = "110105194001010026"  # 86 on the pinned day: 高龄
ID_1980_15 = "110105800101001"  # an old 15-digit number: 110105 19800101 001 + its check character


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 25, 10, 0), tick=False)


@pytest.fixture
def zhao(committee_a):
    person, _created = services.person_find_or_create(
        committee=committee_a, name="赵阿婆", id_number=ID_1949, phones=["13912345678"]
    )
    return person


@pytest.fixture
def qian(committee_a):
    person, _created = services.person_find_or_create(
        committee=committee_a, name="钱大伯", phones=["021-6555 1234 转 8", "13800001111"]
    )
    return person


@pytest.fixture
def zhang(committee_a):
    person, _created = services.person_find_or_create(committee=committee_a, name="张爱萍", phones=["13900005678"])
    return person


def names(committee, query):
    return [row.person.name for row in person_search(committee=committee, query=query)]


def test_initials_are_kept_whatever_writes_the_name(committee_a, zhao):
    assert zhao.name_initials == "zap"
    services.person_update(person=zhao, name="赵大妈")
    assert Person.objects.get(pk=zhao.pk).name_initials == "zdm"
    zhao.name = "孙阿婆"
    zhao.save(update_fields=["name"])
    assert Person.objects.get(pk=zhao.pk).name_initials == "sap"
    # Bulk writers (an import, generated data) too: they call the field's pre_save.
    Person.objects.bulk_create([Person(committee=committee_a, name="钱大伯")])
    copy_insert(Person, [Person(committee=committee_a, name="孙奶奶")])
    assert set(Person.objects.values_list("name_initials", flat=True)) == {"sap", "qdb", "snn"}


def test_it_finds_by_a_whole_mobile_in_any_spelling(committee_a, zhao, qian):
    for typed in ("13912345678", "139 1234 5678", "+86 139-1234-5678", "１３９１２３４５６７８"):
        assert names(committee_a, typed) == ["赵阿婆"], typed
    assert search_condition("13912345678")[1] == ["phone"]


def test_it_finds_by_a_landline_with_or_without_area_code_and_extension(committee_a, zhao, qian):
    assert names(committee_a, "021-6555 1234") == ["钱大伯"]
    assert names(committee_a, "(021)65551234转8") == ["钱大伯"]
    assert names(committee_a, "65551234") == ["钱大伯"]  # the last digits, before the extension


def test_it_finds_by_the_last_four_or_more_digits_of_a_phone(committee_a, zhao, qian, zhang):
    assert names(committee_a, "5678") == ["张爱萍", "赵阿婆"]  # shorter names first, then by name
    assert names(committee_a, "45678") == ["赵阿婆"]
    assert names(committee_a, "1111") == ["钱大伯"]
    assert names(committee_a, "678") == []  # three digits are no search


def test_it_finds_by_an_id_number_in_either_case_never_storing_it(committee_a, zhao, qian):
    assert names(committee_a, ID_1949) == ["赵阿婆"]
    assert names(committee_a, ID_1949.lower()) == ["赵阿婆"]
    assert names(committee_a, "110105 19491231 002x") == ["赵阿婆"]
    assert search_condition(ID_1949)[1] == ["id"]


def test_it_finds_an_old_fifteen_digit_id_number_as_its_eighteen_digit_form(committee_a):
    services.person_find_or_create(committee=committee_a, name="孙伯伯", id_number="110105198001010016")
    assert names(committee_a, ID_1980_15) == ["孙伯伯"]


def test_it_finds_by_a_name_or_its_beginning_exact_first(committee_a, zhao, qian):
    services.person_find_or_create(committee=committee_a, name="赵阿婆婆", phones=["13700001234"])
    assert names(committee_a, "赵阿婆") == ["赵阿婆", "赵阿婆婆"]
    assert names(committee_a, "赵") == ["赵阿婆", "赵阿婆婆"]
    assert names(committee_a, "钱") == ["钱大伯"]
    assert names(committee_a, "阿婆") == []  # the beginning of a name, not any part of it


def test_it_finds_by_pinyin_initials_in_either_case(committee_a, zhao, qian, zhang):
    assert names(committee_a, "zap") == ["张爱萍", "赵阿婆"]  # 张爱萍 is zap too
    assert names(committee_a, "ZA") == ["张爱萍", "赵阿婆"]
    assert names(committee_a, "qdb") == ["钱大伯"]
    assert search_condition("zap")[1] == ["initials"]


def test_words_together_narrow_each_other(committee_a, zhao, zhang):
    assert names(committee_a, "zap 5678") == ["张爱萍", "赵阿婆"]
    assert names(committee_a, "zap 45678") == ["赵阿婆"]
    assert names(committee_a, "赵 zap") == ["赵阿婆"]
    assert names(committee_a, "zap 钱") == []
    assert names(committee_a, "zap ???") == []  # a word that means nothing finds nobody


def test_nothing_to_go_by_finds_nobody(committee_a, zhao):
    for typed in ("", "  ", "?", "12", "%", "z%", "_", "' OR 1=1 --", "\x00"):
        assert person_search(committee=committee_a, query=typed) == [], typed


def test_current_people_come_first_departed_ones_marked_merged_never(committee_a, zhao):
    gone, _c = services.person_find_or_create(committee=committee_a, name="赵阿宝", phones=["13900000001"])
    services.person_leave(person=gone, status=PersonStatus.MOVED_OUT, on=dt.date(2026, 1, 1))
    duplicate, _c = services.person_find_or_create(committee=committee_a, name="赵阿彪", phones=["13900000002"])
    services.person_merge(keep=zhao, duplicate=duplicate, by=factories.worker(committee_a, username="m").user)
    found = person_search(committee=committee_a, query="赵阿")
    assert [row.person.name for row in found] == ["赵阿婆", "赵阿宝"]
    assert [row.is_current for row in found] == [True, False]


def test_it_never_finds_a_person_of_another_committee(committee_a, committee_b, zhao):
    assert names(committee_b, "zap") == []
    assert names(committee_b, "13912345678") == []
    assert names(committee_b, "5678") == []
    assert names(committee_b, ID_1949) == []
    assert names(committee_b, "赵阿婆") == []


def test_a_line_shows_masked_phone_and_id_address_and_only_tags_that_are_not_sensitive(committee_a):
    grid_worker = factories.worker(committee_a, username="grid")
    area = factories.grid_area(committee_a, responsible=grid_worker)
    _household, person, _tag = factories.register_records(committee_a, area, grid_worker, name="赵阿婆")
    services.person_update(person=person, name="赵阿婆", id_number=ID_1940)
    services.person_tag_add(person=person, tag=CareTag.objects.get(code="veteran"), by=grid_worker.user, reason="证")
    (row,) = person_search(committee=committee_a, query="zap")
    assert row.phone_masked == "139****5678" and row.id_masked == "1101**********0026"
    assert row.address.endswith("1单元 101室") and row.grid_area_id == area.pk
    assert "低保" not in row.tags and "退役军人" in row.tags and "高龄" in row.tags


def test_a_search_costs_four_queries_however_many_are_found(committee_a, django_assert_num_queries):
    for n in range(12):
        services.person_find_or_create(committee=committee_a, name=f"赵阿{n}", phones=[f"139{n:04d}1234"])
    with django_assert_num_queries(4):
        assert len(person_search(committee=committee_a, query="za")) == 8
    with django_assert_num_queries(4):
        person_search(committee=committee_a, query="1234")


def test_the_migration_fills_the_initials_of_people_already_registered(committee_a, zhao):
    """register/migrations/*_person_search.py, found by its name (the lead renumbers)."""
    import importlib
    from pathlib import Path

    from django.apps import apps

    import register.migrations

    (path,) = Path(register.migrations.__file__).parent.glob("*_person_search.py")
    migration = importlib.import_module(f"register.migrations.{path.stem}")
    Person.objects.update(name_initials="")
    Person.history.update(name_initials="")
    migration.fill_initials(apps, None)
    assert Person.objects.get().name_initials == "zap"
    assert set(Person.history.values_list("name_initials", flat=True)) == {"zap"}
