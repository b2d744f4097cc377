"""Writes of duty changes after generation: hand edits, swaps, leave."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.roles import Role

from .choices import LeaveStatus, RosterStatus, SwapStatus
from .models import DutyAssignment, Leave, Roster, ShiftTemplate, SwapRequest, Worker
from .roster_services import month_bounds


def _check_same_committee(*workers: Worker, committee) -> None:
    for worker in workers:
        if worker.committee_id != committee.pk:
            raise ValidationError(_("只能安排本居委会的工作人员。"))


def _roster_for(committee, day: dt.date) -> Roster:
    roster, _created = Roster.objects.get_or_create(committee=committee, month=month_bounds(day)[0])
    return roster


@transaction.atomic
def duty_add(*, committee, day: dt.date, shift: ShiftTemplate, worker: Worker) -> DutyAssignment:
    _check_same_committee(worker, committee=committee)
    if shift.committee_id != committee.pk:
        raise ValidationError(_("班次不属于本居委会。"))
    if DutyAssignment.objects.filter(worker=worker, date=day).exists():
        raise ValidationError(_("%(name)s 当天已有值班。") % {"name": worker.display_name})
    if Leave.objects.filter(worker=worker, status=LeaveStatus.APPROVED, start__lte=day, end__gte=day).exists():
        raise ValidationError(_("%(name)s 当天请假。") % {"name": worker.display_name})
    try:
        with transaction.atomic():
            return DutyAssignment.objects.create(
                committee=committee, roster=_roster_for(committee, day), date=day, shift=shift, worker=worker
            )
    except IntegrityError:
        raise ValidationError(_("该值班已存在。")) from None


@transaction.atomic
def duty_remove(*, duty: DutyAssignment) -> None:
    """Take a worker off a shift. simple-history keeps the removed row, so a published
    roster still shows the change."""
    duty.delete()


@transaction.atomic
def duty_move(*, duty: DutyAssignment, worker: Worker) -> DutyAssignment:
    """Give a duty to another worker (the hand edit behind a swap)."""
    _check_same_committee(worker, committee=duty.committee)
    if worker.pk == duty.worker_id:
        return duty
    if DutyAssignment.objects.filter(worker=worker, date=duty.date).exclude(pk=duty.pk).exists():
        raise ValidationError(_("%(name)s 当天已有值班。") % {"name": worker.display_name})
    if Leave.objects.filter(worker=worker, status=LeaveStatus.APPROVED, start__lte=duty.date, end__gte=duty.date).exists():
        raise ValidationError(_("%(name)s 当天请假。") % {"name": worker.display_name})
    duty.worker = worker
    duty.save(update_fields=["worker"])
    return duty


# --- swaps ----------------------------------------------------------------------------

@transaction.atomic
def swap_propose(*, duty: DutyAssignment, proposer: Worker, colleague: Worker,
                 return_duty: DutyAssignment | None = None, reason: str = "") -> SwapRequest:
    if duty.worker_id != proposer.pk:
        raise ValidationError(_("只能让出自己的值班。"))
    if colleague.pk == proposer.pk or colleague.committee_id != proposer.committee_id:
        raise ValidationError({"colleague": _("请选择本居委会的另一位同事。")})
    if return_duty is not None and return_duty.worker_id != colleague.pk:
        raise ValidationError({"return_duty": _("换回的值班必须是该同事的值班。")})
    if duty.date < timezone.localdate():
        raise ValidationError(_("已经过去的值班不能调换。"))
    if SwapRequest.objects.filter(duty=duty, status__in=[SwapStatus.PROPOSED, SwapStatus.ACCEPTED]).exists():
        raise ValidationError(_("该值班已有待处理的换班申请。"))
    return SwapRequest.objects.create(committee_id=proposer.committee_id, duty=duty, proposer=proposer,
                                      colleague=colleague, return_duty=return_duty, reason=reason)


def _swap_step(swap: SwapRequest, expected: str, new_status: str) -> SwapRequest:
    # Conditional UPDATE: two clicks at once move the swap only once.
    updated = SwapRequest.objects.filter(pk=swap.pk, status=expected).update(
        status=new_status, decided_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("该换班申请已被处理，请刷新页面。"))
    swap.refresh_from_db()
    return swap


@transaction.atomic
def swap_answer(*, swap: SwapRequest, by: Worker, accept: bool) -> SwapRequest:
    if by.pk != swap.colleague_id:
        raise ValidationError(_("只有被邀请的同事可以答复。"))
    return _swap_step(swap, SwapStatus.PROPOSED, SwapStatus.ACCEPTED if accept else SwapStatus.DECLINED)


@transaction.atomic
def swap_decide(*, swap: SwapRequest, by: Worker, approve: bool) -> SwapRequest:
    """The director's decision; approval applies the swap to the roster."""
    if by.role != Role.DIRECTOR or by.committee_id != swap.committee_id:
        raise ValidationError(_("只有本居委会主任可以批准换班。"))
    if not approve:
        return _swap_step(swap, SwapStatus.ACCEPTED, SwapStatus.REJECTED)
    swap = _swap_step(swap, SwapStatus.ACCEPTED, SwapStatus.APPROVED)
    duty = DutyAssignment.objects.select_for_update().get(pk=swap.duty_id)
    back = DutyAssignment.objects.select_for_update().get(pk=swap.return_duty_id) if swap.return_duty_id else None
    if back is not None and back.date == duty.date:
        # Same-day exchange of shifts: each takes the other's slot (saved one by one so
        # the history shows both changes).
        duty.worker, back.worker = swap.colleague, swap.proposer
        duty.save(update_fields=["worker"])
        back.save(update_fields=["worker"])
        return swap
    duty_move(duty=duty, worker=swap.colleague)
    if back is not None:
        duty_move(duty=back, worker=swap.proposer)
    return swap


# --- leave ----------------------------------------------------------------------------

@transaction.atomic
def leave_request(*, worker: Worker, start: dt.date, end: dt.date, kind: str, reason: str = "") -> Leave:
    leave = Leave(worker=worker, committee_id=worker.committee_id, start=start, end=end, kind=kind, reason=reason)
    leave.full_clean()
    overlapping = Leave.objects.filter(
        worker=worker, status__in=[LeaveStatus.REQUESTED, LeaveStatus.APPROVED], start__lte=end, end__gte=start
    )
    if overlapping.exists():
        raise ValidationError(_("这段时间已有请假申请。"))
    leave.save()
    return leave


@transaction.atomic
def leave_decide(*, leave: Leave, by: Worker, approve: bool) -> list[DutyAssignment]:
    """Approve or reject leave. Returns the published duties the approved leave leaves
    uncovered (the gaps the director must fill); they stay on the roster, flagged."""
    if by.role != Role.DIRECTOR or by.committee_id != leave.committee_id:
        raise ValidationError(_("只有本居委会主任可以审批请假。"))
    updated = Leave.objects.filter(pk=leave.pk, status=LeaveStatus.REQUESTED).update(
        status=LeaveStatus.APPROVED if approve else LeaveStatus.REJECTED, decided_by=by.user, decided_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("该请假申请已被处理。"))
    leave.refresh_from_db()
    if not approve:
        return []
    return leave_gaps(leave=leave)


def leave_gaps(*, leave: Leave) -> list[DutyAssignment]:
    return list(
        DutyAssignment.objects.filter(
            worker=leave.worker, date__range=(leave.start, leave.end), roster__status=RosterStatus.PUBLISHED
        ).select_related("shift").order_by("date")
    )
