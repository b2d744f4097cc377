"""The roster follows the committee's district calendar: 1 January 2027 (a Friday, in a
year whose schedule is not in yet, so the law's holidays count) is drafted and drawn as a
holiday, and a district's own schedule for the year counts for its committees only. The
issue reported that draft as a weekday; the clock is pinned to the day it was filed."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from committee.choices import DayType
from committee.services import calendar_schedule_save
from staffing import selectors, services
from staffing.models import DutyAssignment

from .. import factories

pytestmark = pytest.mark.django_db

FILED = dt.datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
JANUARY = dt.date(2027, 1, 1)


@pytest.fixture(autouse=True)
def _filed(time_machine):
    time_machine.move_to(FILED, tick=False)


def shifts_on(committee, day):
    return set(DutyAssignment.objects.filter(committee=committee, date=day).values_list("shift__name", flat=True))


def test_new_years_day_2027_is_drafted_and_drawn_as_a_holiday(client_of, committee_a, director_a, team_a):
    services.roster_generate(committee=committee_a, month=JANUARY)
    assert shifts_on(committee_a, JANUARY) == {"值班"}  # the holiday duty, not 早班/晚班
    assert shifts_on(committee_a, dt.date(2027, 1, 4)) == {"早班", "晚班"}  # the Monday after
    grid = selectors.month_grid(committee=committee_a, first=JANUARY, last=dt.date(2027, 1, 31))
    assert grid.days[0] == (JANUARY, DayType.HOLIDAY)
    assert grid.provisional
    page = client_of(director_a).get(reverse("staffing:roster", args=[2027, 1])).content.decode()
    # Said in words, not only by the header's colour.
    assert (
        '<th scope="col" class="day-holiday"><span>1</span><small>星期五</small><small class="day-kind">节</small>'
        in page
    )


def test_a_districts_own_schedule_counts_for_its_committees_only(committee_a, director_a, team_a):
    other = factories.committee(office=factories.street_office(district=factories.district()))
    factories.shifts(other)
    for n in range(8):
        factories.worker(other, name=f"乙{n}")
    # The district enters 2027 itself: 1 January off and Monday 4 January too, Saturday 9 worked.
    calendar_schedule_save(
        year=2027,
        holidays={JANUARY: "元旦", dt.date(2027, 1, 4): "元旦"},
        workdays={dt.date(2027, 1, 9): "元旦调休"},
        district_id=committee_a.district_id,
    )
    services.roster_generate(committee=committee_a, month=JANUARY)
    services.roster_generate(committee=other, month=JANUARY)
    assert shifts_on(committee_a, dt.date(2027, 1, 4)) == {"值班"}
    assert shifts_on(committee_a, dt.date(2027, 1, 9)) == {"早班", "晚班"}
    assert shifts_on(other, dt.date(2027, 1, 4)) == {"早班", "晚班"}
    assert shifts_on(other, JANUARY) == {"值班"}  # the law's holiday, nationally
    grid = selectors.month_grid(committee=committee_a, first=JANUARY, last=dt.date(2027, 1, 31))
    assert not grid.provisional  # the district's year is official
    assert dict(grid.days)[dt.date(2027, 1, 9)] == DayType.WORKING
