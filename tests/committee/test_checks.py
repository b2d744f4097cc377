import pytest
from django.utils import timezone

from committee.checks import next_year_calendar_official
from committee.choices import CalendarYearStatus
from committee.models import CalendarYear

pytestmark = pytest.mark.django_db


def test_it_warns_while_next_year_is_provisional():
    next_year = timezone.localdate().year + 1
    CalendarYear.objects.filter(year=next_year).update(status=CalendarYearStatus.PROVISIONAL)
    warnings = next_year_calendar_official()
    assert [w.id for w in warnings] == ["committee.W001"]
    assert str(next_year) in warnings[0].msg


def test_it_warns_when_next_year_has_no_calendar_at_all():
    CalendarYear.objects.filter(year=timezone.localdate().year + 1).delete()
    assert [w.id for w in next_year_calendar_official()] == ["committee.W001"]


def test_it_is_quiet_once_next_year_is_official():
    next_year = timezone.localdate().year + 1
    CalendarYear.objects.update_or_create(
        year=next_year, defaults={"status": CalendarYearStatus.OFFICIAL, "source": "entered"}
    )
    assert next_year_calendar_official() == []
