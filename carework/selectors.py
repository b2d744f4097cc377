"""Who is due a home visit, derived set-based from the care plans, the register and the
visits: one SQL statement (a few CTEs) per question, whatever the number of people.

The rules, in one place:
- Planned: an active person with a current household in a grid area who carries a tag
  with an active plan of their committee, or is 高龄 (80 or older on the day asked) under
  its plan. Several plans: the strictest (smallest interval) applies.
- Last visit counted: the latest visit with outcome 见到本人. A 不在家 or 拒绝 visit does
  not count: nobody saw how the person is, which is what the frequency is for; they stay
  due (and 不在家 twice in a row is flagged for the director instead).
- Due on: the last counted visit + the interval, but never before the person came under a
  plan (seen long before it, they are due from its start, not overdue for the years before);
  or, when that visit set a next visit date, that date (the worker's word beats the rule). A
  next date set at a 不在家 or 拒绝 visit does not: nobody was seen.
- Never visited: due from the day they came under a plan: for each plan that applies, the
  latest of the day the tag was set (for 高龄, the 80th birthday) and the day the plan
  started; of those, the earliest. Due at once from that day: the first visit is the
  baseline the frequency counts from.
- Status: due_on before today: overdue by (today - due_on) days; due_on today: due today;
  later: visited within the frequency. Coverage is the share visited within it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from committee.models import Committee, GridArea
from register.choices import ADVANCED_AGE
from register.models import years_before

from . import portable
from .choices import DueStatus, PlanTarget, VisitOutcome
from .models import CarePlan, HomeVisit

# The planned people with their due day and status; filled in by _planned_sql.
_PLANNED = """
WITH plan AS (
    SELECT id, target, tag_id, interval_days, started_on
    FROM carework_careplan WHERE committee_id = %(committee)s AND active
),
applies AS (
    SELECT pt.person_id, plan.id AS plan_id, plan.interval_days,
           GREATEST((pt.set_at AT TIME ZONE %(tz)s)::date, plan.started_on) AS since
    FROM plan JOIN register_persontag pt ON pt.tag_id = plan.tag_id AND pt.ended_on IS NULL
    WHERE plan.target = %(tag_target)s
    UNION ALL
    SELECT p.id, plan.id, plan.interval_days,
           GREATEST((p.birth_date + make_interval(years => %(age)s))::date, plan.started_on)
    FROM plan JOIN register_person p
      ON p.committee_id = %(committee)s AND p.birth_date <= %(born_by)s AND p.status = 'active'
    WHERE plan.target = %(age_target)s
),
planned AS (
    SELECT person_id, MIN(interval_days) AS interval_days, MIN(since) AS since,
           array_agg(DISTINCT plan_id) AS plan_ids
    FROM applies GROUP BY person_id
),
placed AS (  -- of those, the active people of the committee with a current household in a grid area
    SELECT p.id AS person_id, p.name, h.id AS household_id, h.building, h.unit, h.room,
           h.address_key, h.grid_area_id
    FROM planned
    JOIN register_person p ON p.id = planned.person_id
    JOIN register_membership m ON m.person_id = p.id AND m.ended_on IS NULL
    JOIN register_household h ON h.id = m.household_id
    WHERE p.committee_id = %(committee)s AND p.status = 'active' AND h.grid_area_id IS NOT NULL {area_filter}
),
recent AS (
    SELECT v.person_id, v.outcome, v.visited_on,
           row_number() OVER (PARTITION BY v.person_id ORDER BY v.visited_at DESC, v.id DESC) AS n
    FROM carework_homevisit v JOIN placed USING (person_id)
),
last_seen AS (  -- the latest visit that saw the person, with the next date it set
    SELECT DISTINCT ON (v.person_id) v.person_id, v.visited_on, v.next_visit_on
    FROM carework_homevisit v JOIN placed USING (person_id)
    WHERE v.outcome = %(seen)s
    ORDER BY v.person_id, v.visited_at DESC, v.id DESC
),
latest AS (
    SELECT person_id,
           MAX(visited_on) FILTER (WHERE n = 1) AS visited_on,
           COUNT(*) FILTER (WHERE outcome = %(not_home)s) = 2 AND COUNT(*) = 2 AS not_home_twice
    FROM recent WHERE n <= 2 GROUP BY person_id
),
due AS (
    SELECT pl.*, planned.interval_days, planned.plan_ids, ls.visited_on AS last_seen_on,
           latest.visited_on AS last_visit_on, COALESCE(latest.not_home_twice, false) AS not_home_twice,
           -- GREATEST ignores NULLs: never seen gives `since`; seen before the plan applied
           -- is due from the plan's start, not overdue for the years before it.
           COALESCE(ls.next_visit_on, GREATEST(ls.visited_on + planned.interval_days, planned.since)) AS due_on,
           ga.name AS area_name, ga.responsible_id
    FROM placed pl
    JOIN planned USING (person_id)
    JOIN committee_gridarea ga ON ga.id = pl.grid_area_id
    LEFT JOIN last_seen ls USING (person_id)
    LEFT JOIN latest USING (person_id)
)
"""


def _planned_sql(committee: Committee, today: dt.date, areas: list[int] | None) -> tuple[str, dict]:
    params = {
        "committee": committee.pk,
        "tz": settings.TIME_ZONE,
        "tag_target": PlanTarget.TAG,
        "age_target": PlanTarget.ADVANCED_AGE,
        "age": ADVANCED_AGE,
        "born_by": years_before(today, ADVANCED_AGE),
        "seen": VisitOutcome.SEEN,
        "not_home": VisitOutcome.NOT_HOME,
        "today": today,
        "overdue": DueStatus.OVERDUE,
        "due_today": DueStatus.DUE_TODAY,
        "visited": DueStatus.VISITED,
    }
    area_filter = ""
    if areas is not None:
        area_filter = "AND h.grid_area_id = ANY(%(areas)s)"
        params["areas"] = list(areas)
    return _PLANNED.format(area_filter=area_filter), params


_STATUS = (
    "CASE WHEN due_on < %(today)s THEN %(overdue)s WHEN due_on = %(today)s THEN %(due_today)s ELSE %(visited)s END"
)


@dataclass(frozen=True)
class DueRow:
    person_id: int
    name: str
    building: str
    unit: str
    room: str
    grid_area_id: int
    area_name: str
    responsible_id: int | None
    interval_days: int
    due_on: dt.date
    last_seen_on: dt.date | None
    last_visit_on: dt.date | None
    not_home_twice: bool
    status: str
    overdue_days: int

    @property
    def address(self) -> str:
        return " ".join(part for part in (self.building, self.unit, self.room) if part)

    @property
    def status_label(self) -> str:
        return DueStatus(self.status).label


def care_due(
    *,
    committee: Committee,
    today: dt.date | None = None,
    areas: list[int] | None = None,
    statuses: tuple[str, ...] = (DueStatus.OVERDUE, DueStatus.DUE_TODAY),
    plan: int | None = None,
    worker: int | None = None,
    not_home_twice: bool = False,
    limit: int | None = None,
) -> list[DueRow]:
    """The planned people of `committee` (in `areas`; of one plan; of one responsible
    user) whose status is one of `statuses`, ordered by area, building, unit and room. One query."""
    today = today or timezone.localdate()
    if connection.vendor != "postgresql":  # the demo's SQLite: the same rules in Python
        rows = [
            row
            for row in portable.planned_rows(committee, today, areas)
            if row["status"] in statuses
            and (plan is None or plan in row["plan_ids"])
            and (worker is None or row["responsible_id"] == worker)
            and (not not_home_twice or row["not_home_twice"])
        ]
        return [DueRow(**{field: row[field] for field in DueRow.__dataclass_fields__}) for row in rows[:limit]]
    sql, params = _planned_sql(committee, today, areas)
    where = ["status = ANY(%(statuses)s)"]
    params["statuses"] = list(statuses)
    if plan is not None:
        where.append("%(plan)s = ANY(plan_ids)")
        params["plan"] = plan
    if worker is not None:
        where.append("responsible_id = %(worker)s")
        params["worker"] = worker
    if not_home_twice:
        where.append("not_home_twice")
    params["limit"] = limit  # NULL: no limit
    sql += f"""
    SELECT person_id, name, building, unit, room, grid_area_id, area_name, responsible_id, interval_days,
           due_on, last_seen_on, last_visit_on, not_home_twice, status, GREATEST(%(today)s - due_on, 0)
    FROM (SELECT due.*, {_STATUS} AS status FROM due) d
    WHERE {" AND ".join(where)}
    ORDER BY area_name, grid_area_id, address_key, person_id
    LIMIT %(limit)s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [DueRow(*row) for row in cursor.fetchall()]


