"""Every write of a patrol and its findings: keyword-only, validated, each in one
transaction, and idempotent by `client_id` — the same record sent again (a double tap, a
sync replayed after a cut) returns the stored record and changes nothing. Nothing is
deleted: a wrong finding is withdrawn with a reason."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.choices import CaseSource
from casework.services import case_open
from committee.access import COMMITTEE_ROLES
from committee.models import Committee, GridArea, Line

from .choices import FindingCategory, FindingStatus
from .models import Finding, Patrol

# How far ahead of the server a phone's clock may run before its times count as "in the
# future" (a phone set a few minutes fast is common; a day ahead is a mistake).
CLOCK_SKEW = dt.timedelta(minutes=5)


def _committee_worker(user, committee: Committee):
    """The user's worker profile, if they are an active worker or director of `committee`."""
    worker = getattr(user, "worker", None)
    if worker is None or not worker.active or worker.committee_id != committee.pk or worker.role not in COMMITTEE_ROLES:
        raise ValidationError(_("巡查人必须是本居委会的工作人员。"))
    return worker


def _not_in_future(at: dt.datetime, field: str) -> None:
    if at > timezone.now() + CLOCK_SKEW:
        raise ValidationError({field: _("时间不能晚于现在。")})


def _stored(queryset, client_id, committee_id: int):
    """The record already stored under `client_id`, if any (`queryset` annotates its
    committee as `owner`). A client_id of another committee's record is refused rather than
    returned: it would show what is not theirs."""
    found = queryset.filter(client_id=client_id).first()
    if found is not None and found.owner != committee_id:
        raise ValidationError(_("记录标识已被使用。"))
    return found


