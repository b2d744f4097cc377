"""Home visits past the retention period (PIPL) lose what says whose they were and what was
found: the needs and notes (erased, history too) and the link to the person. What the
figures count stays: the day, the outcome, the condition, the grid area, the worker, and the
household (an address the register itself forgets once the household has ended).
Run by the retention sweep through utilities.erasure.retention_sweep (carework.apps)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from utilities.erasure import erase, erased, holds_text

from .models import HomeVisit


def home_visits_due(cutoff: dt.datetime):
    old = HomeVisit.objects.filter(visited_at__lt=cutoff, received_at__lt=cutoff)
    return old.filter(holds_text("needs") | holds_text("notes") | Q(person__isnull=False))


def home_visits_forget(*, cutoff: dt.datetime, **_signal) -> int:
    blanks = dict(needs=erased("needs"), notes=erased("notes"), person=None)
    return erase(home_visits_due(cutoff), blanks)
