"""The grid worker's households (我的片区), the printed 分片包干名册 and the director's counts:
scoping, masking and access records of sensitive tags, filters, fixed query counts, and
counts checked against a count made here independently."""

import datetime as dt
from collections import Counter

import pytest
from django.urls import reverse

from register.choices import SENSITIVE_MASK, PersonStatus
from register.models import CareTag, Person, SensitiveTagView
from register.services import (
    household_create,
    person_find_or_create,
    person_join_household,
    person_leave,
    person_tag_add,
)
from tests import factories

from .. import query_budgets

pytestmark = pytest.mark.django_db

GRID_LIST = reverse("register:grid-list")
GRID_PRINT = reverse("register:grid-print")
COUNTS = reverse("register:counts")


@pytest.fixture
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 25, 10, 0), tick=False)
    return dt.date(2026, 11, 25)


@pytest.fixture
def grid_worker(committee_a):
    return factories.worker(committee_a, username="grid-a", name="陈网格")


@pytest.fixture
def colleague(committee_a):
    return factories.worker(committee_a, username="grid-a2", name="李网格")


def resident(committee, household, name, phone, *, born=None, relation="head", tags=(), by):
    person, _created = person_find_or_create(committee=committee, name=name, phones=[phone], birth_date=born)
    person_join_household(person=person, household=household, relation=relation)
    for code in tags:
        person_tag_add(person=person, tag=CareTag.objects.get(code=code), by=by.user, reason="台账")
    return person


@pytest.fixture
def world(today, committee_a, grid_worker, colleague, director_a):
    """Two grid areas of A: the grid worker's (a 低保 household, an 86-year-old living
    alone in building 10 after building 2) and a colleague's (a 残疾 resident)."""
    mine = factories.grid_area(committee_a, responsible=grid_worker, name="第一片区")
    theirs = factories.grid_area(committee_a, responsible=colleague, name="第二片区")
    h10 = household_create(committee=committee_a, grid_area=mine, building="10号楼", unit="1单元", room="101室")
    h2 = household_create(committee=committee_a, grid_area=mine, building="2号楼", unit="1单元", room="302室")
    h_other = household_create(committee=committee_a, grid_area=theirs, building="30号楼", unit="", room="501室")
    people = {
        "zhao": resident(committee_a, h2, "赵低保", "13912345678", tags=["dibao"], by=grid_worker),
        "zhao_child": resident(committee_a, h2, "赵小", "13912340000", relation="child", by=grid_worker),
        "qian": resident(
            committee_a, h10, "钱阿婆", "021-65551234", born=dt.date(1940, 3, 1), tags=["living_alone"], by=grid_worker
        ),
        "sun": resident(committee_a, h_other, "孙残疾", "13812345678", tags=["disabled"], by=colleague),
    }
    return {"mine": mine, "theirs": theirs, "h2": h2, "h10": h10, "h_other": h_other, **people}


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_grid_worker_sees_their_households_in_address_order_with_members_and_masked_phones(
    client_of, grid_worker, world
):
    html = page(client_of(grid_worker), GRID_LIST)
    assert html.index("2号楼 1单元 302室") < html.index("10号楼 1单元 101室")  # 2 before 10
    assert "赵低保" in html and "赵小" in html and "钱阿婆" in html and "孙残疾" not in html
    assert "139****5678" in html and "13912345678" not in html and "021-****1234" in html
    assert "户主" in html and "子女" in html and "86" in html  # relation, age


def test_the_grid_worker_sees_sensitive_tags_in_full_and_each_person_shown_is_recorded(client_of, grid_worker, world):
    client = client_of(grid_worker)
    html = page(client, GRID_LIST)
    assert '<span class="badge">低保</span>' in html and str(SENSITIVE_MASK) not in html
    assert '<span class="badge">高龄</span>' in html and '<span class="badge">独居老人</span>' in html
    # Only the person with a sensitive tag, once per list shown.
    assert list(SensitiveTagView.objects.values_list("person__name", "viewer__username")) == [("赵低保", "grid-a")]
    page(client, GRID_PRINT)
    assert SensitiveTagView.objects.filter(person=world["zhao"]).count() == 2