def _uuid(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise ValidationError({"client_id": _("记录标识无效。")}) from None


def patrol_start(
    *,
    client_id: uuid.UUID | str,
    committee: Committee,
    grid_area: GridArea,
    worker,
    started_at: dt.datetime | None = None,
    recorded_at: dt.datetime | None = None,
) -> Patrol:
    """Start a patrol of `grid_area` by `worker` (a user): any area of their committee (a
    worker may cover a colleague's). Its date is the local date it started."""
    client_id = _uuid(client_id)
    stored = _stored(Patrol.objects.annotate(owner=F("committee_id")), client_id, committee.pk)
    if stored is not None:
        return stored
    _committee_worker(worker, committee)
    if grid_area.committee_id != committee.pk:
        raise ValidationError({"grid_area": _("片区不属于本居委会。")})
    if not grid_area.active:
        raise ValidationError({"grid_area": _("该片区已停用。")})
    now = timezone.now()
    started_at = started_at or now
    _not_in_future(started_at, "started_at")
    _not_in_future(recorded_at or started_at, "recorded_at")
    patrol = Patrol(
        client_id=client_id,
        recorded_at=recorded_at or started_at,
        received_at=now,
        committee=committee,
        grid_area=grid_area,
        worker=worker,
        date=timezone.localdate(started_at),
        started_at=started_at,
    )
    patrol.full_clean(validate_unique=False)
    return _save_once(patrol)


def _save_once(record):
    """Insert `record`; if a concurrent request stored the same client_id first, return theirs."""
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        stored = type(record).objects.filter(client_id=record.client_id).first()
        if stored is None:
            raise
        return stored
    return record


def patrol_end(*, patrol: Patrol, by, ended_at: dt.datetime | None = None, route_notes: str = "") -> Patrol:
    """End a patrol under way, with the route walked. Ending an ended patrol (the same end
    sent twice) changes nothing."""
    with transaction.atomic():
        patrol = Patrol.objects.select_for_update().get(pk=patrol.pk)
        if patrol.ended_at is not None:
            return patrol
        _committee_worker(by, patrol.committee)
        if patrol.withdrawn_at is not None:
            raise ValidationError(_("这次巡查已撤回。"))
        ended_at = ended_at or timezone.now()
        _not_in_future(ended_at, "ended_at")
        if ended_at <= patrol.started_at:
            raise ValidationError({"ended_at": _("结束时间必须晚于开始时间。")})
        patrol.ended_at = ended_at
        patrol.route_notes = route_notes.strip()
        patrol.full_clean(validate_unique=False)
        patrol.save(update_fields=["ended_at", "route_notes"])
    return patrol


def patrol_withdraw(*, patrol: Patrol, by, reason: str) -> Patrol:
    """Withdraw a round started by mistake, with a reason; it stays in the book, marked,
    and no longer counts as the area's patrol of the day. Its findings stay as they are (a
    case one opened is the case's business). Withdrawing twice changes nothing."""
    reason = " ".join(reason.split())
    with transaction.atomic():
        patrol = Patrol.objects.select_for_update().select_related("committee").get(pk=patrol.pk)
        if patrol.withdrawn_at is not None:
            return patrol
        _committee_worker(by, patrol.committee)
        if not reason:
            raise ValidationError({"reason": _("请写明撤回原因。")})
        patrol.withdrawn_at = timezone.now()
        patrol.withdrawn_by = by
        patrol.withdraw_reason = reason[:200]
        patrol.full_clean(validate_unique=False)
        patrol.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
    return patrol


def finding_record(
    *,
    client_id: uuid.UUID | str,
    patrol: Patrol,
    by,
    category: str,
    description: str,
    location: str = "",
    recorded_at: dt.datetime | None = None,
    handled: bool = False,
    case_title: str = "",
    case_line: Line | None = None,
) -> Finding:
    """Record what a patrol found. With `case_line`, the finding opens a case in the same
    transaction (source 巡查, first responder the recorder, the patrol's grid area, no
    resident: a finding in a corridor has none, and case_open asks for no name); with
    `handled`, it was dealt with on the spot. A finding may arrive after its patrol ended
    (a phone syncs late)."""
    client_id = _uuid(client_id)
    stored = _stored(Finding.objects.annotate(owner=F("patrol__committee_id")), client_id, patrol.committee_id)
    if stored is not None:
        return stored
    committee = patrol.committee
    responder = _committee_worker(by, committee)
    if patrol.withdrawn_at is not None:
        raise ValidationError(_("这次巡查已撤回。"))
    description = description.strip()
    if category not in FindingCategory.values:
        raise ValidationError({"category": _("请选择类别。")})
    if not description:
        raise ValidationError({"description": _("请描述发现的情况。")})
    if handled and case_line is not None:
        raise ValidationError({"case_line": _("当场处理的发现不再转为事项。")})
    recorded_at = recorded_at or timezone.now()
    _not_in_future(recorded_at, "recorded_at")
    finding = Finding(
        client_id=client_id,
        recorded_at=recorded_at,
        patrol=patrol,
        recorded_by=by,
        category=category,
        description=description,
        location=location.strip(),
        status=FindingStatus.HANDLED if handled else FindingStatus.OPEN,
    )
    finding.full_clean(validate_unique=False, exclude=["case"])
    with transaction.atomic():
        if case_line is not None:
            label = FindingCategory(category).label
            finding.case = case_open(
                committee=committee,
                first_responder=responder,
                title=(case_title.strip() or f"{label}：{description}")[:200],
                line=case_line,
                source=CaseSource.PATROL,
                source_reference=(
                    _("%(date)s %(area)s巡查") % {"date": f"{patrol.date:%Y-%m-%d}", "area": patrol.grid_area.name}
                )[:40],  # Case.source_reference's length; an area's name may be long
                description=description,
                address=finding.location,
                grid_area=patrol.grid_area,
                registered_at=min(recorded_at, timezone.now()),
            )
            finding.status = FindingStatus.CASE
        try:
            with transaction.atomic():
                finding.save()
        except IntegrityError:
            stored = Finding.objects.filter(client_id=client_id).first()
            if stored is None:
                raise
            transaction.set_rollback(True)  # the case opened above goes with this attempt
            return stored
    return finding


def finding_withdraw(*, finding: Finding, by, reason: str) -> Finding:
    """Withdraw a wrong finding, with a reason; it stays in the book, marked. A case it
    opened is the case's own business (closed or voided in casework). Withdrawing twice
    changes nothing."""
    reason = " ".join(reason.split())
    with transaction.atomic():
        finding = Finding.objects.select_for_update().select_related("patrol__committee").get(pk=finding.pk)
        if finding.withdrawn_at is not None:
            return finding
        _committee_worker(by, finding.patrol.committee)
        if not reason:
            raise ValidationError({"reason": _("请写明撤回原因。")})
        finding.withdrawn_at = timezone.now()
        finding.withdrawn_by = by
        finding.withdraw_reason = reason[:200]
        finding.full_clean(validate_unique=False)
        finding.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
    return finding
