"""What the top app reads across every app: the director's dashboard, the street office's
comparison and the public notice board.

The dashboard and the comparison give every figure from a few queries, whatever the
volume of visits and cases and the length of the period. A period's visits and case
events are added up from the committees' day figures (`office.dayfigures`); open cases,
lists and duty are read live.

`Period` is the window the director picked; `committee_figures` returns the whole
dashboard of one committee; `street_comparison` the same headline figures for every
committee the user may see, in a fixed number of grouped queries; `board_for` what a
committee's public board shows, chosen field by field."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.choices import OPEN_STATUSES, CaseStatus, EventKind, Satisfaction
from casework.models import Case, CaseEvent, CaseQuerySet
from committee.models import Committee, GridArea, Line, ServiceItem
from committee.workcalendar import WorkCalendar
from reception.choices import Channel, Outcome
from reception.selectors import office_hours
from staffing import selectors as staffing_selectors
from staffing.models import Worker
from staffing.selectors import duty_now_and_today
from utilities.dayranges import EARLIEST, LATEST, between_days
from utilities.naturalsort import naturally_sorted

from . import dayfigures

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


def visit_figures(
    committee, period: Period, now: dt.datetime | None = None, *, book: dayfigures.DayBook | None = None
) -> dict:
    totals = (book or period_book(committee, period, now)).total(period.first, period.last)
    # 最多跑两次: of the matters started in the period (first visits), those that took at
    # most two trips, i.e. all but the ones with two or more return visits (at any time after).
    per_line = {int(pk): n for pk, n in totals.lines.items()}
    lines = Line.objects.in_bulk(list(per_line)) if per_line else {}
    by_line = sorted(
        (
            {"service_item__line_id": pk, "service_item__line__name": lines[pk].name, "n": n}
            for pk, n in per_line.items()
            if pk in lines
        ),
        key=lambda row: -row["n"],
    )
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


def case_figures(
    committee,
    period: Period,
    now: dt.datetime,
    *,
    book: dayfigures.DayBook | None = None,
    calendar: WorkCalendar | None = None,
) -> dict:
    today = timezone.localtime(now).date()
    sunday = today + dt.timedelta(days=6 - today.weekday())
    if calendar is None or calendar.district_id != committee.district_id or not calendar.covers(sunday):
        calendar = WorkCalendar.load(today, sunday, committee.district_id)
    cases = Case.objects.filter(committee=committee)
    # Open cases: one aggregate over the (committee, status, due_at) index alone (counting a
    # column of it: COUNT(*) takes no filter).
    counts = cases.open().aggregate(
        open=Count("*"),
        **{f"status_{s}": Count("status", filter=Q(status=s)) for s in OPEN_STATUSES},
        overdue=Count("status", filter=CaseQuerySet.is_overdue(now)),
        due_this_week=Count("status", filter=between_days("due_at", today, sunday)),
    )
    # The period's figures: added up from the committee's day figures.
    totals = (book or period_book(committee, period, now)).total(period.first, period.last)
    counts.update(
        {
            name: getattr(totals, name)
            for name in ("opened", "resolved", "resolved_on_time", "timed", "followed", "satisfied", "unsatisfied")
        }
    )
    by_line = list(cases.open().values("line__name", "line_id").annotate(n=Count("id")).order_by("-n"))
    # This week's deadlines are provisional while the week is in a year without its schedule.
    counts["due_this_week_provisional"] = calendar.provisional_between(today, sunday)
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
        Case.objects.filter(committee=committee)
        .overdue(now)
        .select_related("handler", "line")
        .order_by("due_at")[:limit]
    )
    today = timezone.localtime(now).date()
    for case in cases:
        due = timezone.localtime(case.due_at).date()
        case.days_overdue = calendar.working_days_between(due, today) if calendar.covers(due) else None
    return cases


def supervision_figures(committee, period: Period) -> dict[str, int]:
    """Residents' 催办 and directors' 督办 on the committee's cases in the period: one aggregate."""
    return CaseEvent.objects.filter(
        case__committee=committee,
        at__gte=period.start,
        at__lt=period.end,
        kind__in=[EventKind.CHASED, EventKind.SUPERVISED],
    ).aggregate(
        chased=Count("pk", filter=Q(kind=EventKind.CHASED)),
        supervised=Count("pk", filter=Q(kind=EventKind.SUPERVISED)),
    )


