"""Review of the day figures: cases where reading them differs from counting the records
afresh, or where a user's query string costs more than the page is worth."""

import datetime as dt

import pytest
from django.urls import reverse

from committee.models import DayFigures
from reception.choices import Outcome
from reception.services import visit_record

from .conftest import TODAY, days_ago

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("wednesday_afternoon")]


def record(committee, worker, days):
    return visit_record(
        committee=committee,
        received_by=worker,
        resident_name="居民",
        outcome=Outcome.CONSULTATION,
        received_at=days_ago(days),
    )


def test_ledger_totals_from_the_day_figures_keep_to_the_start_of_the_range(client_of, committee_a, director_a):
    """Filtered by dates only, the ledger reads the day figures; a day before the range's
    first day must not appear in its daily totals (nor in a total row made of them)."""
    record(committee_a, director_a, 5)
    record(committee_a, director_a, 2)
    params = {"received_from": TODAY - dt.timedelta(days=3), "received_to": TODAY - dt.timedelta(days=1)}
    totals = client_of(director_a).get(reverse("reception:ledger"), params).context["totals"]
    assert [row["day"] for row in totals["days"]] == [TODAY - dt.timedelta(days=2)]
    assert sum(row["total"] for row in totals["days"]) == totals["overall"]["total"] == 1


def test_a_custom_period_long_ago_does_not_count_every_day_since(client_of, committee_a, director_a):
    """The dashboard reads its period and the trend's 12 weeks: a custom period of two
    days in 2000 must not count and store a day book from 2000 to today."""
    response = client_of(director_a).get(
        reverse("office:dashboard"), {"period": "custom", "from": "2000-01-03", "to": "2000-01-04"}
    )
    assert response.status_code == 200
    assert DayFigures.objects.filter(committee=committee_a).count() <= 2 + 7 * 12


@pytest.mark.parametrize("first,last", [("0001-01-01", "0001-01-02"), ("9999-12-30", "9999-12-31")])
def test_a_custom_period_at_the_ends_of_the_calendar_is_not_a_server_error(
    client_of, committee_a, director_a, first, last
):
    """9999-12-31 has no next day (Period.end); from 0001-01-01 the page counted and stored
    some 740,000 days for minutes. Dates past the bounds of a day range are not a period."""
    response = client_of(director_a).get(reverse("office:dashboard"), {"period": "custom", "from": first, "to": last})
    assert response.status_code == 200 and response.context["f"]["period"].key == "month"
    assert DayFigures.objects.filter(committee=committee_a).count() <= 31 + 7 * 12