def test_a_worker_opening_a_colleagues_area_sees_sensitive_tags_masked_and_nothing_is_recorded(
    client_of, grid_worker, world
):
    client = client_of(grid_worker)
    for url in (GRID_LIST, GRID_PRINT):
        html = page(client, url, area=world["theirs"].pk)
        assert "孙残疾" in html and str(SENSITIVE_MASK) in html
        assert '<span class="badge">残疾</span>' not in html
    assert not SensitiveTagView.objects.exists()


def test_the_director_opens_any_area_of_theirs_with_sensitive_tags_in_full(client_of, director_a, world):
    client = client_of(director_a)
    html = page(client, GRID_LIST)  # responsible for none: every area of the committee
    assert "赵低保" in html and "孙残疾" in html and str(SENSITIVE_MASK) not in html
    html = page(client, GRID_PRINT, area=world["theirs"].pk)
    assert "孙残疾" in html and "赵低保" not in html
    assert SensitiveTagView.objects.filter(viewer=director_a.user).count() == 3


def test_a_worker_responsible_for_no_area_gets_an_empty_list_that_says_why(client_of, worker_a, world):
    client = client_of(worker_a)
    html = page(client, GRID_LIST)
    assert "不是任何片区的包干责任人" in html and "赵低保" not in html
    html = page(client, GRID_PRINT)
    assert "没有要打印的户" in html and "赵低保" not in html


def test_another_committee_gets_404_for_an_area_of_a_and_sees_none_of_its_households(client_of, worker_b, world):
    director_b = factories.worker(worker_b.committee, role="director", username="director-b")
    for someone in (worker_b, director_b):
        client = client_of(someone)
        for url in (GRID_LIST, GRID_PRINT):
            assert client.get(url, {"area": world["mine"].pk}).status_code == 404
            assert "赵低保" not in client.get(url).content.decode()
    assert "第一片区" not in client_of(director_b).get(COUNTS).content.decode()
    assert not SensitiveTagView.objects.exists()


def test_the_list_filters_by_tag_by_person_status_and_by_household_status(
    client_of, grid_worker, world, committee_a, today
):
    client = client_of(grid_worker)
    living_alone = CareTag.objects.get(code="living_alone")
    html = page(client, GRID_LIST, tag=living_alone.pk)
    assert "钱阿婆" in html and "赵低保" not in html
    html = page(client, GRID_LIST, tag="advanced_age")
    assert "钱阿婆" in html and "赵低保" not in html
    person_leave(person=world["zhao_child"], status=PersonStatus.MOVED_OUT, on=today)
    html = page(client, GRID_LIST)
    assert "赵小" not in html and "赵低保" in html
    html = page(client, GRID_LIST, person_status="moved_out")
    assert "赵小" in html and "已迁出" in html and "钱阿婆" not in html
    assert "赵小" not in page(client, GRID_LIST, person_status="died")
    from register.services import household_end

    person_leave(person=world["qian"], status=PersonStatus.DIED, on=today)
    assert "钱阿婆" in page(client, GRID_LIST, person_status="died")
    household_end(household=world["h10"])
    assert "钱阿婆" not in page(client, GRID_LIST)
    assert "10号楼 1单元 101室" in page(client, GRID_LIST, household_status="ended")


def test_a_bad_filter_value_is_shown_and_the_list_still_answers(client_of, grid_worker, world):
    response = client_of(grid_worker).get(GRID_LIST, {"tag": "999999", "person_status": "<x>", "page": "zz"})
    assert response.status_code == 200 and "赵低保" in response.content.decode()


def test_the_printed_roll_has_its_title_worker_date_buildings_and_a_signature_line(
    client_of, grid_worker, world, committee_a
):
    html = page(client_of(grid_worker), GRID_PRINT)
    assert f"{committee_a.name} 第一片区 分片包干名册" in html
    assert "陈网格" in html and "2026-11-25" in html and "包干责任人签字" in html and "data-print" in html
    assert html.index("<h2>2号楼</h2>") < html.index("<h2>10号楼</h2>")
    assert "13912345678" not in html and "139****5678" in html and "孙残疾" not in html


