"""The dashboard's figures against a small fixture counted by hand, and its query bound."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import services as cases
from casework.choices import Satisfaction
from casework.models import Case
from office import selectors as dashboard
from reception.choices import Channel, Outcome
from reception.services import visit_record, visit_void

from .. import factories, query_budgets

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()
NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=TZ)  # Friday
NOVEMBER = dashboard.Period("month", dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def at(day, hour=10):
    return dt.datetime(2026, 11, day, hour, 0, tzinfo=TZ)


@pytest.fixture
def fixture(time_machine, committee_a, worker_a, director_a, line_civil, item_residence, item_allowance):
    time_machine.move_to(NOW, tick=False)  # the records are of November 2026, seen from its 20th
    handler = factories.worker(committee_a, name="承办人")
    factories.posts(committee_a, line_civil, handler, worker_a)

    def v(**kw):
        return visit_record(committee=committee_a, received_by=kw.pop("by", worker_a), resident_name="居民", **kw)

    first = v(outcome=Outcome.NOTICE, items=[(item_residence, ["户口簿"])], received_at=at(2))
    v(outcome=Outcome.ON_THE_SPOT, items=[(item_residence, [])], received_at=at(5), previous_visit=first)
    # A return entered by mistake and voided: not a trip.
    mistake = v(outcome=Outcome.ON_THE_SPOT, items=[(item_residence, [])], received_at=at(5), previous_visit=first)
    visit_void(visit=mistake, by=worker_a, reason="重复登记")
    lost = v(outcome=Outcome.NOTICE, items=[(item_residence, ["户口簿"])], received_at=at(3))
    v(outcome=Outcome.NOTICE, items=[(item_residence, [])], received_at=at(6), previous_visit=lost)
    v(outcome=Outcome.ON_THE_SPOT, items=[(item_residence, [])], received_at=at(6), previous_visit=lost)
    v(outcome=Outcome.ON_THE_SPOT, items=[(item_residence, [])], received_at=at(9), channel=Channel.PHONE)
    v(
        outcome=Outcome.HANDED_ON,
        items=[(item_allowance, [])],
        received_at=at(10),
        channel=Channel.HOME_VISIT,
        by=handler,
    )
    v(outcome=Outcome.CONSULTATION, received_at=dt.datetime(2026, 10, 30, 10, tzinfo=TZ))  # outside the period
    # Cases: one resolved on time and satisfied, one resolved late and unsatisfied, one overdue, one waiting.
    on_time = cases.case_open(
        committee=committee_a, first_responder=worker_a, title="按时", service_item=item_allowance, registered_at=at(2)
    )
    late = cases.case_open(
        committee=committee_a, first_responder=worker_a, title="超时", service_item=item_allowance, registered_at=at(2)
    )
    overdue = cases.case_open(
        committee=committee_a, first_responder=worker_a, title="超期", service_item=item_allowance, registered_at=at(3)
    )
    waiting = cases.case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="待补件",
        service_item=item_allowance,
        registered_at=at(3),
    )
    Case.objects.filter(pk=on_time.pk).update(
        status="closed",
        resolved_at=at(5),
        resolution_working_days=3,
        followed_up_at=at(6),
        satisfaction=Satisfaction.SATISFIED,
    )
    Case.objects.filter(pk=late.pk).update(
        status="in_progress",
        resolved_at=at(12),
        resolution_working_days=8,
        followed_up_at=at(13),
        satisfaction=Satisfaction.UNSATISFIED,
        follow_up_comment="太慢",
    )
    Case.objects.filter(pk=waiting.pk).update(status="waiting")
    return {"handler": handler, "overdue": overdue, "late": late}


def test_visit_figures(fixture, committee_a):
    figures = dashboard.visit_figures(committee_a, NOVEMBER)
    assert figures["total"] == 7
    channels = {code: n for code, _label, n in figures["by_channel"]}
    assert channels[Channel.WALK_IN] == 5 and channels[Channel.PHONE] == 1 and channels[Channel.HOME_VISIT] == 1
    assert figures["on_the_spot_rate"] == round(100 * 3 / 7, 1)
    # Matters started in November: first (2 trips), lost (3 trips), phone (1), home visit (1): 3 of 4 within two.
    assert figures["matters"] == 4 and figures["within_two_trips_rate"] == 75.0


def test_case_figures(fixture, committee_a):
    figures = dashboard.case_figures(committee_a, NOVEMBER, NOW)
    # open: late (reopened after the follow-up), overdue, waiting
    assert figures["open"] == 3
    assert figures["overdue"] == 2  # late and overdue are past due; the waiting case's clock is stopped
    assert figures["resolved"] == 2 and figures["on_time_rate"] == 50.0
    assert figures["satisfaction_rate"] == 50.0 and figures["unsatisfied"] == 1
    assert figures["median_days"] == 5.5


def test_overdue_list_counts_working_days(fixture, committee_a):
    from committee.workcalendar import WorkCalendar

    calendar = WorkCalendar.load(dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    overdue = dashboard.overdue_cases(committee_a, NOW, calendar)
    first = next(c for c in overdue if c.pk == fixture["overdue"].pk)
    # registered 11-03 with 5 working days: due 11-10; overdue on 11-20 by 11-11..11-20 = 8 working days
    assert first.days_overdue == 8


def test_workload_per_worker(fixture, committee_a, worker_a):
    rows = {w.pk: w for w in dashboard.workload(committee_a, NOVEMBER, NOW)}
    assert rows[worker_a.pk].visits == 6
    assert rows[fixture["handler"].pk].visits == 1


def test_the_dashboard_runs_a_fixed_number_of_queries(
    client_of, director_a, fixture, committee_a, line_civil, item_allowance, django_assert_max_num_queries
):
    client = client_of(director_a)
    client.get(reverse("office:dashboard"))  # counts and stores the past days (tests/office/test_dayfigures.py)
    with django_assert_max_num_queries(query_budgets.DASHBOARD) as small:
        assert client.get(reverse("office:dashboard")).status_code == 200
    small_count = len(small.captured_queries)
    for n in range(20):
        cases.case_open(
            committee=committee_a, first_responder=director_a, title=f"更多{n}", service_item=item_allowance
        )
        visit_record(committee=committee_a, received_by=director_a, resident_name="x", outcome=Outcome.CONSULTATION)
    with django_assert_max_num_queries(small_count):
        client.get(reverse("office:dashboard"))


def test_the_period_falls_back_to_this_month_on_bad_input():
    period = dashboard.period_from({"period": "custom", "from": "2026-13-01", "to": "x"}, today=dt.date(2026, 11, 23))
    assert (period.key, period.first, period.last) == ("month", dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    week = dashboard.period_from({"period": "week"}, today=dt.date(2026, 11, 25))
    assert (week.first, week.last) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))


def test_figures_link_to_their_lists(client_of, director_a, fixture):
    page = client_of(director_a).get(reverse("office:dashboard")).content.decode()
    assert reverse("casework:case-list") + "?overdue=on" in page
    assert "outcome=on_the_spot" in page


def test_a_street_admin_opens_a_committee_of_their_office_only(client_of, street_admin_a, committee_a, committee_b):
    client = client_of(street_admin_a)
    assert client.get(reverse("office:dashboard"), {"committee": committee_a.code}).status_code == 200
    assert client.get(reverse("office:dashboard"), {"committee": committee_b.code}).status_code == 404


def test_the_street_comparison_sorts_and_exports(client_of, street_admin_a, committee_a, fixture):
    sibling = factories.committee(committee_a.street_office, code="AA02", name="甲二居委会")
    client = client_of(street_admin_a)
    page = client.get(reverse("office:street"), {"sort": "open"}).content.decode()
    assert page.index("AA01") < page.index("AA02")  # AA01 has open cases
    assert "<svg" in page
    csv = client.get(reverse("office:street"), {"format": "csv"})
    text = b"".join(csv.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff") and "AA01" in text and sibling.name in text
    xlsx = client.get(reverse("office:street"), {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_the_street_comparison_leaves_voided_visits_out_of_its_rates(fixture, committee_a, worker_a, item_residence):
    """The same visits as the dashboard: the voided return of the fixture counts nowhere,
    on the stored days as on today's live count (the comparison's own, shorter one)."""
    today = [
        visit_record(
            committee=committee_a,
            received_by=worker_a,
            resident_name="居民",
            outcome=Outcome.ON_THE_SPOT,
            items=[(item_residence, [])],
        )
        for _ in range(2)
    ]
    visit_void(visit=today[1], by=worker_a, reason="重复登记")
    dashboard_rate = dashboard.visit_figures(committee_a, NOVEMBER)["on_the_spot_rate"]  # stores the days before today
    (row,) = dashboard.street_comparison([committee_a], NOVEMBER)
    # November: 7 valid visits, 3 on the spot; today one more of each (and one voided).
    assert row["visits"] == 8
    assert row["on_the_spot_rate"] == dashboard_rate == 50.0


def test_the_street_comparison_is_scoped(client_of, street_admin_a, committee_b):
    page = client_of(street_admin_a).get(reverse("office:street")).content.decode()
    assert committee_b.code not in page
