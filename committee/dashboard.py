"""The director's dashboard and the street office's comparison: every figure from a few
queries, whatever the volume of visits and cases and the length of the period. A period's
visits and case events are added up from the committees' day figures
(`committee.dayfigures`); open cases, lists and duty are read live.

`Period` is the window the director picked; `committee_figures` returns the whole
dashboard of one committee; `street_comparison` the same headline figures for every
committee the user may see, in a fixed number of grouped queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.choices import OPEN_STATUSES, CaseStatus, Satisfaction
from casework.models import Case
from reception.choices import Channel, Outcome
from staffing import duty_selectors
from staffing.models import Worker

from . import dayfigures
from .dayranges import EARLIEST, LATEST, between_days
from .models import Line
from .workcalendar import WorkCalendar

PERIODS = {"today": _("今天"), "week": _("本周"), "month": _("本月"), "custom": _("自定义")}
TREND_WEEKS = 12


@dataclass(frozen=True)
class Period:
    key: str
    first: dt.date
    last: dt.date  # inclusive

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.first, dt.time.min))

    @property
    def end(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time.min))

    @property
    def label(self):
        return PERIODS.get(self.key, "")


def period_from(params, today: dt.date | None = None) -> Period:
    """The period asked for in the query string; bad or missing values fall back to this month."""
    today = today or timezone.localdate()
    key = params.get("period", "month")
    if key == "today":
        return Period("today", today, today)
    if key == "week":
        monday = today - dt.timedelta(days=today.weekday())
        return Period("week", monday, monday + dt.timedelta(days=6))
    if key == "custom":
        try:
            first = dt.date.fromisoformat(params.get("from", ""))
            last = dt.date.fromisoformat(params.get("to", ""))
        except ValueError:
            first = last = None
        # Within the dates a day range can be written for (Period.end of 9999-12-31 overflows).
        if first and last and EARLIEST <= first <= last <= LATEST and (last - first).days <= 3660:
            return Period("custom", first, last)
    first = today.replace(day=1)
    next_month = (first + dt.timedelta(days=32)).replace(day=1)
    return Period("month", first, next_month - dt.timedelta(days=1))


def rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


# --- one committee ------------------------------------------------------------------------

def period_book(committee, period: Period, now: dt.datetime | None = None) -> dayfigures.DayBook:
    return dayfigures.books([committee.pk], period.first, period.last, now=now)[committee.pk]


def visit_figures(committee, period: Period, now: dt.datetime | None = None, *,
                  book: dayfigures.DayBook | None = None) -> dict:
    totals = (book or period_book(committee, period, now)).total(period.first, period.last)
    # 最多跑两次: of the matters started in the period (first visits), those that took at
    # most two trips, i.e. all but the ones with two or more return visits (at any time after).
    per_line = {int(pk): n for pk, n in totals.lines.items()}
    lines = Line.objects.in_bulk(list(per_line)) if per_line else {}
    by_line = sorted(({"service_item__line_id": pk, "service_item__line__name": lines[pk].name, "n": n}
                      for pk, n in per_line.items() if pk in lines), key=lambda row: -row["n"])
    return {
        "total": totals.visits,
        "by_channel": [(c, label, totals.channels[c]) for c, label in Channel.choices],
        "by_outcome": [(o, label, totals.outcomes[o]) for o, label in Outcome.choices],
        "on_the_spot_rate": rate(totals.on_the_spot, totals.visits),
        "matters": totals.first_visits,
        "within_two_trips_rate": rate(totals.first_visits - totals.beyond_two_trips, totals.first_visits),
        "by_line": by_line,
        "workers": totals.workers,
    }


def case_figures(committee, period: Period, now: dt.datetime, *, book: dayfigures.DayBook | None = None) -> dict:
    today = timezone.localtime(now).date()
    sunday = today + dt.timedelta(days=6 - today.weekday())
    cases = Case.objects.filter(committee=committee)
    is_open = Q(status__in=OPEN_STATUSES)
    running = is_open & ~Q(status=CaseStatus.WAITING)
    # Open cases: one aggregate over the (committee, status, due_at) index alone (counting a
    # column of it: COUNT(*) takes no filter).
    counts = cases.filter(is_open).aggregate(
        open=Count("*"),
        **{f"status_{s}": Count("status", filter=Q(status=s)) for s in OPEN_STATUSES},
        overdue=Count("status", filter=running & Q(due_at__lt=now)),
        due_this_week=Count("status", filter=between_days("due_at", today, sunday)),
    )
    # The period's figures: added up from the committee's day figures.
    totals = (book or period_book(committee, period, now)).total(period.first, period.last)
    counts.update({name: getattr(totals, name) for name in
                   ("opened", "resolved", "resolved_on_time", "timed", "followed", "satisfied", "unsatisfied")})
    by_line = list(cases.filter(is_open).values("line__name", "line_id").annotate(n=Count("id")).order_by("-n"))
    return {
        **counts,
        "by_status": [(s, CaseStatus(s).label, counts[f"status_{s}"]) for s in OPEN_STATUSES],
        "by_line": by_line,
        "on_time_rate": rate(counts["resolved_on_time"], counts["resolved"]),
        "satisfaction_rate": rate(counts["satisfied"], counts["followed"]),
        "median_days": totals.median_resolution_days(),
    }


def overdue_cases(committee, now: dt.datetime, calendar: WorkCalendar, limit: int = 15) -> list[Case]:
    cases = list(
        Case.objects.filter(committee=committee, status__in=OPEN_STATUSES, due_at__lt=now)
        .exclude(status=CaseStatus.WAITING).select_related("handler", "line").order_by("due_at")[:limit]
    )
    today = timezone.localtime(now).date()
    for case in cases:
        due = timezone.localtime(case.due_at).date()
        case.days_overdue = calendar.working_days_between(due, today) if calendar.covers(due) else None
    return cases


def unsatisfied_cases(committee, period: Period, limit: int = 10) -> list[Case]:
    return list(
        Case.objects.filter(committee=committee, satisfaction=Satisfaction.UNSATISFIED,
                            followed_up_at__gte=period.start, followed_up_at__lt=period.end)
        .select_related("handler").order_by("-followed_up_at")[:limit]
    )


def workload(committee, period: Period, now: dt.datetime, *, visits_by_worker: dict | None = None) -> list[Worker]:
    """Per worker: visits received in the period, open cases handled, of which overdue."""
    def count_of(queryset):
        return Coalesce(Subquery(queryset.annotate(n=Count("*")).values("n")[:1], output_field=IntegerField()), 0)

    if visits_by_worker is None:
        visits_by_worker = period_book(committee, period, now).total(period.first, period.last).workers
    open_cases = Case.objects.filter(handler=OuterRef("pk"), status__in=OPEN_STATUSES).values("handler")
    overdue = open_cases.exclude(status=CaseStatus.WAITING).filter(due_at__lt=now)
    workers = list(
        Worker.objects.filter(committee=committee, active=True)
        .annotate(open_cases=count_of(open_cases), overdue_cases=count_of(overdue))
    )
    for worker in workers:
        worker.visits = visits_by_worker.get(str(worker.pk), 0)  # keyed as stored: by string
    return sorted(workers, key=lambda worker: (-worker.open_cases, worker.display_name))


def training_gaps(committee) -> list[tuple[Line, int]]:
    """Lines with fewer than two trained workers (全岗通), with how many are trained."""
    trained = Q(trainings__worker__committee=committee, trainings__worker__active=True)
    lines = Line.objects.annotate(trained=Count("trainings__worker", filter=trained, distinct=True)).filter(
        trained__lt=duty_selectors.MIN_TRAINED_PER_LINE
    )
    return [(line, line.trained) for line in lines.order_by("order")]


def trend_start(now: dt.datetime) -> dt.date:
    today = timezone.localtime(now).date()
    return today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=TREND_WEEKS - 1)


def trends(committee, now: dt.datetime, *, book: dayfigures.DayBook | None = None) -> list[dict]:
    """Visits, cases opened and cases resolved per week over the last 12 weeks."""
    first_monday = trend_start(now)
    today = timezone.localtime(now).date()
    book = book or dayfigures.books([committee.pk], first_monday, today, now=now)[committee.pk]
    weeks = []
    for k in range(TREND_WEEKS):
        monday = first_monday + dt.timedelta(weeks=k)
        week = book.total(monday, monday + dt.timedelta(days=6))
        weeks.append({"monday": monday, "visits": week.visits, "opened": week.opened, "resolved": week.resolved})
    return weeks


def committee_figures(committee, period: Period, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    calendar = WorkCalendar.load(today - dt.timedelta(days=400), today + dt.timedelta(days=31))
    # One read of the day figures serves the period and the trend's 12 weeks when they
    # meet. A period far from them is read apart: one book spanning both would count and
    # store every day in between (a custom period in 2000 stored some 9,800 days).
    trend_first = trend_start(now)
    first, last = min(period.first, trend_first), max(period.last, today)
    if (last - first).days > (period.last - period.first).days + (today - trend_first).days + 1:
        book = period_book(committee, period, now)
        trend_book = dayfigures.books([committee.pk], trend_first, today, now=now)[committee.pk]
    else:
        book = trend_book = dayfigures.books([committee.pk], first, last, now=now)[committee.pk]
    visits = visit_figures(committee, period, now, book=book)
    return {
        "period": period,
        "visits": visits,
        "cases": case_figures(committee, period, now, book=book),
        "overdue": overdue_cases(committee, now, calendar),
        "unsatisfied": unsatisfied_cases(committee, period),
        "workload": workload(committee, period, now, visits_by_worker=visits["workers"]),
        "coverage": duty_selectors.coverage(committee=committee, first=today, calendar=calendar),
        "training_gaps": training_gaps(committee),
        "trends": trends(committee, now, book=trend_book),
    }


# --- the street office ---------------------------------------------------------------------

def street_comparison(committees, period: Period, now: dt.datetime | None = None) -> list:
    """Headline figures per committee: the day figures added up, and one grouped query for
    the open cases, whatever their number."""
    now = now or timezone.now()
    committees = list(committees)
    ids = [c.pk for c in committees]
    period_totals = {pk: book.total(period.first, period.last)
                     for pk, book in dayfigures.books(ids, period.first, period.last, now=now, counters=(),
                                                     headline=True).items()}
    open_rows = {
        row["committee"]: row for row in Case.objects.filter(committee__in=ids, status__in=OPEN_STATUSES)
        .values("committee").annotate(
            open=Count("*"),
            overdue=Count("status", filter=Q(due_at__lt=now) & ~Q(status=CaseStatus.WAITING)),
        )
    }
    rows = []
    for committee in committees:
        t = period_totals[committee.pk]
        c = open_rows.get(committee.pk, {"open": 0, "overdue": 0})
        rows.append({
            "committee": committee, "visits": t.visits, "on_the_spot_rate": rate(t.on_the_spot, t.visits),
            "open": c["open"], "overdue": c["overdue"], "resolved": t.resolved,
            "on_time_rate": rate(t.resolved_on_time, t.resolved),
            "satisfaction_rate": rate(t.satisfied, t.followed),
        })
    return rows