def test_the_grid_list_and_the_roll_cost_the_same_number_of_queries_with_more_rows(
    client_of, grid_worker, world, committee_a, django_assert_num_queries
):
    client = client_of(grid_worker)
    client.get(GRID_LIST)  # warm the session
    with django_assert_num_queries(query_budgets.REGISTER_GRID_LIST):
        client.get(GRID_LIST)
    with django_assert_num_queries(query_budgets.REGISTER_GRID_PRINT):
        client.get(GRID_PRINT)
    for n in range(6):
        household = household_create(
            committee=committee_a, grid_area=world["mine"], building=f"{n + 3}号楼", unit="2单元", room="101室"
        )
        resident(committee_a, household, f"居民{n}", f"1391234100{n}", tags=["dibao", "veteran"], by=grid_worker)
        resident(committee_a, household, f"居民{n}乙", f"1391234200{n}", relation="spouse", by=grid_worker)
    with django_assert_num_queries(query_budgets.REGISTER_GRID_LIST):
        html = client.get(GRID_LIST).content.decode()
    assert "居民5乙" in html
    with django_assert_num_queries(query_budgets.REGISTER_GRID_PRINT):
        client.get(GRID_PRINT)
    assert SensitiveTagView.objects.filter(person__name="居民5").count() == 2


def independent_counts(committee, today):
    """The counts the director's table should show, counted person by person here."""
    born_by = today.replace(year=today.year - 80)
    households, people, old, tags = Counter(), Counter(), Counter(), Counter()
    for person in Person.objects.filter(committee=committee, status="active"):
        membership = person.memberships.filter(ended_on__isnull=True, household__status="active").first()
        if membership is None:
            continue
        area = membership.household.grid_area_id
        people[area] += 1
        old[area] += bool(person.birth_date and person.birth_date <= born_by)
        for person_tag in person.tags.filter(ended_on__isnull=True):
            tags[(area, person_tag.tag_id)] += 1
    for household in committee.households.filter(status="active"):
        households[household.grid_area_id] += 1
    return households, people, old, tags


def test_the_directors_counts_match_a_fresh_count_and_link_to_the_list(
    client_of, director_a, grid_worker, world, committee_a, today
):
    person_leave(person=world["zhao_child"], status=PersonStatus.DIED, on=today)
    household_create(committee=committee_a, grid_area=None, building="99号楼", room="1室")
    from register.selectors import register_counts

    counts = register_counts(committee=committee_a, today=today)
    households, people, old, tags = independent_counts(committee_a, today)
    assert [row.area.pk if row.area else None for row in counts.rows] == [world["mine"].pk, world["theirs"].pk, None]
    for row in counts.rows:
        area = row.area.pk if row.area else None
        assert (row.households, row.people, row.advanced_age) == (households[area], people[area], old[area])
        assert {tag.pk: n for tag, n in row.by_tag} == {tag.pk: tags[(area, tag.pk)] for tag in counts.tags}
    assert counts.total.households == 4 and counts.total.people == 3
    html = page(client_of(director_a), COUNTS)
    dibao = CareTag.objects.get(code="dibao")
    assert f'?area={world["mine"].pk}&amp;tag={dibao.pk}">1</a>' in html
    assert f'?area={world["mine"].pk}&amp;tag=advanced_age">1</a>' in html


def test_the_counts_page_costs_the_same_with_more_areas_and_is_the_directors_only(
    client_of, director_a, worker_a, street_admin_a, grid_worker, world, committee_a, django_assert_num_queries
):
    client = client_of(director_a)
    client.get(COUNTS)
    with django_assert_num_queries(query_budgets.REGISTER_COUNTS):
        client.get(COUNTS)
    area = factories.grid_area(committee_a, responsible=grid_worker)
    household = household_create(committee=committee_a, grid_area=area, building="1号楼", room="1室")
    resident(committee_a, household, "周退役", "13912349999", tags=["veteran", "tekun"], by=director_a)
    with django_assert_num_queries(query_budgets.REGISTER_COUNTS):
        assert "周退役" not in client.get(COUNTS).content.decode()
    assert client_of(worker_a).get(COUNTS).status_code == 403
    assert client_of(street_admin_a).get(COUNTS).status_code == 403
