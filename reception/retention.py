"""Retention (PIPL): past the retention period a resident's details are removed from every
record of the desk, while what the statistics count stays.

Visits received before the cutoff (valid or voided) lose the resident's name, phone, ID
number, address, notes and void reason; so do the appointments booked for before it; the
seal uses and ID-number showings of that time, or of those visits, lose their free text
(which document, and why the number was shown); and cases finished before it are
anonymised by `casework.retention`. Channel, outcome, dates, service items, grid area,
workers, satisfaction and the links between records stay, so every count and rate of those
months is unchanged. Set-based: a few UPDATEs whatever the volume, history tables included."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casework.retention import cases_anonymise, cases_retention_due
from register.retention import register_forget_older_than, register_retention_due
from utilities.erasure import (
    ANONYMISED_NAME,
    ERASED_TEXT,
    erase,
    erased,
    holds_text,
    retention_cutoff,
    retention_sweep,
)

from .models import Appointment, IdNumberAccess, SealUse, Visit

DEFAULT_RETENTION_DAYS = 3 * 365

__all__ = ["ANONYMISED_NAME", "DEFAULT_RETENTION_DAYS", "ERASED_TEXT", "retention_due", "visits_anonymise_older_than"]


def _visits_due(cutoff):
    return Visit.objects.filter(received_at__lt=cutoff, anonymised_at__isnull=True)


def _appointments_due(cutoff):
    has_details = ~Q(resident_name=ANONYMISED_NAME) | ~Q(resident_phone="") | ~Q(notes="")
    return Appointment.objects.filter(has_details, starts_at__lt=cutoff)


def _seal_uses_due(cutoff):
    old = Q(used_at__lt=cutoff) | Q(visit__received_at__lt=cutoff)
    return SealUse.objects.filter(old & (holds_text("document") | holds_text("void_reason")))


def _id_number_accesses_due(cutoff):
    # Who looked, when and at which visit stays: the audit trail outlives the reason's words.
    old = Q(at__lt=cutoff) | Q(visit__received_at__lt=cutoff)
    return IdNumberAccess.objects.filter(old & holds_text("reason"))


def _visit_blanks() -> dict:
    return dict(
        resident_name=ANONYMISED_NAME,
        resident_phone="",
        person=None,  # a link to the register would say whose visit it was
        id_number_digest="",
        id_number_masked="",
        address="",
        notes="",  # anonymised_at says why it is empty
        void_reason=erased("void_reason"),
    )


def _appointment_blanks() -> dict:
    return dict(resident_name=ANONYMISED_NAME, resident_phone="", notes="")


def retention_due(*, days: int, now: dt.datetime | None = None) -> dict[str, int]:
    """How many records the sweep would anonymise now (for a dry run and its report)."""
    cutoff = retention_cutoff(days=days, now=now)
    return {
        "visits": _visits_due(cutoff).count(),
        "appointments": _appointments_due(cutoff).count(),
        "seal_uses": _seal_uses_due(cutoff).count(),
        "id_number_accesses": _id_number_accesses_due(cutoff).count(),
        **cases_retention_due(cutoff),
        **register_retention_due(cutoff=cutoff),
    }


@transaction.atomic
def visits_anonymise_older_than(*, days: int, now: dt.datetime | None = None) -> int:
    """Anonymise every record older than `days` (see the module), live and history.
    Returns the number of visits anonymised (`retention_due` beforehand gives every count)."""
    now = now or timezone.now()
    cutoff = retention_cutoff(days=days, now=now)
    # The visits' dependants first, while the visits still say which are due.
    erase(_seal_uses_due(cutoff), dict(document=erased("document"), void_reason=erased("void_reason")))
    erase(_id_number_accesses_due(cutoff), dict(reason=erased("reason")))
    anonymised = erase(_visits_due(cutoff), _visit_blanks(), live_only=dict(id_number_encrypted="", anonymised_at=now))
    erase(_appointments_due(cutoff), _appointment_blanks())
    cases_anonymise(cutoff)
    register_forget_older_than(days=days, now=now)
    retention_sweep.send(sender=None, cutoff=cutoff, now=now)  # the apps above: home visits
    return anonymised
