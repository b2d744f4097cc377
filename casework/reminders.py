"""The reminder sweep: find cases about to run late or already late, record each reminder
once, then deliver one digest per recipient.

Once-only is the database's job, in two steps:
1. Reminder rows are inserted set-based with ON CONFLICT DO NOTHING under a unique
   (case, kind, deadline) constraint, so a rerun, a duplicate task or two sweeps at once
   record each reminder exactly once.
2. Each reminder is owed to its recipients as ReminderDelivery rows (unique per reminder and
   worker). Each worker's unsent deliveries are taken with SELECT ... FOR UPDATE SKIP LOCKED,
   mailed as one digest and marked sent in one transaction: a concurrent sweep skips them,
   and a sweep killed before that commit leaves them for the next one. Only a crash between
   the SMTP server accepting a digest and the commit can repeat that one digest.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, Value
from django.template.loader import render_to_string
from django.utils import timezone, translation

from committee.selectors import districts_committees
from committee.workcalendar import WorkCalendar, end_of_day
from staffing.models import Worker
from staffing.selectors import director_of_committees, street_admins
from utilities.bulk import analyze

from .choices import REMINDER_EVENTS, CaseStatus, ReminderKind
from .models import Case, CaseEvent, CaseQuerySet, Notification, Reminder, ReminderDelivery

log = logging.getLogger(__name__)

# Resolved cases older than this are not reminded of their 回访: the first sweep after an
# upgrade would otherwise fill the digests with years of cases nobody called back.
FOLLOW_UP_REMIND_WITHIN_DAYS = 60

# Deliveries added by one sweep beyond which the planner statistics are refreshed first.
REFRESH_STATISTICS_AFTER = 500


@dataclass
class Cutoffs:
    now: dt.datetime
    due_soon_before: dt.datetime  # due by the end of the next working day
    escalate_before: dt.datetime  # overdue by more than N working days
    street_before: dt.datetime | None = None  # overdue by more than N + M working days
    follow_up_before: dt.datetime | None = None  # resolved more than K working days ago


def _start_of_working_days_back(calendar: WorkCalendar, today: dt.date, n: int) -> dt.datetime:
    """The start of the working day n working days before today: what happened before it
    is more than n working days old."""
    back, counted = today, 0
    while counted < n:
        back -= dt.timedelta(days=1)
        if calendar.is_working_day(back):
            counted += 1
    return end_of_day(back - dt.timedelta(days=1))


def cutoffs(
    now: dt.datetime,
    escalate_after: int,
    *,
    district_id: int | None = None,
    street_after: int | None = None,
    follow_up_after: int | None = None,
) -> Cutoffs:
    """The moments that decide which cases are due soon, escalate (to the director, then
    to the street office) and wait too long for their 回访, in the district's working days."""
    street_after = settings.ESCALATE_TO_STREET_AFTER_WORKING_DAYS if street_after is None else street_after
    follow_up_after = settings.FOLLOW_UP_REMIND_AFTER_WORKING_DAYS if follow_up_after is None else follow_up_after
    today = timezone.localtime(now).date()
    span = max(escalate_after + street_after, follow_up_after)
    calendar = WorkCalendar.load(today - dt.timedelta(days=3 * span + 30), today + dt.timedelta(days=30), district_id)
    next_working = calendar.add_working_days(today, 1)
    return Cutoffs(
        now=now,
        due_soon_before=end_of_day(next_working),
        escalate_before=_start_of_working_days_back(calendar, today, escalate_after),
        street_before=_start_of_working_days_back(calendar, today, escalate_after + street_after),
        follow_up_before=_start_of_working_days_back(calendar, today, follow_up_after),
    )


def _per_district(condition) -> Q:
    """`condition(cutoffs of a district)` for the cases of each district, OR-ed: each
    district counts working days by its own calendar. With one district (the usual
    installation) no committee filter at all."""
    committees = districts_committees()
    if len(committees) <= 1:
        return condition(next(iter(committees), None))
    either = Q(pk__in=[])
    for district_id, committee_ids in committees.items():
        either |= Q(committee_id__in=committee_ids) & condition(district_id)
    return either


