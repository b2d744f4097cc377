"""The carework pages: the worker's list, the record form, the director's plans and coverage."""

import datetime as dt

import pytest
from django.urls import reverse

from carework.choices import DueStatus
from carework.models import CarePlan, HomeVisit
from carework.selectors import care_due
from casework.models import Case
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(working_day):
    return working_day.date()


@pytest.fixture
def planned(day, committee_a, plan, resident, worker_a, director_a):
    """Two areas: worker_a's (east) and a colleague's (west), each with a person due."""
    plan("living_alone", 7, started_on=day - dt.timedelta(days=30))
    colleague = factories.worker(committee_a, username="colleague", name="同事")
    west = factories.grid_area(committee_a, responsible=colleague, name="西片")
    mine = resident("东居民", tags=["living_alone"], building="2号楼")
    theirs = resident("西居民", tags=["living_alone"], area=west)
    return mine, theirs, west


def test_the_worker_sees_their_own_areas_due_visits(client_of, worker_a, planned):
    mine, theirs, _west = planned
    page = client_of(worker_a).get(reverse("carework:today")).content.decode()
    assert "东居民" in page and "西居民" not in page
    assert reverse("carework:visit-new", args=[mine.pk]) in page


def test_the_director_sees_every_area_and_filters_by_area(client_of, director_a, planned):
    mine, theirs, west = planned
    client = client_of(director_a)
    page = client.get(reverse("carework:today")).content.decode()
    assert "东居民" in page and "西居民" in page
    page = client.get(reverse("carework:today"), {"area": west.pk}).content.decode()
    assert "东居民" not in page and "西居民" in page


def test_the_list_is_ordered_by_area_then_building(client_of, director_a, day, resident, planned):
    resident("东一号楼", tags=["living_alone"], building="1号楼")
    page = client_of(director_a).get(reverse("carework:today")).content.decode()
    assert page.index("东一号楼") < page.index("东居民") < page.index("西居民")


def test_a_worker_records_a_visit_that_raises_a_case_and_the_person_leaves_the_list(
    client_of, worker_a, planned, line_civil
):
    mine, _theirs, _west = planned
    client = client_of(worker_a)
    form = client.get(reverse("carework:visit-new", args=[mine.pk]))
    client_id = form.context["form"]["client_id"].value()
    data = {
        "client_id": client_id,
        "outcome": "seen",
        "condition": "fair",
        "needs": "卫生间扶手松动",
        "follow_up": "case",
        "case_title": "安装扶手",
        "case_line": line_civil.pk,
    }
    response = client.post(reverse("carework:visit-new", args=[mine.pk]), data)
    assert response.status_code == 302
    client.post(reverse("carework:visit-new", args=[mine.pk]), data)  # a double submit
    assert HomeVisit.objects.filter(person=mine).count() == 1
    case = Case.objects.get()
    assert case.source == "home_visit" and case.person == mine and case.first_responder == worker_a
    assert "东居民" not in client.get(reverse("carework:today")).content.decode()


def test_a_case_without_a_title_keeps_what_was_typed(client_of, worker_a, planned):
    mine, _theirs, _west = planned
    client = client_of(worker_a)
    url = reverse("carework:visit-new", args=[mine.pk])
    response = client.post(
        url,
        {
            "client_id": "6f1c0c52-3a55-4d4c-9d8e-0c4c1f8a2b11",
            "outcome": "seen",
            "needs": "要修门",
            "follow_up": "case",
        },
    )
    assert response.status_code == 400
    assert "要修门" in response.content.decode()
    assert not HomeVisit.objects.exists()


def test_a_worker_covers_a_colleagues_area(client_of, worker_a, planned):
    _mine, theirs, _west = planned
    client = client_of(worker_a)
    response = client.post(
        reverse("carework:visit-new", args=[theirs.pk]),
        {"client_id": "6f1c0c52-3a55-4d4c-9d8e-0c4c1f8a2b12", "outcome": "not_home"},
    )
    assert response.status_code == 302
    assert HomeVisit.objects.get().worker == worker_a.user


def test_another_committees_worker_and_director_cannot_reach_a_person(client_of, committee_b, worker_b, planned):
    mine, _theirs, _west = planned
    director_b = factories.worker(committee_b, role="director", username="director-b")
    for who in (worker_b, director_b):
        client = client_of(who)
        url = reverse("carework:visit-new", args=[mine.pk])
        assert client.get(url).status_code == 404
        data = {"client_id": "6f1c0c52-3a55-4d4c-9d8e-0c4c1f8a2b13", "outcome": "seen"}
        assert client.post(url, data).status_code == 404
        assert "东居民" not in client.get(reverse("carework:today")).content.decode()
    client = client_of(director_b)
    assert "东居民" not in client.get(reverse("carework:today"), {"status": "overdue"}).content.decode()
    coverage = client.get(reverse("carework:coverage"))
    assert coverage.context["coverage"].total.planned == 0
    assert "东片" not in coverage.content.decode()
    assert not HomeVisit.objects.exists()


def test_the_director_sets_and_changes_a_plan_with_history(client_of, director_a, day):
    from register.models import CareTag

    client = client_of(director_a)
    tag = CareTag.objects.get(code="living_alone")
    assert (
        client.post(reverse("carework:plans"), {"target": tag.pk, "interval_days": 7, "active": "on"}).status_code
        == 302
    )
    assert (
        client.post(reverse("carework:plans"), {"target": tag.pk, "interval_days": 14, "active": "on"}).status_code
        == 302
    )
    plan = CarePlan.objects.get()
    assert plan.interval_days == 14
    assert [h.interval_days for h in plan.history.order_by("history_date")] == [7, 14]
    page = client.get(reverse("carework:plans")).content.decode()
    assert "独居" in page
    assert client.post(reverse("carework:plans"), {"target": "advanced_age", "interval_days": 400}).status_code == 400
    assert client.post(reverse("carework:plans"), {"target": "999999", "interval_days": 7}).status_code == 400


