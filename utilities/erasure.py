"""Erasing personal details in place (retention, PIPL): what an erased value reads as, and
one UPDATE that erases a set of rows in the live table and in its history table.

`QuerySet.update()` writes no history, and django-simple-history's tables hold the same
details, so the history rows are erased first, while the live rows still say which records
are due, then the live rows."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case as CaseWhen
from django.db.models import Q, QuerySet, Value, When
from django.dispatch import Signal
from django.utils import timezone

ANONYMISED_NAME = "已匿名"
ERASED_TEXT = "（已过保存期限，内容已删除）"

# Sent by the retention sweep (reception.retention) with `cutoff` and `now`, inside its
# transaction: an app above reception (carework) erases its own records due, which the
# sweep cannot import.
retention_sweep = Signal()


def retention_cutoff(*, days: int, now: dt.datetime | None = None) -> dt.datetime:
    if days < 1:
        raise ValueError("the retention period must be at least one day")
    return (now or timezone.now()) - dt.timedelta(days=days)


def erased(field: str):
    """The field's value once erased: empty stays empty (nothing was written), anything else
    becomes a marker, so a reader sees it was erased rather than never written."""
    return CaseWhen(When(**{field: ""}, then=Value("")), default=Value(ERASED_TEXT))


def holds_text(field: str) -> Q:
    """Rows whose `field` still holds something to erase."""
    return ~Q(**{field: ""}) & ~Q(**{field: ERASED_TEXT})


def erase(due: QuerySet, blanks: dict, *, live_only: dict | None = None) -> int:
    """Apply `blanks` to the rows of `due` and to every history row of those records;
    `live_only` adds values for columns the history does not keep. Returns live rows erased."""
    history = getattr(due.model, "history", None)  # the model's simple-history manager, if any
    if history is not None:
        history.filter(id__in=due.values("pk")).update(**blanks)
    return due.update(**blanks, **(live_only or {}))
