"""The derivation of carework.selectors in Python, for databases other than PostgreSQL: the
demo's SQLite (`make run`). The rules are the module docstring of carework.selectors, the
same ones; tests/carework/test_portable.py runs both on the same data and compares every
row, so the two cannot drift apart. Fine for a demo's few hundred people, not a street's."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from committee.models import GridArea
from register.choices import ADVANCED_AGE, PersonStatus
from register.models import Membership, Person, PersonTag, years_before

from .choices import DueStatus, PlanTarget, VisitOutcome
from .models import CarePlan, HomeVisit


def _birthday(birth_date: dt.date, years: int) -> dt.date:
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:  # born on 29 February, the year reached is no leap year (as PostgreSQL does)
        return birth_date.replace(year=birth_date.year + years, day=28)


def status_of(due_on: dt.date, today: dt.date) -> str:
    if due_on < today:
        return DueStatus.OVERDUE
    return DueStatus.DUE_TODAY if due_on == today else DueStatus.VISITED


def planned_rows(committee, today: dt.date, areas: list[int] | None = None) -> list[dict]:
    """One dict per planned person, with the columns of carework.selectors' `due` and the
    status, ordered as care_due orders them."""
    plans = list(CarePlan.objects.filter(committee=committee, active=True))
    applies: dict[int, list[tuple[int, int, dt.date]]] = defaultdict(list)  # person: (plan, days, since)
    tz = timezone.get_default_timezone()
    for plan in plans:
        if plan.target == PlanTarget.TAG:
            for person_id, set_at in PersonTag.objects.filter(tag_id=plan.tag_id, ended_on__isnull=True).values_list(
                "person_id", "set_at"
            ):
                since = max(timezone.localtime(set_at, tz).date(), plan.started_on)
                applies[person_id].append((plan.pk, plan.interval_days, since))
        elif plan.target == PlanTarget.ADVANCED_AGE:
            old = Person.objects.filter(
                committee=committee, status=PersonStatus.ACTIVE, birth_date__lte=years_before(today, ADVANCED_AGE)
            )
            for person_id, birth_date in old.values_list("pk", "birth_date"):
                since = max(_birthday(birth_date, ADVANCED_AGE), plan.started_on)
                applies[person_id].append((plan.pk, plan.interval_days, since))
    memberships = Membership.objects.filter(
        person_id__in=list(applies),
        ended_on__isnull=True,
        person__committee=committee,
        person__status=PersonStatus.ACTIVE,
        household__grid_area__isnull=False,
    ).select_related("person", "household")
    if areas is not None:
        memberships = memberships.filter(household__grid_area_id__in=list(areas))
    placed = {membership.person_id: membership for membership in memberships}
    grid_areas = {area.pk: area for area in GridArea.objects.filter(committee=committee)}
    visits: dict[int, list[HomeVisit]] = defaultdict(list)
    for visit in HomeVisit.objects.filter(person_id__in=list(placed)).order_by("-visited_at", "-pk"):
        visits[visit.person_id].append(visit)
    rows = []
    for person_id, membership in placed.items():
        household, plans_of = membership.household, applies[person_id]
        interval = min(days for _plan, days, _since in plans_of)
        since = min(since for _plan, _days, since in plans_of)
        recent = visits[person_id]
        seen = next((visit for visit in recent if visit.outcome == VisitOutcome.SEEN), None)
        if seen is None:
            due_on = since
        elif seen.next_visit_on is not None:
            due_on = seen.next_visit_on
        else:
            due_on = max(seen.visited_on + dt.timedelta(days=interval), since)
        latest_two = recent[:2]
        area = grid_areas[household.grid_area_id]
        rows.append(
            {
                "person_id": person_id,
                "name": membership.person.name,
                "building": household.building,
                "unit": household.unit,
                "room": household.room,
                "address_key": household.address_key,
                "grid_area_id": area.pk,
                "area_name": area.name,
                "responsible_id": area.responsible_id,
                "interval_days": interval,
                "plan_ids": sorted({plan for plan, _days, _since in plans_of}),
                "due_on": due_on,
                "last_seen_on": seen.visited_on if seen else None,
                "last_visit_on": recent[0].visited_on if recent else None,
                "not_home_twice": len(latest_two) == 2
                and all(visit.outcome == VisitOutcome.NOT_HOME for visit in latest_two),
                "status": status_of(due_on, today),
                "overdue_days": max((today - due_on).days, 0),
            }
        )
    rows.sort(key=lambda row: (row["area_name"], row["grid_area_id"], row["address_key"], row["person_id"]))
    return rows