def unsatisfied_cases(committee, period: Period, limit: int = 10) -> list[Case]:
    return list(
        Case.objects.filter(
            committee=committee,
            satisfaction=Satisfaction.UNSATISFIED,
            followed_up_at__gte=period.start,
            followed_up_at__lt=period.end,
        )
        .select_related("handler")
        .order_by("-followed_up_at")[:limit]
    )


def workload(committee, period: Period, now: dt.datetime, *, visits_by_worker: dict | None = None) -> list[Worker]:
    """Per worker: visits received in the period, open cases handled, of which overdue."""

    def count_of(queryset):
        return Coalesce(Subquery(queryset.annotate(n=Count("*")).values("n")[:1], output_field=IntegerField()), 0)

    if visits_by_worker is None:
        visits_by_worker = period_book(committee, period, now).total(period.first, period.last).workers
    handled = Case.objects.filter(handler=OuterRef("pk")).values("handler")
    open_cases, overdue = handled.open(), handled.overdue(now)
    workers = list(
        Worker.objects.filter(committee=committee, active=True).annotate(
            open_cases=count_of(open_cases), overdue_cases=count_of(overdue)
        )
    )
    for worker in workers:
        worker.visits = visits_by_worker.get(str(worker.pk), 0)  # keyed as stored: by string
    return sorted(workers, key=lambda worker: (-worker.open_cases, worker.display_name))


