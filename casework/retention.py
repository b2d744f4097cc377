"""Retention of cases (PIPL): a case finished before the cutoff — closed, voided, or resolved
and never followed up — loses the resident's name, phone and address, every free text of the
case and its timeline, and the notifications about it; notifications older than the cutoff
lose their text whatever they were about. Line, service item, grid area, workers, dates,
working days and satisfaction stay, so every count and rate is unchanged. An open case keeps
its details however old: the committee still owes the resident an answer.

Set-based: one UPDATE per table (two for the case, live and history), whatever the volume;
`reception.retention` runs these with the desk's own records."""

from __future__ import annotations

from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Left

from committee.models import Line, ServiceItem
from utilities.erasure import ANONYMISED_NAME, erase, erased, holds_text

from .choices import CaseStatus
from .models import Case, CaseEvent, Notification

CASE_TEXTS = ("description", "resolution", "follow_up_comment", "void_reason")
ANONYMISED_TITLE_END = "：" + ANONYMISED_NAME


def cases_due(cutoff):
    S = CaseStatus
    finished = (
        Q(status=S.CLOSED, closed_at__lt=cutoff)
        | Q(status=S.VOIDED, voided_at__lt=cutoff)
        | Q(status=S.RESOLVED, resolved_at__lt=cutoff)  # resolved, the follow-up never came
    )
    has_details = (
        (Q(resident_name__gt="") & ~Q(resident_name=ANONYMISED_NAME))
        | ~Q(resident_phone="")
        | ~Q(address="")
        | ~Q(title__endswith=ANONYMISED_TITLE_END)
        | Q(person__isnull=False)
    )
    for text in CASE_TEXTS:
        has_details |= holds_text(text)
    return Case.objects.filter(finished & has_details)


def _case_blanks() -> dict:
    # A title is free text ("居住证明：赵阿姨", or whatever was typed): it becomes the name of
    # the service item, or of the line, so lists still say what the case was about.
    item = ServiceItem.objects.filter(pk=OuterRef("service_item_id")).values("name")[:1]
    line = Line.objects.filter(pk=OuterRef("line_id")).values("name")[:1]
    return dict(
        title=Left(Concat(Coalesce(Subquery(item), Subquery(line)), Value(ANONYMISED_TITLE_END)), 200),
        resident_name=Value(ANONYMISED_NAME),
        resident_phone=Value(""),
        person=None,  # a link to the register would say whose case it was
        address=Value(""),
        **{text: erased(text) for text in CASE_TEXTS},
    )


def timelines_due(cutoff):
    return CaseEvent.objects.filter(holds_text("note"), case__in=cases_due(cutoff).values("pk"))


def notifications_due(cutoff):
    """Notifications older than the cutoff (a hand-on's reason, an appointment's resident) and
    those about a case due, whenever they were sent."""
    about = Q(created_at__lt=cutoff) | Q(case__in=cases_due(cutoff).values("pk"))
    return Notification.objects.filter(about, holds_text("text"))


def cases_anonymise(cutoff) -> int:
    """Erase what `cases_due(cutoff)` holds; the timeline and notifications first, while the
    cases still say they are due. Returns the number of cases."""
    timelines_due(cutoff).update(note=erased("note"))
    notifications_due(cutoff).update(text=erased("text"))
    return erase(cases_due(cutoff), _case_blanks())


def cases_retention_due(cutoff) -> dict[str, int]:
    return {"cases": cases_due(cutoff).count(), "notifications": notifications_due(cutoff).count()}