def record_reminders(now: dt.datetime, escalate_after: int) -> dict[str, int]:
    """Insert the reminders that are due now, set-based; returns how many were new."""
    limits = {}

    def of(district_id):
        if district_id not in limits:
            limits[district_id] = cutoffs(now, escalate_after, district_id=district_id)
        return limits[district_id]

    due = {
        ReminderKind.DUE_SOON: Case.objects.running().filter(
            _per_district(lambda d: Q(due_at__gte=now, due_at__lte=of(d).due_soon_before))
        ),
        ReminderKind.OVERDUE: Case.objects.overdue(now),
        # Overdue by more than N working days: already overdue at the end of that day.
        ReminderKind.ESCALATION: Case.objects.filter(
            _per_district(lambda d: CaseQuerySet.is_overdue(of(d).escalate_before))
        ),
        # Past the director's escalation by M more working days: the street office is told.
        ReminderKind.STREET: Case.objects.filter(_per_district(lambda d: CaseQuerySet.is_overdue(of(d).street_before))),
        # Resolved and waiting for its 回访 too long: once per resolution (keyed by its moment).
        ReminderKind.FOLLOW_UP: Case.objects.filter(
            _per_district(lambda d: Q(status=CaseStatus.RESOLVED, resolved_at__lt=of(d).follow_up_before)),
            resolved_at__gte=now - dt.timedelta(days=FOLLOW_UP_REMIND_WITHIN_DAYS),
        ),
    }
    table = connection.ops.quote_name(Reminder._meta.db_table)
    created = {}
    for kind, cases in due.items():
        # The columns in the INSERT's order, each an annotation so the SELECT keeps it.
        keyed_by = "resolved_at" if kind == ReminderKind.FOLLOW_UP else "due_at"
        select = (
            cases.annotate(case_pk=F("pk"), kind=Value(kind), due=F(keyed_by), created=Value(now))
            .values_list("case_pk", "kind", "due", "created")
            .order_by()
        )
        sql, params = select.query.sql_with_params()
        # RETURNING gives only the rows this sweep inserted: each reminder's timeline entry
        # is written once, in the same transaction as the reminder.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (case_id, kind, due_at, created_at) {sql} "
                f"ON CONFLICT (case_id, kind, due_at) DO NOTHING RETURNING case_id",
                params,
            )
            case_ids = [row[0] for row in cursor.fetchall()]
            CaseEvent.objects.bulk_create(
                [
                    CaseEvent(case_id=case_id, kind=REMINDER_EVENTS[kind], at=now, note=str(ReminderKind(kind).label))
                    for case_id in case_ids
                ],
                batch_size=1000,
            )
        created[kind] = len(case_ids)
    return created


def still_due(prefix: str = "") -> Q:
    """A reminder still stands: of the case's deadline as it is now (a schedule entered since
    may have moved it), or for a 回访 reminder, of the resolution still waiting for it."""
    return Q(**{f"{prefix}due_at": F(f"{prefix}case__due_at")}) & ~Q(**{f"{prefix}kind": ReminderKind.FOLLOW_UP}) | Q(
        **{
            f"{prefix}kind": ReminderKind.FOLLOW_UP,
            f"{prefix}due_at": F(f"{prefix}case__resolved_at"),
            f"{prefix}case__status": CaseStatus.RESOLVED,
        }
    )


def fan_out() -> int:
    """Owe each recorded reminder to its recipients, set-based and idempotent: due-soon
    and overdue to the handler, overdue also to the first responder (首问责任), escalations
    to the committee's director."""
    # Only reminders not yet delivered to anyone (partial index), and of the case's deadline
    # as it stands (a schedule entered since may have moved it); ON CONFLICT makes reruns no-ops.
    unsent = Reminder.objects.filter(sent_at__isnull=True).filter(still_due()).order_by()
    director = director_of_committees(OuterRef("case__committee_id"))
    owed = [
        unsent.filter(kind__in=[ReminderKind.DUE_SOON, ReminderKind.OVERDUE]).annotate(worker=F("case__handler_id")),
        unsent.filter(kind=ReminderKind.OVERDUE)
        .exclude(case__first_responder_id=F("case__handler_id"))
        .annotate(worker=F("case__first_responder_id")),
        unsent.filter(kind=ReminderKind.ESCALATION).annotate(worker=director).filter(worker__isnull=False),
        # 首问责任: the first responder does the 回访.
        unsent.filter(kind=ReminderKind.FOLLOW_UP).annotate(worker=F("case__first_responder_id")),
    ]
    owed = [
        reminders.annotate(reminder=F("pk"), recipient=F("worker")).values_list("reminder", "recipient")
        for reminders in owed
    ]
    # Every street admin of the case's street office: one row per reminder and admin.
    owed.append(
        street_admins()
        .filter(street_office__committees__cases__reminders__in=unsent.filter(kind=ReminderKind.STREET))
        .annotate(reminder=F("street_office__committees__cases__reminders__pk"), recipient=F("pk"))
        .values_list("reminder", "recipient")
        .order_by()
    )
    table = connection.ops.quote_name(ReminderDelivery._meta.db_table)
    added = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for rows in owed:
            # Both columns as annotations, in the INSERT's order, so the SELECT keeps that order.
            sql, params = rows.query.sql_with_params()
            cursor.execute(
                f"INSERT INTO {table} (reminder_id, worker_id) {sql} ON CONFLICT (reminder_id, worker_id) DO NOTHING",
                params,
            )
            added += max(cursor.rowcount, 0)
        # A street office without a street admin has nobody to tell: closed, not left pending.
        # Asked of the office, not of the deliveries: a reminder a concurrent sweep has just
        # committed has none yet, and must stay pending for its own fan-out.
        nobody = ~Exists(street_admins().filter(street_office_id=OuterRef("case__committee__street_office_id")))
        Reminder.objects.filter(nobody, sent_at__isnull=True, kind=ReminderKind.STREET).update(sent_at=timezone.now())
    return added


