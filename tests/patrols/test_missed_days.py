"""Days without a patrol, by the work calendar: October 2026 has the National Day holiday
(1–7), a worked Saturday (10th, 调休) and four weekends — 18 working days."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from patrols.selectors import patrol_days_missed
from tests import factories

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
OCTOBER = dt.date(2026, 10, 1)
OCTOBER_WORKING_DAYS = [dt.date(2026, 10, d) for d in (8, 9, 10, 12, 13, 14, 15, 16, *range(19, 24), *range(26, 31))]


def at(day: int, month: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def areas(committee_a, worker_a, director_a):
    return factories.grid_area(committee_a, responsible=worker_a, name="东片区"), factories.grid_area(
        committee_a, responsible=director_a, name="西片区"
    )


def test_a_past_month_counts_every_working_day_without_a_patrol(time_machine, areas, worker_a, director_a):
    time_machine.move_to(at(2, month=11), tick=False)
    east, west = areas
    for day in OCTOBER_WORKING_DAYS:
        if day.day not in (10, 20):
            factories.patrol(east, worker_a, started_at=at(day.day))
    factories.patrol(east, worker_a, started_at=at(3))  # a holiday patrol: welcome, not required
    factories.patrol(west, worker_a, started_at=at(8))  # covering a colleague's area counts for the area

    missed = {
        row.area.name: row.days
        for row in patrol_days_missed(
            user=director_a.user, committee=east.committee, first=OCTOBER, today=dt.date(2026, 11, 2)
        )
    }

    assert missed["东片区"] == [dt.date(2026, 10, 10), dt.date(2026, 10, 20)]
    assert missed["西片区"] == [day for day in OCTOBER_WORKING_DAYS if day.day != 8]
    assert len(OCTOBER_WORKING_DAYS) == 18


def test_this_month_counts_up_to_yesterday(time_machine, areas, worker_a, director_a):
    time_machine.move_to(at(14), tick=False)
    east, _west = areas
    factories.patrol(east, worker_a, started_at=at(12))

    missed = {
        row.area.name: row.days
        for row in patrol_days_missed(
            user=director_a.user, committee=east.committee, first=OCTOBER, today=dt.date(2026, 10, 14)
        )
    }

    assert missed["东片区"] == [dt.date(2026, 10, d) for d in (8, 9, 10, 13)]
    assert len(missed["西片区"]) == 5


def test_a_second_round_does_not_count_twice_and_a_retired_area_is_not_listed(
    time_machine, areas, worker_a, director_a
):
    time_machine.move_to(at(2, month=11), tick=False)
    east, west = areas
    west.active = False
    west.save()
    factories.patrol(east, worker_a, started_at=at(8))
    factories.patrol(east, worker_a, started_at=at(8) + dt.timedelta(hours=8))

    rows = patrol_days_missed(user=director_a.user, committee=east.committee, first=OCTOBER, today=dt.date(2026, 11, 2))

    assert [row.area.name for row in rows] == ["东片区"]
    assert rows[0].count == 17


def test_the_directors_page_counts_per_area_and_lists_an_areas_days(
    time_machine, client_of, areas, worker_a, director_a
):
    time_machine.move_to(at(2, month=11), tick=False)
    east, _west = areas
    for day in OCTOBER_WORKING_DAYS[1:]:
        factories.patrol(east, worker_a, started_at=at(day.day))

    page = client_of(director_a).get("/patrols/missed/", {"month": "2026-10", "area": east.pk})

    assert page.status_code == 200
    counts = {row.area.name: row.count for row in page.context["areas"]}
    assert counts == {"东片区": 1, "西片区": 18}
    assert page.context["chosen"].days == [dt.date(2026, 10, 8)]
    assert f"area={east.pk}" in page.content.decode()


def test_the_directors_page_says_a_bad_month_and_shows_this_month(time_machine, client_of, areas, director_a):
    time_machine.move_to(at(14), tick=False)

    page = client_of(director_a).get("/patrols/missed/", {"month": "2026-13"})

    assert page.status_code == 200
    assert page.context["first"] == OCTOBER


def test_another_committees_area_is_a_404_on_the_directors_page(time_machine, client_of, areas, committee_b):
    time_machine.move_to(at(14), tick=False)
    director_b = factories.worker(committee_b, role="director")
    theirs = factories.grid_area(committee_b)

    assert client_of(director_b).get("/patrols/missed/", {"area": areas[0].pk}).status_code == 404
    assert client_of(director_b).get("/patrols/missed/", {"area": theirs.pk}).status_code == 200


def test_a_withdrawn_patrol_does_not_count_and_the_book_says_so(time_machine, client_of, areas, worker_a, director_a):
    from patrols.services import patrol_withdraw

    time_machine.move_to(at(14), tick=False)
    east, _west = areas
    patrol_withdraw(patrol=factories.patrol(east, worker_a, started_at=at(13)), by=worker_a.user, reason="开错片区")

    rows = patrol_days_missed(
        user=director_a.user, committee=east.committee, first=OCTOBER, today=dt.date(2026, 10, 14)
    )
    page = client_of(worker_a).get("/patrols/book/", {"area": east.pk, "month": "2026-10"})

    assert dt.date(2026, 10, 13) in rows[0].days
    thirteenth = [row for row in page.context["rows"] if row.date.day == 13]
    assert len(thirteenth) == 1 and thirteenth[0].patrol is not None and thirteenth[0].missed
    assert "开错片区" in page.content.decode()
