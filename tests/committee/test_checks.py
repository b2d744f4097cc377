import datetime as dt

import pytest
from django.utils import timezone

from committee.checks import next_year_calendar_present
from committee.choices import CalendarDayKind
from committee.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_it_warns_when_next_year_has_no_calendar_entries():
    next_year = timezone.localdate().year + 1
    CalendarDay.objects.filter(date__year=next_year).delete()
    warnings = next_year_calendar_present()
    assert [w.id for w in warnings] == ["committee.W001"]
    assert str(next_year) in warnings[0].msg


def test_it_is_quiet_once_next_year_is_entered():
    next_year = timezone.localdate().year + 1
    CalendarDay.objects.get_or_create(date=dt.date(next_year, 1, 1), defaults={"kind": CalendarDayKind.HOLIDAY})
    assert next_year_calendar_present() == []
