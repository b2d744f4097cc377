"""Demo care plans and a visit history (office's seed_demo calls this)."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.db import transaction
from django.utils import timezone

from committee.models import Committee, GridArea
from register.models import CareTag

from .choices import Condition, DueStatus, Frequency, PlanTarget, VisitOutcome
from .models import CarePlan, HomeVisit
from .selectors import care_due
from .services import care_plan_save

DEMO_PLANS = [("living_alone", Frequency.WEEKLY), (None, Frequency.MONTHLY), ("dibao", Frequency.QUARTERLY)]


@transaction.atomic
def care_generate(*, committee: Committee, rng: random.Random, today: dt.date, visited_share: float = 0.7) -> int:
    """独居老人 weekly, 高龄 monthly, 低保 quarterly, in force for four months; then, for most
    planned people, seen visits spread over their last interval (bulk, no history rows):
    the director's coverage shows a realistic mix of visited, due and overdue."""
    for code, days in DEMO_PLANS:
        tag = CareTag.objects.get(code=code) if code else None
        care_plan_save(
            committee=committee,
            target=PlanTarget.TAG if tag else PlanTarget.ADVANCED_AGE,
            tag=tag,
            interval_days=int(days),
        )
    CarePlan.objects.filter(committee=committee).update(started_on=today - dt.timedelta(days=120))
    rows = care_due(committee=committee, today=today, statuses=tuple(DueStatus.values))
    areas = {}
    for area in GridArea.objects.filter(committee=committee).select_related("responsible"):
        areas[area.pk] = area.responsible_id
    fallback = committee.workers.filter(active=True).values_list("user_id", flat=True).first()
    visits = []
    tz = timezone.get_current_timezone()
    for row in rows:
        if rng.random() > visited_share:
            continue
        back = rng.randint(0, int(row.interval_days * 1.3))
        day = today - dt.timedelta(days=back)
        at = dt.datetime.combine(day, dt.time(9 + rng.randint(0, 7), rng.randint(0, 59)), tzinfo=tz)
        outcome = VisitOutcome.NOT_HOME if rng.random() < 0.08 else VisitOutcome.SEEN
        visits.append(
            HomeVisit(
                client_id=uuid.uuid4(),
                committee=committee,
                person_id=row.person_id,
                grid_area_id=row.grid_area_id,
                worker_id=areas.get(row.grid_area_id) or fallback,
                recorded_at=at,
                received_at=at,
                visited_at=at,
                visited_on=day,
                outcome=outcome,
                condition=rng.choice(Condition.values) if outcome == VisitOutcome.SEEN else "",
            )
        )
    HomeVisit.objects.bulk_create(visits, batch_size=2000)
    return len(visits)
