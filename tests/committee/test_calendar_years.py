"""The work calendar past the package's last year: the law's holidays, provisional until the
State Council's schedule is entered."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from committee.choices import CalendarDayKind, CalendarSource, CalendarYearStatus, DayType
from committee.models import CalendarDay, CalendarYear
from committee.services import PACKAGE_LAST_YEAR, calendar_schedule_save
from committee.workcalendar import WorkCalendar, day_type

pytestmark = pytest.mark.django_db
D = dt.date

# What the calendar holds for 2027 before its schedule is entered: the law's 13 days, and a
# day off (补假) on the next working day for each of the six that fall on a weekend.
LAW_2027 = {
    D(2027, 1, 1): "元旦",
    D(2027, 2, 5): "农历除夕",
    D(2027, 2, 6): "春节",
    D(2027, 2, 7): "春节",
    D(2027, 2, 8): "春节",
    D(2027, 2, 9): "春节（补假）",
    D(2027, 2, 10): "春节（补假）",
    D(2027, 4, 5): "清明节",
    D(2027, 5, 1): "劳动节",
    D(2027, 5, 2): "劳动节",
    D(2027, 5, 3): "劳动节（补假）",
    D(2027, 5, 4): "劳动节（补假）",
    D(2027, 6, 9): "端午节",
    D(2027, 9, 15): "中秋节",
    D(2027, 10, 1): "国庆节",
    D(2027, 10, 2): "国庆节",
    D(2027, 10, 3): "国庆节",
    D(2027, 10, 4): "国庆节（补假）",
    D(2027, 10, 5): "国庆节（补假）",
}


def test_the_package_years_are_official_and_later_ones_provisional():
    assert PACKAGE_LAST_YEAR == 2026
    years = dict(CalendarYear.objects.values_list("year", "status"))
    assert years[2026] == CalendarYearStatus.OFFICIAL and years[2020] == CalendarYearStatus.OFFICIAL
    assert {years[year] for year in range(2027, 2101)} == {CalendarYearStatus.PROVISIONAL}
    assert CalendarYear.objects.get(year=2027).source == CalendarSource.LAW


def test_2027_holds_the_law_s_holidays_and_no_exchanges():
    rows = CalendarDay.objects.filter(date__year=2027)
    assert {row.date: row.name for row in rows} == LAW_2027
    assert {row.kind for row in rows} == {CalendarDayKind.HOLIDAY}
    assert day_type(D(2027, 1, 1)) == DayType.HOLIDAY
    assert day_type(D(2027, 2, 11)) == DayType.WORKING  # what the schedule may yet change


def test_a_calendar_knows_which_days_are_provisional():
    calendar = WorkCalendar.load(D(2026, 12, 1), D(2027, 1, 31))
    assert not calendar.is_provisional(D(2026, 12, 31))
    assert calendar.is_provisional(D(2027, 1, 4))
    assert calendar.provisional_between(D(2026, 12, 28), D(2027, 1, 11))
    assert not calendar.provisional_between(D(2026, 12, 1), D(2026, 12, 31))


def test_entering_the_schedule_makes_the_year_official_and_says_which_days_changed(street_admin_a):
    holidays = {day: name for day, name in LAW_2027.items() if day.month != 2}
    holidays |= {D(2027, 2, day): "春节" for day in range(5, 13)}  # Feb 5–12
    changed = calendar_schedule_save(
        year=2027, holidays=holidays, workdays={D(2027, 2, 20): "春节调休"}, by=street_admin_a.user
    )
    assert changed == [D(2027, 2, 11), D(2027, 2, 12), D(2027, 2, 20)]
    year = CalendarYear.objects.get(year=2027)
    assert year.is_official and year.source == CalendarSource.ENTERED and year.entered_by == street_admin_a.user
    assert day_type(D(2027, 2, 20)) == DayType.WORKING and day_type(D(2027, 2, 12)) == DayType.HOLIDAY
    assert not WorkCalendar.load(D(2027, 2, 1), D(2027, 2, 28)).is_provisional(D(2027, 2, 20))
    # Each changed row is in the calendar's history; the year's change too.
    assert CalendarDay.history.filter(date=D(2027, 2, 11)).exists()
    latest = year.history.first()
    assert latest.status == CalendarYearStatus.OFFICIAL and latest.entered_by == street_admin_a.user


@pytest.mark.parametrize(
    "holidays, workdays, message",
    [
        ({D(2027, 1, 1): "元旦"}, {D(2027, 2, 17): "调休"}, "应是周六或周日"),
        ({D(2027, 1, 1): "元旦", D(2028, 1, 1): "元旦"}, {}, "不在 2027 年"),
        ({D(2027, 2, 20): "春节"}, {D(2027, 2, 20): "调休"}, "既放假又上班"),
        ({}, {}, "请填写放假日期"),
    ],
)
def test_a_wrong_schedule_is_refused_with_a_reason_and_changes_nothing(holidays, workdays, message):
    before = list(CalendarDay.objects.filter(date__year=2027).values_list("date", "kind", "name"))
    with pytest.raises(ValidationError) as refused:
        calendar_schedule_save(year=2027, holidays=holidays, workdays=workdays)
    assert message in " ".join(refused.value.messages)
    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", "kind", "name")) == before
    assert not CalendarYear.objects.get(year=2027).is_official


def test_seed_calendar_takes_in_a_year_the_package_has_come_to_know(committee_a, worker_a, line_civil):
    """As after upgrading chinese-calendar: a year still provisional that the package knows
    gets its schedule, and the deadlines counted over the days that changed move."""
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from casework.services import case_open

    # 2026 as if the package had not known it: the law's days only (no 调休 Saturdays).
    calendar_schedule_save(year=2026, holidays=dict(statutory_2026()), workdays={})
    CalendarYear.objects.filter(year=2026).update(status=CalendarYearStatus.PROVISIONAL, source=CalendarSource.LAW)
    tz = timezone.get_current_timezone()
    # Friday 13 Feb 2026, 1 day: the worked Saturday the 14th, unknown to the law.
    case = case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="节前",
        line=line_civil,
        handler=worker_a,
        registered_at=dt.datetime(2026, 2, 13, 10, tzinfo=tz),
    )
    case.time_limit_days = 1
    case.due_at = dt.datetime(2026, 2, 24, 23, 59, 59, tzinfo=tz)  # as counted on the law's days
    case.save(update_fields=["time_limit_days", "due_at"])

    out = StringIO()
    call_command("seed_calendar", "--from-year", "2026", "--to-year", "2026", stdout=out)
    assert "2026: the package's schedule taken in" in out.getvalue()
    year = CalendarYear.objects.get(year=2026)
    assert year.is_official and year.source == CalendarSource.PACKAGE
    assert day_type(D(2026, 2, 14)) == DayType.WORKING
    case.refresh_from_db()
    assert timezone.localtime(case.due_at).date() == D(2026, 2, 14)


def statutory_2026():
    from committee.services import statutory_days

    return {day: name for day, _kind, name in statutory_days(2026)}.items()