def deliver_pending(now: dt.datetime) -> int:
    """Send every worker their unsent reminders as one digest (and in-app notifications).
    Each worker's digest is claimed (FOR UPDATE SKIP LOCKED), sent and marked in its own
    transaction: a concurrent sweep skips it, a crash before the commit leaves it for the
    next sweep. Returns the number of deliveries made."""
    worker_ids = list(
        ReminderDelivery.objects.filter(sent_at__isnull=True).values_list("worker_id", flat=True).distinct()
    )
    delivered = 0
    for worker_id in worker_ids:  # one transaction per recipient, not per reminder
        try:
            delivered += _deliver_to(worker_id, now)
        except Exception:  # e.g. the mail server refused: left unsent, the next sweep retries
            log.exception("reminder digest for worker %s not delivered", worker_id)
    return delivered


def _deliver_to(worker_id: int, now: dt.datetime) -> int:
    with transaction.atomic():
        deliveries = list(
            ReminderDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(still_due("reminder__"), worker_id=worker_id, sent_at__isnull=True)
            .select_related("worker__user", "reminder__case", "reminder__case__handler")
            .order_by("reminder__case__due_at", "pk")
        )
        if not deliveries:
            return 0
        worker = deliveries[0].worker
        lines = [(d.reminder.kind, d.reminder.case) for d in deliveries]
        Notification.objects.bulk_create(
            [
                Notification(recipient=worker, case=case, text=_notification_text(kind, case)[:300], created_at=now)
                for kind, case in lines
            ]
        )
        ReminderDelivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(sent_at=now)
        Reminder.objects.filter(pk__in={d.reminder_id for d in deliveries}, sent_at__isnull=True).update(sent_at=now)
        _send_digest(worker, lines)  # inside the transaction: if it fails, nothing is marked sent
    return len(deliveries)


def _notification_text(kind: str, case: Case) -> str:
    label = ReminderKind(kind).label
    # A 回访 reminder dates from the resolution; the others from the deadline.
    when = case.resolved_at if kind == ReminderKind.FOLLOW_UP and case.resolved_at else case.due_at
    return f"【{label}】{case.reference} {case.title}（{timezone.localtime(when):%m-%d}）"


def _send_digest(worker: Worker, lines) -> None:
    email = worker.user.email
    if not email:
        return  # in-app notification only
    with translation.override(settings.LANGUAGE_CODE):
        context = {"worker": worker, "lines": lines}
        subject = render_to_string("emails/reminder-digest-subject.txt", context).strip()
        body = render_to_string("emails/reminder-digest-body.txt", context)
    EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [email]).send()


def sweep(*, now: dt.datetime | None = None, escalate_after: int | None = None) -> dict[str, int]:
    """One sweep: record what is due, then deliver everything still unsent."""
    now = now or timezone.now()
    escalate_after = settings.ESCALATE_AFTER_WORKING_DAYS if escalate_after is None else escalate_after
    created = record_reminders(now, escalate_after)
    added = fan_out()
    if added >= REFRESH_STATISTICS_AFTER:
        # Thousands of rows just arrived (after a holiday, or the first sweep): planned on the
        # old, smaller counts, each digest's query looped over every reminder for every
        # delivery (5,000 due cases: 57 s instead of 6). Fresh statistics take milliseconds.
        analyze(Reminder, ReminderDelivery)
    delivered = deliver_pending(now)
    return {**{str(k): v for k, v in created.items()}, "delivered": delivered}
