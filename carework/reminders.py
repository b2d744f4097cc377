"""The care sweep: once a day each worker with overdue home visits in their grid areas gets
one notification, and the director one for each person not at home twice in a row.

Once-only is the database's job, as in casework.reminders: a CareNotice row per recipient,
kind, day and person (none for the daily reminder; for a flag, the person and the day of
their latest visit) is inserted with ON CONFLICT DO NOTHING, and only the rows this sweep
inserted (RETURNING) get their notification, in the same transaction. A rerun, a duplicate
task or two sweeps at once notify once."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.models import Notification
from committee.models import Committee
from staffing.models import Worker
from staffing.selectors import director_of

from . import portable
from .choices import NoticeKind
from .models import CareNotice, CarePlan
from .selectors import _planned_sql

_OVERDUE = """
, overdue AS (
    SELECT w.id AS worker_id, COUNT(*) AS n
    FROM due JOIN staffing_worker w ON w.user_id = due.responsible_id AND w.active
    WHERE due.due_on < %(today)s GROUP BY w.id
), inserted AS (
    INSERT INTO {table} (recipient_id, kind, day, about, created_at)
    SELECT worker_id, %(kind)s, %(today)s, 0, %(now)s FROM overdue
    ON CONFLICT (recipient_id, kind, day, about) DO NOTHING
    RETURNING recipient_id
)
SELECT inserted.recipient_id, overdue.n FROM inserted JOIN overdue ON overdue.worker_id = inserted.recipient_id
"""

_NOT_HOME = """
, flagged AS (
    SELECT person_id, name, last_visit_on FROM due WHERE not_home_twice
), inserted AS (
    INSERT INTO {table} (recipient_id, kind, day, about, created_at)
    SELECT %(director)s, %(kind)s, last_visit_on, person_id, %(now)s FROM flagged
    ON CONFLICT (recipient_id, kind, day, about) DO NOTHING
    RETURNING about
)
SELECT flagged.name FROM inserted JOIN flagged ON flagged.person_id = inserted.about ORDER BY flagged.name
"""


def _run(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@transaction.atomic
def committee_sweep(*, committee: Committee, now: dt.datetime) -> dict[str, int]:
    """One committee's notices of the day: two statements and a bulk insert of notifications."""
    today = timezone.localtime(now).date()
    if connection.vendor != "postgresql":  # the demo's SQLite
        return _committee_sweep_portable(committee=committee, now=now, today=today)
    table = connection.ops.quote_name(CareNotice._meta.db_table)
    sql, params = _planned_sql(committee, today, None)
    params.update(kind=NoticeKind.OVERDUE_VISITS, now=now)
    overdue = _run(sql.rstrip() + _OVERDUE.format(table=table), params)
    notifications = [
        Notification(
            recipient_id=worker_id,
            text=_("【走访逾期】您包干的片区有 %(n)s 位居民逾期未走访。") % {"n": n},
            created_at=now,
        )
        for worker_id, n in overdue
    ]
    flagged = []
    director = director_of(committee_id=committee.pk)
    if director is not None:
        params.update(kind=NoticeKind.NOT_HOME_TWICE, director=director.pk)
        flagged = _run(sql.rstrip() + _NOT_HOME.format(table=table), params)
        notifications += [
            Notification(
                recipient=director,
                text=_("【连续两次不在家】%(name)s 最近两次走访均不在家，请关注。") % {"name": name},
                created_at=now,
            )
            for (name,) in flagged
        ]
    Notification.objects.bulk_create(notifications)
    return {"overdue": len(overdue), "not_home_twice": len(flagged)}


def _committee_sweep_portable(*, committee: Committee, now: dt.datetime, today: dt.date) -> dict[str, int]:
    """The same notices from carework.portable's rows, for the demo's SQLite, whose writes
    are serialised: a CareNotice looked up, then made, is once-only there."""
    rows = portable.planned_rows(committee, today)
    overdue_by_user = Counter(row["responsible_id"] for row in rows if row["due_on"] < today and row["responsible_id"])
    workers = dict(Worker.objects.filter(user_id__in=list(overdue_by_user), active=True).values_list("user_id", "pk"))
    notifications = []

    def first_time(**notice) -> bool:
        return CareNotice.objects.get_or_create(**notice, defaults={"created_at": now})[1]

    told = 0
    for user_id, n in overdue_by_user.items():
        worker_id = workers.get(user_id)
        if worker_id and first_time(recipient_id=worker_id, kind=NoticeKind.OVERDUE_VISITS, day=today, about=0):
            told += 1
            notifications.append(
                Notification(
                    recipient_id=worker_id,
                    text=_("【走访逾期】您包干的片区有 %(n)s 位居民逾期未走访。") % {"n": n},
                    created_at=now,
                )
            )
    flagged = 0
    director = director_of(committee_id=committee.pk)
    for row in rows if director is not None else ():
        if row["not_home_twice"] and first_time(
            recipient_id=director.pk, kind=NoticeKind.NOT_HOME_TWICE, day=row["last_visit_on"], about=row["person_id"]
        ):
            flagged += 1
            notifications.append(
                Notification(
                    recipient=director,
                    text=_("【连续两次不在家】%(name)s 最近两次走访均不在家，请关注。") % {"name": row["name"]},
                    created_at=now,
                )
            )
    Notification.objects.bulk_create(notifications)
    return {"overdue": told, "not_home_twice": flagged}


def sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Every committee with an active care plan, one transaction each."""
    now = now or timezone.now()
    totals = {"overdue": 0, "not_home_twice": 0}
    planned = Committee.objects.filter(Exists(CarePlan.objects.filter(committee=OuterRef("pk"), active=True)))
    for committee in planned.order_by("pk"):
        for kind, n in committee_sweep(committee=committee, now=now).items():
            totals[kind] += n
    return totals
