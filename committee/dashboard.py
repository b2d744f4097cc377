"""The director's dashboard and the street office's comparison: every figure from a few
aggregate queries, whatever the volume of visits and cases.

`Period` is the window the director picked; `committee_figures` returns the whole
dashboard of one committee; `street_comparison` the same headline figures for every
committee the user may see, in a fixed number of grouped queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.choices import OPEN_STATUSES, CaseStatus, Satisfaction
from casework.models import Case
from reception.choices import Channel, Outcome
from reception.models import Visit, VisitItem
from staffing import duty_selectors
from staffing.models import Worker

from .dayranges import between_days
from .models import Committee, Line
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
        if first and last and first <= last and (last - first).days <= 3660:
            return Period("custom", first, last)
    first = today.replace(day=1)
    next_month = (first + dt.timedelta(days=32)).replace(day=1)
    return Period("month", first, next_month - dt.timedelta(days=1))


def rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


# --- one committee ------------------------------------------------------------------------

def visit_figures(committee, period: Period) -> dict:
    visits = Visit.objects.valid().filter(committee=committee, received_at__gte=period.start, received_at__lt=period.end)
    first_visit = Q(previous_visit__isnull=True)
    # One row per (channel, outcome, first visit or not), summed here: one COUNT for the
    # database and the ORM to build rather than one per channel and outcome.
    groups = list(visits.order_by().values_list("channel", "outcome").annotate(
        first=ExpressionWrapper(first_visit, output_field=BooleanField()), n=Count("*")))
    counts = {"total": sum(n for *_key, n in groups),
              "matters": sum(n for _channel, _outcome, first, n in groups if first)}
    for channel in Channel.values:
        counts[f"channel_{channel}"] = sum(n for c, _outcome, _first, n in groups if c == channel)
    for outcome in Outcome.values:
        counts[f"outcome_{outcome}"] = sum(n for _channel, o, _first, n in groups if o == outcome)
    # 最多跑两次: of the matters that started in the period (first visits), those that took at
    # most two trips, i.e. all but the ones with two or more return visits (at any time after).
    # Returns come after their first visit, so they are read from the period's start on: one
    # grouped pass over the returns, not a look-up per first visit.
    started_in_period = visits.filter(first_visit).values("pk")
    more_than_two = (
        Visit.objects.valid().filter(committee=committee, received_at__gte=period.start,
                                     previous_visit__in=started_in_period)
        .values("previous_visit").annotate(n=Count("id")).filter(n__gte=2).count()
    )
    by_line = list(
        VisitItem.objects.filter(visit__in=visits).values("service_item__line__name", "service_item__line_id")
        .annotate(n=Count("visit", distinct=True)).order_by("-n")
    )
    return {
        "total": counts["total"],
        "by_channel": [(c, label, counts[f"channel_{c}"]) for c, label in Channel.choices],
        "by_outcome": [(o, label, counts[f"outcome_{o}"]) for o, label in Outcome.choices],
        "on_the_spot_rate": rate(counts[f"outcome_{Outcome.ON_THE_SPOT}"], counts["total"]),
        "matters": counts["matters"],
        "within_two_trips_rate": rate(counts["matters"] - more_than_two, counts["matters"]),
        "by_line": by_line,
    }


def case_figures(committee, period: Period, now: dt.datetime) -> dict:
    today = timezone.localtime(now).date()
    sunday = today + dt.timedelta(days=6 - today.weekday())
    cases = Case.objects.filter(committee=committee)
    is_open = Q(status__in=OPEN_STATUSES)
    running = is_open & ~Q(status=CaseStatus.WAITING)
    resolved_in = Q(resolved_at__gte=period.start, resolved_at__lt=period.end)
    followed_in = Q(followed_up_at__gte=period.start, followed_up_at__lt=period.end) & ~Q(satisfaction="")
    opened_in = Q(registered_at__gte=period.start, registered_at__lt=period.end)
    satisfied = Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY])
    # Open cases: one aggregate over the (committee, status, due_at) index alone (counting a
    # column of it: COUNT(*) takes no filter).
    counts = cases.filter(is_open).aggregate(
        open=Count("*"),
        **{f"status_{s}": Count("status", filter=Q(status=s)) for s in OPEN_STATUSES},
        overdue=Count("status", filter=running & Q(due_at__lt=now)),
        due_this_week=Count("status", filter=between_days("due_at", today, sunday)),
    )
    # The period's figures, each counted from the index on its own date (which carries the
    # columns it tests), all in one round trip: a year of a committee's cases is read from
    # indexes, not from 10,000 scattered rows.
    counts.update(counts_of(committee, {
        "opened": cases.filter(opened_in),
        "resolved": cases.filter(resolved_in),
        "resolved_on_time": cases.filter(resolved_in, resolved_at__lte=F("due_at")),
        "timed": cases.filter(resolved_in, resolution_working_days__isnull=False),
        "followed": cases.filter(followed_in),
        "satisfied": cases.filter(followed_in & satisfied),
        "unsatisfied": cases.filter(followed_in, satisfaction=Satisfaction.UNSATISFIED),
    }))
    by_line = list(cases.filter(is_open).values("line__name", "line_id").annotate(n=Count("id")).order_by("-n"))
    return {
        **counts,
        "by_status": [(s, CaseStatus(s).label, counts[f"status_{s}"]) for s in OPEN_STATUSES],
        "by_line": by_line,
        "on_time_rate": rate(counts["resolved_on_time"], counts["resolved"]),
        "satisfaction_rate": rate(counts["satisfied"], counts["followed"]),
        "median_days": median_resolution_days(cases.filter(resolved_in), count=counts["timed"]),
    }


def counts_of(committee, querysets: dict) -> dict[str, int]:
    """COUNT(*) of each queryset, as scalar subqueries of one query on the committee's row."""
    def count(queryset):
        rows = queryset.order_by().values("committee").annotate(n=Count("*")).values("n")[:1]
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    return Committee.objects.filter(pk=committee.pk).values(
        **{name: count(queryset) for name, queryset in querysets.items()}
    ).get()


