"""The one write path for the desk's records."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.identity import (
    encrypt_id_number,
    id_number_digest,
    mask_id_number,
    normalize_id_number,
    normalize_phone,
    validate_id_number,
    validate_mobile,
)
from committee.models import Committee, GridArea, ServiceItem
from committee.references import next_number
from staffing.models import Worker

from .choices import Channel, Outcome
from .models import Visit, VisitItem


def visit_reference(committee: Committee, year: int, number: int) -> str:
    return f"{committee.code}-J{year}-{number:06d}"


@transaction.atomic
def visit_record(
    *,
    committee: Committee,
    received_by: Worker,
    resident_name: str,
    outcome: str,
    items: list[tuple[ServiceItem, list[str]]] = (),
    channel: str = Channel.WALK_IN,
    resident_phone: str = "",
    id_number: str = "",
    address: str = "",
    grid_area: GridArea | None = None,
    notes: str = "",
    previous_visit: Visit | None = None,
    received_at: dt.datetime | None = None,
    case=None,
) -> Visit:
    """Record one contact in the first-ask ledger. `items` pairs each service item asked
    about with the materials the resident did not bring."""
    if received_by.committee_id != committee.pk:
        raise ValidationError(_("接待人必须是本居委会的工作人员。"))
    if grid_area is not None and grid_area.committee_id != committee.pk:
        raise ValidationError({"grid_area": _("片区不属于本居委会。")})
    if previous_visit is not None and previous_visit.committee_id != committee.pk:
        raise ValidationError({"previous_visit": _("前次来访不属于本居委会。")})
    phone = normalize_phone(resident_phone)
    if phone:
        validate_mobile(phone)
    id_fields = {}
    if id_number:
        validate_id_number(id_number)
        number = normalize_id_number(id_number)
        id_fields = dict(
            id_number_encrypted=encrypt_id_number(number),
            id_number_digest=id_number_digest(number),
            id_number_masked=mask_id_number(number),
        )
    received_at = received_at or timezone.now()
    year = timezone.localtime(received_at).year
    visit = Visit(
        committee=committee,
        reference=visit_reference(committee, year, next_number(committee_id=committee.pk, series="visit", year=year)),
        channel=channel,
        received_by=received_by,
        received_at=received_at,
        resident_name=resident_name.strip(),
        resident_phone=phone,
        address=address,
        grid_area=grid_area,
        outcome=outcome,
        notes=notes,
        previous_visit=previous_visit,
        case=case,
        **id_fields,
    )
    visit.full_clean()
    visit.save()
    VisitItem.objects.bulk_create(
        [VisitItem(visit=visit, service_item=item, materials_missing=list(missing)) for item, missing in items]
    )
    return visit


__all__ = ["visit_record", "Outcome"]
