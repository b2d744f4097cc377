import datetime as dt

import pytest
from django.utils import timezone

from committee.choices import CalendarDayKind, DayType
from committee.models import CalendarDay
from committee.workcalendar import (
    add_working_days,
    day_type,
    deadline,
    is_working_day,
    working_days_between,
)

pytestmark = pytest.mark.django_db

D = dt.date


def test_it_is_seeded_with_2026_holidays_and_adjusted_workdays():
    assert CalendarDay.objects.get(date=D(2026, 2, 17)).kind == CalendarDayKind.HOLIDAY
    assert CalendarDay.objects.get(date=D(2026, 10, 10)).kind == CalendarDayKind.WORKDAY
    assert CalendarDay.objects.get(date=D(2026, 10, 1)).name == "国庆节"


@pytest.mark.parametrize(
    "day, expected",
    [
        (D(2026, 2, 13), DayType.WORKING),  # Friday before Spring Festival
        (D(2026, 2, 14), DayType.WORKING),  # Saturday worked (调休)
        (D(2026, 2, 16), DayType.HOLIDAY),  # Spring Festival, Monday
        (D(2026, 2, 21), DayType.HOLIDAY),  # Saturday inside the holiday counts as holiday
        (D(2026, 2, 24), DayType.WORKING),
        (D(2026, 2, 28), DayType.WORKING),  # second 调休 Saturday
        (D(2026, 3, 1), DayType.WEEKEND),
        (D(2026, 10, 10), DayType.WORKING),  # National Day 调休 Saturday
        (D(2026, 10, 11), DayType.WEEKEND),
    ],
)
def test_it_knows_each_day_type(day, expected):
    assert day_type(day) == expected
    assert is_working_day(day) is (expected == DayType.WORKING)


@pytest.mark.parametrize(
    "start, n, due",
    [
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # the worked Saturday counts
        (D(2026, 2, 13), 2, D(2026, 2, 24)),  # then the whole Spring Festival is skipped
        (D(2026, 2, 12), 5, D(2026, 2, 26)),
        (D(2026, 9, 18), 3, D(2026, 9, 22)),  # Sunday 09-20 is worked
        (D(2026, 9, 24), 1, D(2026, 9, 28)),  # Mid-autumn 09-25..27
        (D(2026, 9, 30), 1, D(2026, 10, 8)),  # National Day 10-01..07
        (D(2026, 9, 30), 3, D(2026, 10, 10)),  # the worked Saturday
        (D(2026, 9, 30), 4, D(2026, 10, 12)),
        (D(2026, 10, 3), 0, D(2026, 10, 8)),  # 0 days on a holiday: the next working day
        (D(2026, 11, 23), 0, D(2026, 11, 23)),
    ],
)
def test_it_adds_working_days_across_holidays(start, n, due):
    assert add_working_days(start, n) == due


def test_a_deadline_is_the_end_of_the_local_day():
    registered = dt.datetime(2026, 9, 30, 17, 45, tzinfo=timezone.get_current_timezone())
    due = deadline(registered, 1)
    assert timezone.localtime(due).date() == D(2026, 10, 8)
    assert timezone.localtime(due).time() == dt.time(23, 59, 59)


def test_a_late_evening_utc_time_counts_by_its_shanghai_date():
    # 2026-02-13 17:00 UTC is already Saturday 02-14 01:00 in Shanghai.
    registered = dt.datetime(2026, 2, 13, 17, 0, tzinfo=dt.UTC)
    assert add_working_days(registered, 1) == D(2026, 2, 24)


def test_it_counts_working_days_between_two_dates():
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 12)) == 4
    assert working_days_between(D(2026, 10, 12), D(2026, 9, 30)) == -4
    assert working_days_between(D(2026, 11, 23), D(2026, 11, 23)) == 0


def test_new_year_2027_is_a_holiday_before_its_schedule_is_entered():
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)


def test_an_admin_entered_holiday_moves_deadlines():
    CalendarDay.objects.create(date=D(2027, 1, 4), kind=CalendarDayKind.HOLIDAY, name="元旦调休")
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 5)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 1, 5), -1)