@dataclass
class CoverageFigure:
    key: int | None
    label: str
    planned: int = 0
    visited: int = 0
    due_today: int = 0
    overdue: int = 0
    not_home_twice: int = 0

    @property
    def coverage(self) -> float | None:
        return round(100 * self.visited / self.planned, 1) if self.planned else None


@dataclass
class Coverage:
    total: CoverageFigure
    by_area: list[CoverageFigure]
    by_plan: list[CoverageFigure]
    by_worker: list[CoverageFigure]


def care_coverage(*, committee: Committee, today: dt.date | None = None) -> Coverage:
    """The director's figures: planned people, visited within their frequency, due today,
    overdue and not-at-home-twice, in total and by grid area, plan and responsible worker.
    Three queries: the counts (one statement, grouping sets), the areas and the plans."""
    today = today or timezone.localdate()
    if connection.vendor != "postgresql":  # the demo's SQLite: the same counts in Python
        grouped = _grouped_in_python(portable.planned_rows(committee, today))
        return _coverage(committee, grouped)
    sql, params = _planned_sql(committee, today, None)
    # One row per person and plan: each plan's row counts its people, the other rows count
    # distinct people (someone under two plans is one person of their area).
    counts = """
        COUNT(DISTINCT person_id), COUNT(DISTINCT person_id) FILTER (WHERE status = %(visited)s),
        COUNT(DISTINCT person_id) FILTER (WHERE status = %(due_today)s),
        COUNT(DISTINCT person_id) FILTER (WHERE status = %(overdue)s),
        COUNT(DISTINCT person_id) FILTER (WHERE not_home_twice)
    """
    grouped_sql = (
        sql
        + f"""
    SELECT GROUPING(grid_area_id), GROUPING(responsible_id), GROUPING(plan_id),
           grid_area_id, responsible_id, plan_id, {counts}
    FROM (SELECT due.*, {_STATUS} AS status FROM due) d, unnest(plan_ids) AS plan_id
    GROUP BY GROUPING SETS ((grid_area_id), (responsible_id), (plan_id), ())
    """
    )
    with connection.cursor() as cursor:
        cursor.execute(grouped_sql, params)
        grouped = cursor.fetchall()
    return _coverage(committee, grouped)