def test_the_coverage_figures_match_a_fresh_count(client_of, director_a, day, time_machine, resident, plan, visit):
    from tests.carework.conftest import at

    plan(None, 30, started_on=day - dt.timedelta(days=60))
    plan("dibao", 91, started_on=day - dt.timedelta(days=60))
    people = [
        resident(f"居民{n}", tags=["dibao"] if n % 2 else [], birth_date=dt.date(1930 + n, 1, 1)) for n in range(8)
    ]
    visit(people[0], day - dt.timedelta(days=3))  # 高龄 30: visited
    visit(people[1], day - dt.timedelta(days=29))  # dibao 91 and 高龄 30: due tomorrow, visited
    visit(people[2], day - dt.timedelta(days=30))  # due today
    visit(people[3], day - dt.timedelta(days=40))  # overdue
    visit(people[4], day - dt.timedelta(days=5), outcome="not_home")
    visit(people[4], day - dt.timedelta(days=2), outcome="not_home")
    time_machine.move_to(at(day), tick=False)
    coverage = client_of(director_a).get(reverse("carework:coverage")).context["coverage"]

    # Counted afresh, person by person, from the rules in carework.selectors' docstring.
    expected = {"visited": 0, "due_today": 0, "overdue": 0}
    for person in people:
        if day.year - person.birth_date.year < 80 and not person.tags.exists():
            continue
        seen = HomeVisit.objects.filter(person=person, outcome="seen").order_by("-visited_on").first()
        due_on = seen.visited_on + dt.timedelta(days=30) if seen else day - dt.timedelta(days=60)
        key = "visited" if due_on > day else "due_today" if due_on == day else "overdue"
        expected[key] += 1
    assert coverage.total.planned == sum(expected.values()) == 8
    assert (coverage.total.visited, coverage.total.due_today, coverage.total.overdue) == (
        expected["visited"],
        expected["due_today"],
        expected["overdue"],
    )
    assert coverage.total.not_home_twice == 1
    assert coverage.total.coverage == round(100 * expected["visited"] / 8, 1)
    [area] = coverage.by_area
    assert area.planned == 8
    by_plan = {figure.label.split("（")[0]: figure.planned for figure in coverage.by_plan}
    assert by_plan == {"高龄": 8, "低保": 4}
    rows = care_due(committee=director_a.committee, today=day, statuses=(DueStatus.OVERDUE,))
    assert len(rows) == expected["overdue"]


def test_each_coverage_figure_links_to_its_list(client_of, director_a, planned):
    client = client_of(director_a)
    page = client.get(reverse("carework:coverage")).content.decode()
    _mine, _theirs, west = planned
    link = f"{reverse('carework:today')}?area={west.pk}&amp;status=due_today"
    assert link in page
    listed = client.get(reverse("carework:today"), {"area": west.pk, "status": "due_today"}).content.decode()
    assert "西居民" in listed


def test_the_dashboard_and_menu_link_to_the_care_pages(client_of, director_a, worker_a):
    assert reverse("carework:coverage") in client_of(director_a).get(reverse("office:dashboard")).content.decode()
    assert reverse("carework:today") in client_of(worker_a).get(reverse("casework:my-cases")).content.decode()


def _page_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: one-off caches (content types, the calendar)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_care_pages_take_a_fixed_number_of_queries(client_of, worker_a, director_a, day, resident, planned, visit):
    from django.test import Client

    from tests import query_budgets

    mine, _theirs, _west = planned
    worker, director = Client(), Client()
    worker.force_login(worker_a.user)
    director.force_login(director_a.user)
    pages = [
        (worker, reverse("carework:today"), query_budgets.CARE_TODAY),
        (director, reverse("carework:today"), query_budgets.CARE_TODAY),
        (director, reverse("carework:coverage"), query_budgets.CARE_COVERAGE),
        (worker, reverse("carework:visit-new", args=[mine.pk]), query_budgets.CARE_VISIT_FORM),
    ]
    small = [_page_queries(client, url) for client, url, _budget in pages]
    for n in range(10):
        person = resident(f"新居民{n}", tags=["living_alone", "dibao"], building=f"{n}号楼")
        visit(person, day - dt.timedelta(days=n), outcome="not_home" if n % 3 else "seen")
        visit(mine, day - dt.timedelta(days=n + 1))
    large = [_page_queries(client, url) for client, url, _budget in pages]
    assert small == large == [budget for _client, _url, budget in pages]


def test_a_visit_that_arrived_after_the_person_left_is_listed_for_the_director(
    client_of, director_a, worker_a, planned, day
):
    import uuid

    from carework.services import home_visit_record
    from register.services import person_leave

    mine, _theirs, _west = planned
    person_leave(person=mine, status="moved_out", on=day)
    visit = home_visit_record(
        client_id=uuid.uuid4(), committee=mine.committee, worker=worker_a, person=mine, outcome="seen"
    )
    assert visit.person_left
    page = client_of(director_a).get(reverse("carework:coverage")).content.decode()
    assert "居民离开后才收到的走访" in page and "东居民" in page
