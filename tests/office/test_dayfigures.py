"""The day figures: past days counted once and read back, always equal to counting the
records afresh, forgotten by every change that alters a past day; today always live."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework import services as cases
from casework.choices import Satisfaction
from casework.models import Case
from committee import dayfigures
from committee.dayfigures import Totals, forget_days
from committee.models import DayFigures
from office.dayfigures import RECENT_DAYS, books, count_days
from office.tasks import count_past_days
from reception.choices import Channel, Outcome
from reception.services import visit_record, visit_void
from utilities.dayranges import each_day

from .conftest import TODAY, days_ago

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("wednesday_afternoon")]


def fresh(committee, first, last):
    """The figures counted from the records now, day by day, nothing stored used."""
    counted = count_days({committee.pk: list(each_day(first, last))})
    return {day: totals for (pk, day), totals in counted.items()}


def as_dict(totals: Totals) -> dict:
    return {name: getattr(totals, name) for name in (*dayfigures.SCALARS, *dayfigures.COUNTERS)}


def assert_book_is_fresh(committee, first, last=TODAY):
    book = books([committee.pk], first, last)[committee.pk]
    live = fresh(committee, first, last)
    for day in each_day(first, last):
        assert as_dict(book.days.get(day, Totals())) == as_dict(live.get(day, Totals())), day


@pytest.fixture
def desk(committee_a, worker_a, line_civil, item_residence, item_allowance):
    """Ten days of a committee's work, through the services."""

    def visit(days, **kw):
        kw.setdefault("items", [(item_residence, [])])
        kw.setdefault("outcome", Outcome.ON_THE_SPOT)
        return visit_record(
            committee=committee_a,
            received_by=kw.pop("by", worker_a),
            resident_name="居民",
            received_at=days_ago(*days) if isinstance(days, tuple) else days_ago(days),
            **kw,
        )

    first = visit(9, outcome=Outcome.NOTICE, items=[(item_residence, ["户口簿"])])
    visit(8, previous_visit=first)
    visit(7, channel=Channel.PHONE)
    visit(5, outcome=Outcome.CONSULTATION, items=[])
    visit(0)
    resolved = cases.case_open(
        committee=committee_a, first_responder=worker_a, title="已办结", line=line_civil, registered_at=days_ago(6)
    )
    Case.objects.filter(pk=resolved.pk).update(status="resolved", resolved_at=days_ago(3), resolution_working_days=3)
    followed = cases.case_open(
        committee=committee_a, first_responder=worker_a, title="已回访", line=line_civil, registered_at=days_ago(6)
    )
    Case.objects.filter(pk=followed.pk).update(
        status="closed",
        resolved_at=days_ago(4),
        resolution_working_days=2,
        followed_up_at=days_ago(2),
        satisfaction=Satisfaction.SATISFIED,
    )
    return {"visit": visit, "first": first, "resolved": resolved, "followed": followed}


def test_past_days_are_counted_once_and_read_back(desk, committee_a):
    first = TODAY - dt.timedelta(days=10)
    book = books([committee_a.pk], first, TODAY)[committee_a.pk]
    # Every day that is over is stored, empty days too (so they are not counted again)...
    assert set(DayFigures.objects.filter(committee=committee_a).values_list("day", flat=True)) == set(
        each_day(first, dayfigures.last_closed_day())
    )
    assert book.total(first, TODAY).visits == 5
    # ...and read back: no query reads the visits of those days again.
    with CaptureQueriesContext(connection) as queries:
        again = books([committee_a.pk], first, TODAY)[committee_a.pk]
    visit_reads = [q["sql"] for q in queries.captured_queries if '"reception_visit"' in q["sql"]]
    # Days not over (today, and yesterday for SETTLE after midnight) are counted live.
    live = list(each_day(dayfigures.last_closed_day() + dt.timedelta(days=1), TODAY))
    with CaptureQueriesContext(connection) as live_only:
        count_days({committee_a.pk: live})
    # The same reads as counting those days alone (compared as SQL, so on any database).
    assert visit_reads == [q["sql"] for q in live_only.captured_queries if '"reception_visit"' in q["sql"]]
    assert not any("INSERT" in q["sql"] for q in queries.captured_queries)
    assert as_dict(again.total(first, TODAY)) == as_dict(book.total(first, TODAY))
    assert_book_is_fresh(committee_a, first)


