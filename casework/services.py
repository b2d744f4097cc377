"""The one write path for cases. Every change goes through a function here, inside a
transaction, and leaves a `CaseEvent` for the human-readable timeline."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.models import Committee, GridArea, Line, ServiceItem
from committee.references import next_number
from committee.workcalendar import deadline
from staffing.models import Worker
from staffing.selectors import handler_for_line

from .choices import CaseSource, CaseStatus, EventKind
from .models import Case, CaseEvent

DEFAULT_TIME_LIMIT_DAYS = 5


class CaseConflict(ValidationError):
    """Someone else changed the case since the page was drawn."""


def case_reference(committee: Committee, year: int, number: int) -> str:
    return f"{committee.code}-{year}-{number:05d}"


@transaction.atomic
def case_open(
    *,
    committee: Committee,
    first_responder: Worker,
    title: str,
    line: Line | None = None,
    service_item: ServiceItem | None = None,
    source: str = CaseSource.DIRECT,
    source_reference: str = "",
    description: str = "",
    resident_name: str = "",
    resident_phone: str = "",
    address: str = "",
    grid_area: GridArea | None = None,
    handler: Worker | None = None,
    registered_at: dt.datetime | None = None,
) -> Case:
    """Register a case (登记) and dispatch it (派单) to the line's A/B post or the chosen
    handler. The first responder is fixed here for good (首问责任制)."""
    if first_responder.committee_id != committee.pk:
        raise ValidationError(_("首问责任人必须是本居委会的工作人员。"))
    if service_item is not None:
        line = line or service_item.line
    if line is None:
        raise ValidationError({"line": _("请选择条线或服务事项。")})
    if grid_area is not None and grid_area.committee_id != committee.pk:
        raise ValidationError({"grid_area": _("片区不属于本居委会。")})
    registered_at = registered_at or timezone.now()
    limit = service_item.time_limit_days if service_item and service_item.time_limit_days else DEFAULT_TIME_LIMIT_DAYS
    if handler is None:
        handler = handler_for_line(committee=committee, line=line, at=registered_at) or first_responder
    elif handler.committee_id != committee.pk:
        raise ValidationError({"handler": _("承办人必须是本居委会的工作人员。")})

    year = timezone.localtime(registered_at).year
    number = next_number(committee_id=committee.pk, series="case", year=year)
    case = Case(
        committee=committee,
        reference=case_reference(committee, year, number),
        source=source,
        source_reference=source_reference,
        line=line,
        service_item=service_item,
        title=title,
        description=description,
        resident_name=resident_name,
        resident_phone=resident_phone,
        address=address,
        grid_area=grid_area,
        first_responder=first_responder,
        handler=handler,
        status=CaseStatus.DISPATCHED,
        registered_at=registered_at,
        time_limit_days=limit,
        due_at=deadline(registered_at, limit),
    )
    case.full_clean()
    case.save()
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(case=case, kind=EventKind.OPENED, actor=first_responder, at=registered_at,
                      to_status=CaseStatus.REGISTERED, note=title),
            CaseEvent(case=case, kind=EventKind.ROUTED, actor=first_responder, at=registered_at,
                      from_status=CaseStatus.REGISTERED, to_status=CaseStatus.DISPATCHED,
                      note=handler.display_name, data={"handler": handler.pk}),
        ]
    )
    return case
