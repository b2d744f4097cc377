import pytest
from django.utils import timezone

from committee.checks import next_year_calendar_official
from committee.choices import CalendarYearStatus
from committee.models import CalendarYear

from .. import factories

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
        year=next_year, district=None, defaults={"status": CalendarYearStatus.OFFICIAL, "source": "entered"}
    )
    assert next_year_calendar_official() == []


def test_it_names_the_districts_still_without_their_schedule():
    next_year = timezone.localdate().year + 1
    CalendarYear.objects.filter(year=next_year).update(status=CalendarYearStatus.PROVISIONAL)
    entered = factories.district(code="D-IN", name="已录入区")
    factories.district(code="D-OUT", name="未录入区")
    CalendarYear.objects.create(year=next_year, district=entered, status=CalendarYearStatus.OFFICIAL, source="entered")
    (warning,) = next_year_calendar_official()
    assert "未录入区" in warning.msg
    assert "已录入区" not in warning.msg


def test_a_district_provisional_year_warns_even_when_the_national_one_is_official():
    next_year = timezone.localdate().year + 1
    CalendarYear.objects.filter(year=next_year, district=None).update(status=CalendarYearStatus.OFFICIAL)
    behind = factories.district(code="D-OWN", name="自有日历区")
    CalendarYear.objects.create(year=next_year, district=behind, status=CalendarYearStatus.PROVISIONAL, source="law")
    (warning,) = next_year_calendar_official()
    assert "自有日历区" in warning.msg