def test_the_figures_of_a_day(desk, committee_a, worker_a, line_civil):
    book = books([committee_a.pk], TODAY - dt.timedelta(days=10), TODAY)[committee_a.pk]
    nine = book.days[TODAY - dt.timedelta(days=9)]
    assert (nine.visits, nine.first_visits, nine.outcomes[Outcome.NOTICE], nine.lines[str(line_civil.pk)]) == (
        1,
        1,
        1,
        1,
    )
    assert nine.workers[str(worker_a.pk)] == 1 and nine.beyond_two_trips == 0
    assert book.days[TODAY - dt.timedelta(days=7)].channels[Channel.PHONE] == 1
    assert book.days[TODAY - dt.timedelta(days=6)].opened == 2
    assert book.days[TODAY - dt.timedelta(days=4)].resolution_days == {"2": 1}
    assert book.days[TODAY - dt.timedelta(days=2)].satisfied == 1
    week = book.total(TODAY - dt.timedelta(days=6), TODAY)
    assert (week.resolved, week.median_resolution_days(), week.followed) == (2, 2.5, 1)


def test_today_is_counted_live_and_never_stored(desk, committee_a):
    books([committee_a.pk], TODAY - dt.timedelta(days=3), TODAY)
    assert not DayFigures.objects.filter(day__gte=TODAY).exists()
    desk["visit"](0, channel=Channel.ONLINE)
    book = books([committee_a.pk], TODAY - dt.timedelta(days=3), TODAY)[committee_a.pk]
    assert book.days[TODAY].visits == 2 and book.days[TODAY].channels[Channel.ONLINE] == 1


def test_a_void_a_late_entry_and_a_return_make_their_days_counted_again(desk, committee_a, worker_a):
    first = TODAY - dt.timedelta(days=10)
    books([committee_a.pk], first, TODAY)
    # A visit entered today for a day that is over, a return to the matter of nine days
    # ago (its third trip), and a void of a visit of seven days ago.
    desk["visit"](5, channel=Channel.HOME_VISIT)
    desk["visit"](1, previous_visit=desk["first"])
    phone = DayFigures.objects.get(committee=committee_a, day=TODAY - dt.timedelta(days=7))
    assert phone.visits == 1
    visit_void(visit=committee_a_visit_on(committee_a, 7), by=worker_a, reason="录错")
    assert_book_is_fresh(committee_a, first)
    book = books([committee_a.pk], first, TODAY)[committee_a.pk]
    assert book.days[TODAY - dt.timedelta(days=9)].beyond_two_trips == 1
    assert book.days[TODAY - dt.timedelta(days=7)].visits == 0
    assert book.days[TODAY - dt.timedelta(days=5)].channels[Channel.HOME_VISIT] == 1


def committee_a_visit_on(committee, days):
    from reception.models import Visit

    return Visit.objects.get(committee=committee, received_at=days_ago(days))


def test_reopening_and_an_unsatisfied_follow_up_forget_the_day_of_the_resolution(desk, committee_a, worker_a):
    first = TODAY - dt.timedelta(days=10)
    assert books([committee_a.pk], first, TODAY)[committee_a.pk].total(first, TODAY).resolved == 2
    cases.case_reopen(case=desk["resolved"], by=worker_a, reason="居民反映未办好")
    followed = Case.objects.get(pk=desk["followed"].pk)
    Case.objects.filter(pk=followed.pk).update(status="resolved", satisfaction="", followed_up_at=None)
    forget_days(committee_a.pk, days_ago(2))  # the update above is a test's shortcut, not a service
    cases.case_follow_up(case=followed, by=worker_a, satisfaction=Satisfaction.UNSATISFIED, comment="不满意")
    total = books([committee_a.pk], first, TODAY)[committee_a.pk].total(first, TODAY)
    assert total.resolved == 0 and total.unsatisfied == 1 and total.followed == 1
    assert_book_is_fresh(committee_a, first)


