"""Retention (PIPL): past the retention period a resident's details are removed from the
desk's records, while what the statistics count stays.

Visits received before the cutoff (valid or voided), appointments booked before it and
cases closed or voided before it lose the resident's name, phone, ID number, address and
free text (a case's description, resolution, follow-up comment, the notes of its timeline
and the resident's name in its notifications); channel, outcome, dates, service items,
grid area, workers, satisfaction and the links between records stay, so every count and
rate of those months is unchanged.

Set-based: a few UPDATEs whatever the volume. `QuerySet.update()` writes no history, and
the historical tables hold the same details, so they are blanked first (while the live
rows still say which records are due), then the live rows."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Case as CaseWhen
from django.db.models import OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Left, Replace
from django.utils import timezone

from casework.choices import CaseStatus
from casework.models import Case, CaseEvent, Notification

from .models import Appointment, Visit

ANONYMISED_NAME = "已匿名"
ERASED_TEXT = "（已过保存期限，内容已删除）"
DEFAULT_RETENTION_DAYS = 3 * 365


def retention_cutoff(*, days: int, now: dt.datetime | None = None) -> dt.datetime:
    if days < 1:
        raise ValueError("the retention period must be at least one day")
    return (now or timezone.now()) - dt.timedelta(days=days)


def _visits_due(cutoff):
    return Visit.objects.filter(received_at__lt=cutoff, anonymised_at__isnull=True)


def _appointments_due(cutoff):
    has_details = ~Q(resident_name=ANONYMISED_NAME) | ~Q(resident_phone="") | ~Q(notes="")
    return Appointment.objects.filter(has_details, starts_at__lt=cutoff)


CASE_TEXTS = ("description", "resolution", "follow_up_comment")


def _cases_due(cutoff):
    finished = Q(status=CaseStatus.CLOSED, closed_at__lt=cutoff) | Q(status=CaseStatus.VOIDED, voided_at__lt=cutoff)
    has_details = (Q(resident_name__gt="") & ~Q(resident_name=ANONYMISED_NAME)) | ~Q(resident_phone="") | ~Q(address="")
    for text in CASE_TEXTS:
        has_details |= ~Q(**{text: ""}) & ~Q(**{text: ERASED_TEXT})
    return Case.objects.filter(finished & has_details)


def retention_due(*, days: int, now: dt.datetime | None = None) -> dict[str, int]:
    """How many records the sweep would anonymise now (for a dry run)."""
    cutoff = retention_cutoff(days=days, now=now)
    return {
        "visits": _visits_due(cutoff).count(),
        "appointments": _appointments_due(cutoff).count(),
        "cases": _cases_due(cutoff).count(),
    }


VISIT_BLANKS = dict(
    resident_name=ANONYMISED_NAME, resident_phone="", id_number_digest="", id_number_masked="", address="", notes=""
)
APPOINTMENT_BLANKS = dict(resident_name=ANONYMISED_NAME, resident_phone="", notes="")


def _case_blanks():
    # Case titles written at the desk end with the resident's name ("居住证明：赵阿姨"): it
    # is replaced in the same UPDATE, which reads the old resident_name. A case without a
    # resident (a patrol finding) keeps its empty name. Left(): a two-character name
    # replaced by three must not overflow a full 200-character title. Free text is
    # replaced by a marker, so a reader sees it was erased rather than never written.
    return dict(
        title=Left(Replace("title", "resident_name", Value(ANONYMISED_NAME)), 200),
        resident_name=CaseWhen(When(resident_name="", then=Value("")), default=Value(ANONYMISED_NAME)),
        resident_phone="",
        address="",
        **{text: _erased(text) for text in CASE_TEXTS},
    )


def _erased(field: str):
    return CaseWhen(When(**{field: ""}, then=Value("")), default=Value(ERASED_TEXT))


def _case_timelines(cases) -> None:
    """The notes of the cases' events, and the resident's name in their notifications
    (which quote the title), read while the cases still hold the name."""
    CaseEvent.objects.filter(case__in=cases.values("pk")).update(note=_erased("note"))
    name = Subquery(Case.objects.filter(pk=OuterRef("case_id")).values("resident_name")[:1])
    Notification.objects.filter(case__in=cases.values("pk")).exclude(case__resident_name="").update(
        text=Left(Replace("text", name, Value(ANONYMISED_NAME)), 300)
    )


@transaction.atomic
def visits_anonymise_older_than(*, days: int, now: dt.datetime | None = None) -> int:
    """Anonymise the visits received more than `days` ago, with the appointments of that
    age and the cases closed or voided that long ago, and their history. Returns the
    number of visits anonymised (`retention_due` beforehand gives all three counts)."""
    now = now or timezone.now()
    cutoff = retention_cutoff(days=days, now=now)

    visits = _visits_due(cutoff)
    Visit.history.filter(id__in=visits.values("pk")).update(**VISIT_BLANKS)
    anonymised = visits.update(**VISIT_BLANKS, id_number_encrypted="", anonymised_at=now)

    appointments = _appointments_due(cutoff)
    Appointment.history.filter(id__in=appointments.values("pk")).update(**APPOINTMENT_BLANKS)
    appointments.update(**APPOINTMENT_BLANKS)

    cases = _cases_due(cutoff)
    Case.history.filter(id__in=cases.values("pk")).update(**_case_blanks())
    _case_timelines(cases)
    cases.update(**_case_blanks())
    return anonymised