def _grouped_in_python(rows: list[dict]) -> list[tuple]:
    """The grouping sets of care_coverage's statement, counted from portable.planned_rows."""

    def figures(group):
        return (
            len(group),
            sum(row["status"] == DueStatus.VISITED for row in group),
            sum(row["status"] == DueStatus.DUE_TODAY for row in group),
            sum(row["status"] == DueStatus.OVERDUE for row in group),
            sum(row["not_home_twice"] for row in group),
        )

    grouped = [(1, 1, 1, None, None, None, *figures(rows))]
    for key, flags in (("grid_area_id", (0, 1, 1)), ("responsible_id", (1, 0, 1))):
        for value in {row[key] for row in rows}:
            group = [row for row in rows if row[key] == value]
            ids = [value if flag == 0 else None for flag in flags]
            grouped.append((*flags, *ids, *figures(group)))
    for plan_id in {plan for row in rows for plan in row["plan_ids"]}:
        grouped.append((1, 1, 0, None, None, plan_id, *figures([row for row in rows if plan_id in row["plan_ids"]])))
    return grouped


def _coverage(committee: Committee, grouped: list[tuple]) -> Coverage:
    total = CoverageFigure(None, "")
    areas_counts, workers_counts, planned = {}, {}, {}
    for area_grouped, worker_grouped, plan_grouped, area_id, worker_id, plan_id, *figures in grouped:
        if not area_grouped:
            areas_counts[area_id] = figures
        elif not worker_grouped:
            workers_counts[worker_id] = figures
        elif not plan_grouped:
            planned[plan_id] = figures
        else:
            total = CoverageFigure(None, "", *figures)
    areas = GridArea.objects.filter(committee=committee).select_related("responsible__worker").order_by("name", "pk")
    by_area = [
        CoverageFigure(area.pk, area.name, *areas_counts.get(area.pk, ()))
        for area in areas
        if area.active or area.pk in areas_counts
    ]
    names = {area.responsible_id: _person_name(area.responsible) for area in areas if area.responsible_id}
    by_worker = [
        CoverageFigure(worker_id, names.get(worker_id, "") if worker_id else "", *figures)
        for worker_id, figures in sorted(workers_counts.items(), key=lambda item: names.get(item[0], ""))
    ]
    plans = CarePlan.objects.filter(committee=committee).select_related("tag").order_by("target", "tag__name")
    by_plan = [
        CoverageFigure(plan.pk, f"{plan.target_label}（{plan.interval_days}天）", *planned.get(plan.pk, ()))
        for plan in plans
        if plan.active or plan.pk in planned
    ]
    return Coverage(total=total, by_area=by_area, by_plan=by_plan, by_worker=by_worker)


def _person_name(user) -> str:
    worker = getattr(user, "worker", None)
    return worker.display_name if worker is not None else user.get_username()


def person_visits(*, person, limit: int = 5):
    """The person's latest home visits, for the record form."""
    return HomeVisit.objects.filter(person=person).select_related("worker").order_by("-visited_at", "-pk")[:limit]


LEFT_SHOWN = 20


def visits_after_leaving(*, committee: Committee):
    """Home visits that arrived (often from a phone offline) after the person had moved out
    or died: kept, flagged, and listed for the director to look at, newest first."""
    return (
        HomeVisit.objects.filter(committee=committee, person_left=True)
        .select_related("person", "worker__worker")
        .order_by("-visited_at", "-pk")[:LEFT_SHOWN]
    )