def test_work_on_a_case_today_keeps_its_past_days_stored(desk, committee_a, worker_a, line_civil):
    case = cases.case_open(
        committee=committee_a, first_responder=worker_a, title="旧事项", line=line_civil, registered_at=days_ago(6)
    )
    books([committee_a.pk], TODAY - dt.timedelta(days=10), TODAY)
    stored = DayFigures.objects.get(committee=committee_a, day=TODAY - dt.timedelta(days=6))
    cases.case_start(case=case, by=worker_a)
    cases.case_resolve(case=case, by=worker_a, resolution="已办")  # counted today, live
    assert DayFigures.objects.filter(pk=stored.pk, counted_at=stored.counted_at).exists()
    assert_book_is_fresh(committee_a, TODAY - dt.timedelta(days=10))


def test_forgetting_touches_only_that_committee_and_past_days(desk, committee_a, committee_b, worker_b):
    visit_record(
        committee=committee_b,
        received_by=worker_b,
        resident_name="乙",
        outcome=Outcome.CONSULTATION,
        received_at=days_ago(3),
    )
    books([committee_a.pk, committee_b.pk], TODAY - dt.timedelta(days=5), TODAY)
    forget_days(committee_a.pk, days_ago(3), timezone.now(), None)
    assert not DayFigures.objects.filter(committee=committee_a, day=TODAY - dt.timedelta(days=3)).exists()
    assert DayFigures.objects.filter(committee=committee_b, day=TODAY - dt.timedelta(days=3)).exists()
    assert DayFigures.objects.filter(committee=committee_a, day=TODAY - dt.timedelta(days=4)).exists()


def test_many_committees_and_a_long_period_take_the_same_queries(desk, committee_a, committee_b):
    def queries_of(ids, days):
        with CaptureQueriesContext(connection) as queries:
            books(ids, TODAY - dt.timedelta(days=days), TODAY)
        return [q["sql"] for q in queries.captured_queries]

    def reads_of_records(sqls):
        return len([sql for sql in sqls if '"reception_visit"' in sql or '"casework_case"' in sql])

    cold = queries_of([committee_a.pk], 5)
    # Both committees' missing days (different for each) counted at once.
    assert reads_of_records(queries_of([committee_a.pk, committee_b.pk], 60)) == reads_of_records(cold)
    warm = queries_of([committee_a.pk, committee_b.pk], 60)
    assert len(warm) == len(queries_of([committee_a.pk], 5)) < len(cold)  # stored rows, and today
    assert reads_of_records(warm) == reads_of_records(cold)  # today's count


def test_a_headline_count_is_the_full_count_without_returns_and_lines(desk, committee_a):
    wanted = {committee_a.pk: list(each_day(TODAY - dt.timedelta(days=10), TODAY))}
    with CaptureQueriesContext(connection) as queries:
        headline = count_days(wanted, headline=True)
    assert len(queries) == 2
    for key, full in count_days(wanted).items():
        full.beyond_two_trips, full.lines = 0, dayfigures.Tally()
        assert as_dict(headline[key]) == as_dict(full), key


def test_the_periodic_task_counts_every_committees_recent_days(committee_a, committee_b):
    assert count_past_days() == 2 * RECENT_DAYS
    assert DayFigures.objects.filter(committee=committee_b).count() == RECENT_DAYS
    assert count_past_days() == 0  # already there


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions: PostgreSQL")
def test_a_count_waits_for_a_void_in_progress_and_sees_it(desk, committee_a, worker_a):
    """The count must not read the records before the void commits and store its rows
    after the void forgot them: the committee's lock makes it wait."""
    first = TODAY - dt.timedelta(days=10)
    visit = committee_a_visit_on(committee_a, 7)
    voided, release, counted = threading.Event(), threading.Event(), {}

    def void():
        try:
            with transaction.atomic():
                visit_void(visit=visit, by=worker_a, reason="录错")
                voided.set()
                release.wait(10)
        finally:
            connection.close()

    def count():
        try:
            counted["book"] = books([committee_a.pk], first, TODAY)[committee_a.pk]
        finally:
            connection.close()

    voiding = threading.Thread(target=void)
    voiding.start()
    assert voided.wait(10)
    counting = threading.Thread(target=count)
    counting.start()
    time.sleep(0.5)
    assert counting.is_alive(), "the count did not wait for the void's transaction"
    release.set()
    voiding.join(10)
    counting.join(10)
    assert counted["book"].total(TODAY - dt.timedelta(days=7), TODAY - dt.timedelta(days=7)).visits == 0
    assert DayFigures.objects.get(committee=committee_a, day=TODAY - dt.timedelta(days=7)).visits == 0
