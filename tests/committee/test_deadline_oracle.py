"""Deadlines against an independent oracle, over random start dates from 2024 to 2030: the
`holidays` package's working days (for 2024–2026 the State Council's schedule as that
package knows it, checked against the chinese-calendar package the calendar was seeded
from; for later years the law's holidays), and an entered official schedule where one is."""

import datetime as dt

import holidays
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from committee.services import calendar_schedule_save
from committee.workcalendar import add_working_days, deadline, working_days_between

pytestmark = pytest.mark.django_db
CHINA = holidays.China(years=range(2024, 2032))
# A schedule for 2027 as the State Council might publish it: Spring Festival off from the
# 5th to the 11th with two Saturdays worked, National Day off to the 7th with one.
HOLIDAYS_2027 = (
    {dt.date(2027, 1, 1): "元旦"}
    | {dt.date(2027, 2, d): "春节" for d in range(5, 12)}
    | {
        dt.date(2027, 4, 5): "清明节",
        dt.date(2027, 5, 1): "劳动节",
        dt.date(2027, 5, 2): "劳动节",
        dt.date(2027, 5, 3): "劳动节",
        dt.date(2027, 6, 9): "端午节",
        dt.date(2027, 9, 15): "中秋节",
    }
    | {dt.date(2027, 10, d): "国庆节" for d in range(1, 8)}
)
WORKDAYS_2027 = {dt.date(2027, 2, 13): "春节调休", dt.date(2027, 2, 20): "春节调休", dt.date(2027, 10, 9): "国庆调休"}
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
DATES = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31))


def library_working_day(day: dt.date) -> bool:
    return CHINA.is_working_day(day)


def scheduled_working_day(day: dt.date) -> bool:
    if day.year != 2027:
        return library_working_day(day)
    return day in WORKDAYS_2027 or (day.weekday() < 5 and day not in HOLIDAYS_2027)


def oracle(start: dt.date, n: int, working_day) -> dt.date:
    day = start
    if n == 0:
        while not working_day(day):
            day += dt.timedelta(days=1)
        return day
    while n:
        day += dt.timedelta(days=1)
        n -= working_day(day)
    return day


@PROPERTY
@given(start=DATES, n=st.integers(min_value=0, max_value=40))
def test_deadlines_match_the_law_s_working_days(start, n):
    assert add_working_days(start, n) == oracle(start, n, library_working_day)
    assert deadline(start, n).date() == oracle(start, n, library_working_day)


@PROPERTY
@given(first=DATES, last=DATES)
def test_working_days_between_counts_what_the_oracle_counts(first, last):
    low, high = min(first, last), max(first, last)
    expected = sum(library_working_day(low + dt.timedelta(days=k)) for k in range(1, (high - low).days + 1))
    assert working_days_between(first, last) == (expected if first <= last else -expected)


@pytest.fixture
def schedule_2027(db):
    calendar_schedule_save(year=2027, holidays=HOLIDAYS_2027, workdays=WORKDAYS_2027)


@PROPERTY
@given(start=DATES, n=st.integers(min_value=0, max_value=40))
def test_once_a_schedule_is_entered_deadlines_follow_it(schedule_2027, start, n):
    assert add_working_days(start, n) == oracle(start, n, scheduled_working_day)