def median_resolution_days(resolved, *, count: int) -> float | None:
    """The median of the stored working days to resolve: one offset read, the count
    coming from the aggregate query."""
    values = resolved.exclude(resolution_working_days__isnull=True)
    if not count:
        return None
    ordered = values.order_by("resolution_working_days").values_list("resolution_working_days", flat=True)
    if count % 2:
        return float(ordered[count // 2])
    pair = list(ordered[count // 2 - 1: count // 2 + 1])
    return (pair[0] + pair[1]) / 2


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


def workload(committee, period: Period, now: dt.datetime) -> list[Worker]:
    """Per worker: visits received in the period, open cases handled, of which overdue."""
    def count_of(queryset):
        return Coalesce(Subquery(queryset.annotate(n=Count("*")).values("n")[:1], output_field=IntegerField()), 0)

    visits = Visit.objects.valid().filter(received_by=OuterRef("pk"), received_at__gte=period.start,
                                          received_at__lt=period.end).values("received_by")
    open_cases = Case.objects.filter(handler=OuterRef("pk"), status__in=OPEN_STATUSES).values("handler")
    overdue = open_cases.exclude(status=CaseStatus.WAITING).filter(due_at__lt=now)
    return list(
        Worker.objects.filter(committee=committee, active=True)
        .annotate(visits=count_of(visits), open_cases=count_of(open_cases), overdue_cases=count_of(overdue))
        .order_by("-open_cases", "display_name")
    )


def training_gaps(committee) -> list[tuple[Line, int]]:
    """Lines with fewer than two trained workers (全岗通), with how many are trained."""
    trained = Q(trainings__worker__committee=committee, trainings__worker__active=True)
    lines = Line.objects.annotate(trained=Count("trainings__worker", filter=trained, distinct=True)).filter(
        trained__lt=duty_selectors.MIN_TRAINED_PER_LINE
    )
    return [(line, line.trained) for line in lines.order_by("order")]


def trends(committee, now: dt.datetime) -> list[dict]:
    """Visits, cases opened and cases resolved per week over the last 12 weeks. COUNT(*),
    not of a column, so each series is read from its (committee, time) index alone."""
    today = timezone.localtime(now).date()
    first_monday = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=TREND_WEEKS - 1)
    start = timezone.make_aware(dt.datetime.combine(first_monday, dt.time.min))
    tz = timezone.get_current_timezone()
    visits = dict(
        Visit.objects.valid().filter(committee=committee, received_at__gte=start)
        .annotate(week=TruncWeek("received_at", tzinfo=tz)).values_list("week").annotate(n=Count("*"))
    )
    cases = Case.objects.filter(committee=committee)
    opened_rows = (cases.filter(registered_at__gte=start).annotate(week=TruncWeek("registered_at", tzinfo=tz),
                                                                    kind=Value("opened"))
                   .values_list("kind", "week").annotate(n=Count("*")).order_by())
    resolved_rows = (cases.filter(resolved_at__gte=start).annotate(week=TruncWeek("resolved_at", tzinfo=tz),
                                                                    kind=Value("resolved"))
                     .values_list("kind", "week").annotate(n=Count("*")).order_by())
    opened, resolved = {}, {}
    for kind, week, n in opened_rows.union(resolved_rows, all=True):  # one query for both series
        (opened if kind == "opened" else resolved)[week] = n

    def on(table, monday):
        for key, value in table.items():
            key_date = timezone.localtime(key).date() if isinstance(key, dt.datetime) else key
            if key_date == monday:
                return value
        return 0

    weeks = []
    for k in range(TREND_WEEKS):
        monday = first_monday + dt.timedelta(weeks=k)
        weeks.append({"monday": monday, "visits": on(visits, monday), "opened": on(opened, monday),
                      "resolved": on(resolved, monday)})
    return weeks


def committee_figures(committee, period: Period, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    calendar = WorkCalendar.load(today - dt.timedelta(days=400), today + dt.timedelta(days=31))
    return {
        "period": period,
        "visits": visit_figures(committee, period),
        "cases": case_figures(committee, period, now),
        "overdue": overdue_cases(committee, now, calendar),
        "unsatisfied": unsatisfied_cases(committee, period),
        "workload": workload(committee, period, now),
        "coverage": duty_selectors.coverage(committee=committee, first=today, calendar=calendar),
        "training_gaps": training_gaps(committee),
        "trends": trends(committee, now),
    }


# --- the street office ---------------------------------------------------------------------

def street_comparison(committees, period: Period, now: dt.datetime | None = None) -> list:
    """Headline figures per committee, in three grouped queries whatever their number."""
    now = now or timezone.now()
    committees = list(committees)
    ids = [c.pk for c in committees]
    visit_rows = {
        row["committee"]: row for row in Visit.objects.valid()
        .filter(committee__in=ids, received_at__gte=period.start, received_at__lt=period.end)
        .values("committee").annotate(total=Count("id"), on_the_spot=Count("id", filter=Q(outcome=Outcome.ON_THE_SPOT)))
    }
    resolved_in = Q(resolved_at__gte=period.start, resolved_at__lt=period.end)
    followed_in = Q(followed_up_at__gte=period.start, followed_up_at__lt=period.end) & ~Q(satisfaction="")
    case_rows = {
        row["committee"]: row for row in Case.objects.filter(committee__in=ids)
        .filter(Q(status__in=OPEN_STATUSES) | resolved_in | followed_in)  # the rows counted, by their indexes
        .values("committee").annotate(
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, due_at__lt=now) & ~Q(status=CaseStatus.WAITING)),
            resolved=Count("id", filter=resolved_in),
            resolved_on_time=Count("id", filter=resolved_in & Q(resolved_at__lte=F("due_at"))),
            followed=Count("id", filter=followed_in),
            satisfied=Count("id", filter=followed_in & Q(satisfaction__in=[Satisfaction.SATISFIED,
                                                                            Satisfaction.BASICALLY])),
        )
    }
    rows = []
    for committee in committees:
        v = visit_rows.get(committee.pk, {"total": 0, "on_the_spot": 0})
        c = case_rows.get(committee.pk, {"open": 0, "overdue": 0, "resolved": 0, "resolved_on_time": 0,
                                         "followed": 0, "satisfied": 0})
        rows.append({
            "committee": committee, "visits": v["total"], "on_the_spot_rate": rate(v["on_the_spot"], v["total"]),
            "open": c["open"], "overdue": c["overdue"], "resolved": c["resolved"],
            "on_time_rate": rate(c["resolved_on_time"], c["resolved"]),
            "satisfaction_rate": rate(c["satisfied"], c["followed"]),
        })
    return rows



