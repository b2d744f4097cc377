"""The reminder sweep: find cases about to run late or already late, record each reminder
once, then deliver one digest per recipient.

Once-only is the database's job, in two steps:
1. Reminder rows are inserted set-based with ON CONFLICT DO NOTHING under a unique
   (case, kind, deadline) constraint, so a rerun, a duplicate task or two sweeps at once
   record each reminder exactly once.
2. Unsent rows are taken with SELECT ... FOR UPDATE SKIP LOCKED, delivered, and marked sent
   in the same transaction: a concurrent sweep skips them, and a sweep killed before its
   commit leaves them unsent for the next one to deliver.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from committee.roles import Role
from committee.workcalendar import WorkCalendar, end_of_day
from staffing.models import Worker

from .choices import CaseStatus, ReminderKind
from .models import Case, Notification, Reminder

SWEEP_STATUSES = (CaseStatus.REGISTERED, CaseStatus.DISPATCHED, CaseStatus.IN_PROGRESS)  # waiting: clock stopped


@dataclass
class Cutoffs:
    now: dt.datetime
    due_soon_before: dt.datetime  # due by the end of the next working day
    escalate_before: dt.datetime  # overdue by more than N working days


def cutoffs(now: dt.datetime, escalate_after: int) -> Cutoffs:
    today = timezone.localtime(now).date()
    calendar = WorkCalendar.load(today - dt.timedelta(days=3 * escalate_after + 30), today + dt.timedelta(days=30))
    next_working = calendar.add_working_days(today, 1)
    # The working day N working days before today: a case due before its end is overdue
    # by more than N working days.
    back, counted = today, 0
    while counted < escalate_after:
        back -= dt.timedelta(days=1)
        if calendar.is_working_day(back):
            counted += 1
    escalate_day = back - dt.timedelta(days=1)
    return Cutoffs(now=now, due_soon_before=end_of_day(next_working), escalate_before=end_of_day(escalate_day))


def record_reminders(now: dt.datetime, escalate_after: int) -> dict[str, int]:
    """Insert the reminders that are due now, set-based; returns how many were new."""
    limits = cutoffs(now, escalate_after)
    conditions = {
        ReminderKind.DUE_SOON: ("c.due_at >= %s AND c.due_at <= %s", [limits.now, limits.due_soon_before]),
        ReminderKind.OVERDUE: ("c.due_at < %s", [limits.now]),
        ReminderKind.ESCALATION: ("c.due_at < %s", [limits.escalate_before]),
    }
    reminder_table = connection.ops.quote_name(Reminder._meta.db_table)
    case_table = connection.ops.quote_name(Case._meta.db_table)
    placeholders = ", ".join(["%s"] * len(SWEEP_STATUSES))
    created = {}
    with connection.cursor() as cursor:
        for kind, (condition, params) in conditions.items():
            cursor.execute(
                f"INSERT INTO {reminder_table} (case_id, kind, due_at, created_at) "
                f"SELECT c.id, %s, c.due_at, %s FROM {case_table} c "
                f"WHERE c.status IN ({placeholders}) AND {condition} "
                f"ON CONFLICT (case_id, kind, due_at) DO NOTHING",
                [kind, now, *SWEEP_STATUSES, *params],
            )
            created[kind] = cursor.rowcount
    return created


@dataclass
class Digest:
    worker: Worker
    lines: list[tuple[str, Case]] = field(default_factory=list)


def deliver_pending(now: dt.datetime, batch: int = 5000) -> int:
    """Deliver unsent reminders: in-app notifications plus one mail per recipient.
    Returns the number of reminders delivered."""
    with transaction.atomic():
        pending = list(
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(sent_at__isnull=True)
            .select_related("case", "case__handler", "case__first_responder", "case__committee")
            .order_by("created_at", "pk")[:batch]
        )
        if not pending:
            return 0
        digests = _digests(pending)
        Notification.objects.bulk_create(
            [Notification(recipient=d.worker, case=case, text=_notification_text(kind, case)[:300], created_at=now)
             for d in digests.values() for kind, case in d.lines],
            batch_size=2000,
        )
        Reminder.objects.filter(pk__in=[r.pk for r in pending]).update(sent_at=now)
        _send_digests(digests.values())
    return len(pending)


def _digests(pending: list[Reminder]) -> dict[int, Digest]:
    directors = {
        w.committee_id: w
        for w in Worker.objects.filter(
            role=Role.DIRECTOR, active=True, committee_id__in={r.case.committee_id for r in pending}
        ).order_by("-pk")
    }
    digests: dict[int, Digest] = {}

    def add(worker: Worker | None, kind: str, case: Case) -> None:
        if worker is None:
            return
        digests.setdefault(worker.pk, Digest(worker)).lines.append((kind, case))

    for reminder in pending:
        case = reminder.case
        if reminder.kind == ReminderKind.ESCALATION:
            add(directors.get(case.committee_id), reminder.kind, case)
            continue
        add(case.handler, reminder.kind, case)
        if reminder.kind == ReminderKind.OVERDUE and case.first_responder_id != case.handler_id:
            add(case.first_responder, reminder.kind, case)  # 首问责任: the first responder hears of it too
    return digests


def _notification_text(kind: str, case: Case) -> str:
    label = ReminderKind(kind).label
    return f"【{label}】{case.reference} {case.title}（{timezone.localtime(case.due_at):%m-%d}）"


def _send_digests(digests) -> None:
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for digest in digests:
            email = digest.worker.user.email
            if not email:
                continue  # in-app notification only
            context = {"worker": digest.worker, "lines": digest.lines}
            subject = render_to_string("emails/reminder-digest-subject.txt", context).strip()
            body = render_to_string("emails/reminder-digest-body.txt", context)
            messages.append(EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [email]))
    if messages:
        from django.core.mail import get_connection

        get_connection().send_messages(messages)


def sweep(*, now: dt.datetime | None = None, escalate_after: int | None = None) -> dict[str, int]:
    """One sweep: record what is due, then deliver everything still unsent."""
    now = now or timezone.now()
    escalate_after = settings.ESCALATE_AFTER_WORKING_DAYS if escalate_after is None else escalate_after
    created = record_reminders(now, escalate_after)
    delivered = 0
    while True:
        count = deliver_pending(now)
        delivered += count
        if count == 0:
            break
    return {**{str(k): v for k, v in created.items()}, "delivered": delivered}


__all__ = ["sweep", "record_reminders", "deliver_pending", "cutoffs", "_"]
