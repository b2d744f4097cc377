"""Bulk generation of demo and benchmark cases (the live write path is services.case_open;
this builds the same rows in bulk so `seed_demo --scale` can make 500,000 of them)."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.utils import timezone

from committee.services import numbers_reserve
from committee.workcalendar import WorkCalendar, end_of_day
from utilities.bulk import copy_insert

from .choices import CaseSource, CaseStatus, EventKind, Satisfaction
from .models import Case, CaseEvent
from .services import DEFAULT_TIME_LIMIT_DAYS, case_reference

SATISFACTION_WEIGHTS = ((Satisfaction.SATISFIED, 85), (Satisfaction.BASICALLY, 11), (Satisfaction.UNSATISFIED, 4))


def cases_bulk_create(
    *,
    committee,
    specs: list[dict],
    rng: random.Random,
    now: dt.datetime,
    handlers_by_line: dict,
    director,
    calendar: WorkCalendar,
) -> list[Case]:
    """Create one case per spec (keys as case_open's arguments), aged realistically:
    most past-due cases are closed, a few are still open and overdue."""
    specs = sorted(specs, key=lambda s: s["registered_at"])
    by_year = defaultdict(list)
    for spec in specs:
        by_year[timezone.localtime(spec["registered_at"]).year].append(spec)
    cases = []
    for year, year_specs in by_year.items():
        number = numbers_reserve(committee_id=committee.pk, series="case", year=year, count=len(year_specs))
        for spec in year_specs:
            cases.append(
                _case_from_spec(
                    committee,
                    spec,
                    case_reference(committee, year, number),
                    rng,
                    now,
                    handlers_by_line,
                    director,
                    calendar,
                )
            )
            number += 1
    copy_insert(Case, cases)
    copy_insert(CaseEvent, [e for case in cases for e in _events(case)])
    return cases


def _case_from_spec(committee, spec, reference, rng, now, handlers_by_line, director, calendar) -> Case:
    item = spec.get("service_item")
    line = spec.get("line") or item.line
    limit = item.time_limit_days if item and item.time_limit_days else DEFAULT_TIME_LIMIT_DAYS
    registered_at = spec["registered_at"]
    due_day = calendar.add_working_days(timezone.localtime(registered_at).date(), limit)
    case = Case(
        committee_id=committee.pk,
        reference=reference,
        source=spec.get("source", CaseSource.WALK_IN),
        source_reference=spec.get("source_reference", ""),
        line_id=line.pk,
        service_item_id=item.pk if item else None,
        title=spec["title"],
        description=spec.get("description", ""),
        resident_name=spec.get("resident_name", ""),
        resident_phone=spec.get("resident_phone", ""),
        address=spec.get("address", ""),
        grid_area_id=spec["grid_area"].pk if spec.get("grid_area") else None,
        first_responder=spec["first_responder"],
        handler=handlers_by_line.get(line.pk) or director,
        registered_at=registered_at,
        time_limit_days=limit,
        due_at=end_of_day(due_day),
        status=CaseStatus.DISPATCHED,
    )
    age_days = (now - registered_at).days
    span = max((case.due_at - registered_at).total_seconds(), 3600)
    roll = rng.random()
    if case.due_at < now and roll < 0.94 or age_days > 30 and roll < 0.99:
        # Finished: mostly on time, some late.
        late = rng.random() < 0.12
        case.resolved_at = registered_at + dt.timedelta(seconds=span * (1.3 if late else rng.uniform(0.1, 0.95)))
        case.resolved_at = min(case.resolved_at, now - dt.timedelta(hours=1))
        case.resolution = "已按规定办结并告知居民。"
        case.resolution_working_days = max(
            0,
            calendar.working_days_between(
                timezone.localtime(registered_at).date(), timezone.localtime(case.resolved_at).date()
            ),
        )
        if case.resolved_at + dt.timedelta(days=2) < now:
            case.status = CaseStatus.CLOSED
            case.followed_up_at = case.resolved_at + dt.timedelta(days=rng.randint(1, 2))
            case.closed_at = case.followed_up_at
            case.satisfaction = rng.choices(*zip(*SATISFACTION_WEIGHTS, strict=True))[0]
            case.follow_up_comment = "电话回访" if case.satisfaction != Satisfaction.UNSATISFIED else "居民认为办理太慢"
        else:
            case.status = CaseStatus.RESOLVED
    else:
        case.status = rng.choice(
            [CaseStatus.DISPATCHED, CaseStatus.IN_PROGRESS, CaseStatus.IN_PROGRESS, CaseStatus.WAITING]
        )
        if case.status == CaseStatus.WAITING:
            case.paused_since = min(now, registered_at + dt.timedelta(days=1))
    return case


def _events(case: Case) -> list[CaseEvent]:
    events = [
        CaseEvent(
            case_id=case.pk,
            kind=EventKind.OPENED,
            actor_id=case.first_responder_id,
            at=case.registered_at,
            to_status=CaseStatus.REGISTERED,
            note=case.title,
        ),
        CaseEvent(
            case_id=case.pk,
            kind=EventKind.ROUTED,
            actor_id=case.first_responder_id,
            at=case.registered_at,
            from_status=CaseStatus.REGISTERED,
            to_status=CaseStatus.DISPATCHED,
            note=case.handler.display_name,
        ),
    ]
    if case.resolved_at:
        events.append(
            CaseEvent(
                case_id=case.pk,
                kind=EventKind.STATUS,
                actor_id=case.handler_id,
                at=case.resolved_at,
                from_status=CaseStatus.IN_PROGRESS,
                to_status=CaseStatus.RESOLVED,
                note=case.resolution,
            )
        )
    if case.closed_at:
        events.append(
            CaseEvent(
                case_id=case.pk,
                kind=EventKind.FOLLOWED_UP,
                actor_id=case.first_responder_id,
                at=case.closed_at,
                from_status=CaseStatus.RESOLVED,
                to_status=CaseStatus.CLOSED,
                note=case.follow_up_comment,
                data={"satisfaction": case.satisfaction},
            )
        )
    if case.status == CaseStatus.WAITING:
        events.append(
            CaseEvent(
                case_id=case.pk,
                kind=EventKind.PAUSED,
                actor_id=case.handler_id,
                at=case.paused_since,
                from_status=CaseStatus.DISPATCHED,
                to_status=CaseStatus.WAITING,
                note="等待居民补交材料",
            )
        )
    return events