def training_gaps(committee) -> list[tuple[Line, int]]:
    """Lines with fewer than two trained workers (全岗通), with how many are trained."""
    trained = Q(trainings__worker__committee=committee, trainings__worker__active=True)
    lines = (
        Line.objects.of_district(committee.district_id)
        .annotate(trained=Count("trainings__worker", filter=trained, distinct=True))
        .filter(trained__lt=staffing_selectors.MIN_TRAINED_PER_LINE)
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
    calendar = WorkCalendar.load(today - dt.timedelta(days=400), today + dt.timedelta(days=31), committee.district_id)
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
        "cases": case_figures(committee, period, now, book=book, calendar=calendar),
        "overdue": overdue_cases(committee, now, calendar),
        "unsatisfied": unsatisfied_cases(committee, period),
        "supervision": supervision_figures(committee, period),
        "approvals": staffing_selectors.approvals_count(committee=committee),
        "workload": workload(committee, period, now, visits_by_worker=visits["workers"]),
        "coverage": staffing_selectors.coverage(committee=committee, first=today, calendar=calendar),
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
    period_totals = {
        pk: book.total(period.first, period.last)
        for pk, book in dayfigures.books(ids, period.first, period.last, now=now, counters=(), headline=True).items()
    }
    open_rows = {
        row["committee"]: row
        for row in Case.objects.filter(committee__in=ids)
        .open()
        .values("committee")
        .annotate(
            open=Count("*"),
            overdue=Count("status", filter=CaseQuerySet.is_overdue(now)),
        )
    }
    rows = []
    for committee in committees:
        t = period_totals[committee.pk]
        c = open_rows.get(committee.pk, {"open": 0, "overdue": 0})
        rows.append(
            {
                "committee": committee,
                "visits": t.visits,
                "on_the_spot_rate": rate(t.on_the_spot, t.visits),
                "open": c["open"],
                "overdue": c["overdue"],
                "resolved": t.resolved,
                "on_time_rate": rate(t.resolved_on_time, t.resolved),
                "satisfaction_rate": rate(t.satisfied, t.followed),
            }
        )
    return rows


# --- The public notice board (no login) -------------------------------------------------
# Everything below returns plain values chosen field by field, never model instances of
# workers or users, so a template cannot reach a private phone or a username by accident.


@dataclass(frozen=True)
class BoardDuty:
    shift: str
    start: dt.time
    end: dt.time
    names: list[str]
    on_now: bool


@dataclass(frozen=True)
class BoardGridArea:
    name: str
    buildings: str
    responsible: str
    phone: str

    @property
    def dial(self) -> str:
        """What a tel: link can dial: the number before any extension note (转8001)."""
        match = re.match(r"\+?[\d\s-]+", self.phone)
        return re.sub(r"[\s-]", "", match.group()) if match else ""


@dataclass(frozen=True)
class BoardItem:
    name: str
    name_en: str
    materials: list[str]
    on_the_spot: bool
    time_limit_days: int


@dataclass(frozen=True)
class BoardLine:
    name: str
    name_en: str
    items: list[BoardItem]


@dataclass(frozen=True)
class Board:
    committee: Committee
    at: dt.datetime
    on_now: list[BoardDuty]
    today: list[BoardDuty]
    hours: dict
    grid_areas: list[BoardGridArea]
    catalogue: list[BoardLine]


def board_committee(code: str) -> Committee | None:
    """The committee whose board answers at /board/<code>/: matched case-insensitively,
    and only while it is active and has chosen to publish its board (one query)."""
    matches = list(
        Committee.objects.filter(code__iexact=code, active=True, board_published=True).select_related("street_office")[
            :2
        ]
    )
    exact = [c for c in matches if c.code == code]
    return (exact or matches or [None])[0]


def board_for(*, committee: Committee, at: dt.datetime | None = None) -> Board:
    """What the public board of `committee` shows at `at`: six queries whatever the size
    of the roster, the grid and the catalogue."""
    at = timezone.localtime(at or timezone.now())
    duty = duty_now_and_today(committee=committee, at=at)
    today = _board_duties(duty.today, on_now={d.pk for d in duty.now})
    return Board(
        committee=committee,
        at=at,
        on_now=[d for d in today if d.on_now],
        today=today,
        hours=office_hours(committee=committee, first=at.date(), days=14),
        grid_areas=_board_grid_areas(committee),
        catalogue=_board_catalogue(committee),
    )


def _board_duties(assignments, on_now: set[int]) -> list[BoardDuty]:
    """Today's duty grouped by shift, with the workers' display names only."""
    by_shift: dict[int, list] = {}
    for duty in assignments:  # already ordered by shift start, then name
        by_shift.setdefault(duty.shift_id, []).append(duty)
    rows = []
    for duties in by_shift.values():
        shift = duties[0].shift
        rows.append(
            BoardDuty(
                shift=shift.name,
                start=shift.start,
                end=shift.end,
                names=[d.worker.display_name for d in duties],
                on_now=any(d.pk in on_now for d in duties),
            )
        )
    return rows


def _board_grid_areas(committee: Committee) -> list[BoardGridArea]:
    """Active grid areas with the responsible worker's name and the area's public phone;
    a responsible person who has left (inactive login or profile) is not named."""
    rows = (
        GridArea.objects.filter(committee=committee, active=True)
        .order_by()
        .values_list(
            "name",
            "buildings",
            "public_phone",
            "responsible__worker__display_name",
            "responsible__worker__active",
            "responsible__is_active",
        )
    )
    rows = naturally_sorted(rows, key=lambda row: row[0])  # 一、二、三 … 十, 1, 2, 10
    return [
        BoardGridArea(
            name=name,
            buildings=buildings,
            phone=phone,
            responsible=(display_name or "") if worker_active and user_active else "",
        )
        for name, buildings, phone, display_name, worker_active, user_active in rows
    ]


def _board_catalogue(committee) -> list[BoardLine]:
    """The active service items the committee offers, grouped by line, in catalogue order
    (one query)."""
    rows = (
        ServiceItem.objects.offered_to(committee)
        .active()
        .order_by("line__order", "line__code", "name")
        .values_list("line__name", "line__name_en", "name", "name_en", "materials", "on_the_spot", "time_limit_days")
    )
    lines = []
    for (line_name, line_name_en), group in groupby(rows, key=lambda row: row[:2]):
        items = [
            BoardItem(
                name=name,
                name_en=name_en,
                materials=list(materials or []),
                on_the_spot=on_the_spot,
                time_limit_days=days,
            )
            for _line, _line_en, name, name_en, materials, on_the_spot, days in group
        ]
        lines.append(BoardLine(name=line_name, name_en=line_name_en, items=items))
    return lines
