"""Writes of the staffing app: workers, training, posts, shift templates; duty rosters
(generate a month's draft, edit it, publish it); hand edits, swaps and leave."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from committee.models import Committee, District, GridArea, Line, StreetOffice
from committee.roles import Role
from committee.selectors import district_of
from committee.workcalendar import WorkCalendar
from utilities.dayranges import each_day, month_bounds
from utilities.phones import clean_public_phone

from . import rostering, selectors
from .accounts import account_active_changed, account_change_record
from .choices import (
    LEAVE_WITHDRAWABLE,
    SWAP_OPEN,
    SWAP_WITHDRAWABLE,
    AccountChangeKind,
    LeaveStatus,
    PostKind,
    RosterStatus,
    SwapStatus,
)
from .models import (
    DutyAssignment,
    Leave,
    Post,
    Roster,
    ShiftTemplate,
    SwapRequest,
    Training,
    Worker,
)
from .signals import leave_changed, swap_changed

ADMIN_ROLES = (Role.STREET_ADMIN, Role.DISTRICT_ADMIN)  # they work in Django admin


@transaction.atomic
def worker_create(
    *,
    username: str,
    display_name: str,
    role: str,
    password: str | None = None,
    committee: Committee | None = None,
    street_office: StreetOffice | None = None,
    district: District | None = None,
    phone: str = "",
    email: str = "",
    by=None,
) -> Worker:
    """Create a login and its worker profile, in the group of its role. Street and district
    admins get admin access (is_staff) because they keep reference data in Django admin.

    Without a password the login has none that works: whoever created it issues a
    set-password link (`accounts.account_link_issue`) and the worker chooses their own.
    `by` is who created it (None for a management command); the creation is recorded."""
    if street_office is None and committee is not None:
        street_office = committee.street_office
    user = get_user_model().objects.create_user(
        username=username, password=password, email=email, is_staff=role in ADMIN_ROLES
    )
    worker = Worker(
        user=user,
        display_name=display_name,
        role=role,
        committee=committee,
        street_office=street_office,
        district=district,
        phone=phone,
    )
    worker.full_clean()
    worker.save()
    # The groups come from a data migration; get_or_create keeps a flushed test database working.
    group, _created = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    account_change_record(worker=worker, kind=AccountChangeKind.CREATED, by=by, new=role)
    return worker


@transaction.atomic
def worker_update(*, worker: Worker, fields: list[str], by) -> Worker:
    """Save the changed `fields` of a worker profile (as edited in admin by `by`). A new
    role moves the login to that role's group, and only street and district admins keep admin access;
    a new role or a change of 在职 is recorded as an account change."""
    before = Worker.objects.filter(pk=worker.pk).values("role", "active").get()
    worker.full_clean()
    worker.save(update_fields=fields)
    if "role" in fields and worker.role != before["role"]:
        _role_groups(worker)
        account_change_record(
            worker=worker, kind=AccountChangeKind.ROLE_CHANGED, by=by, old=before["role"], new=worker.role
        )
    if "active" in fields and worker.active != before["active"]:
        account_active_changed(worker=worker, by=by, active=worker.active)
    return worker


def _role_groups(worker: Worker) -> None:
    role_groups = Group.objects.filter(name__in=Role.values)
    worker.user.groups.remove(*role_groups.exclude(name=worker.role))
    group, _created = Group.objects.get_or_create(name=worker.role)
    worker.user.groups.add(group)
    worker.user.is_staff = worker.role in ADMIN_ROLES
    worker.user.save(update_fields=["is_staff"])


def training_record(*, worker: Worker, line: Line, trained_on: dt.date, note: str = "") -> Training:
    training, _created = Training.objects.update_or_create(
        worker=worker, line=line, defaults={"trained_on": trained_on, "note": note}
    )
    return training


@transaction.atomic
def post_assign(*, committee: Committee, line: Line, kind: str, worker: Worker) -> Post:
    """Put a worker on the A-post (replacing the current one) or a B-post of a line."""
    _check_same_committee(worker, committee=committee)
    if kind == PostKind.A:
        _demote_a_post(committee=committee, line=line, keep=worker)
    post, _created = Post.objects.update_or_create(
        committee=committee, line=line, worker=worker, defaults={"kind": kind}
    )
    return post


def _demote_a_post(*, committee: Committee, line: Line, keep: Worker, moving: Post | None = None) -> None:
    # Saved one by one (there is at most one) so the history shows who left the A-post; the
    # post being edited is not "the current holder" (its history would say A → B → A).
    holders = Post.objects.filter(committee=committee, line=line, kind=PostKind.A).exclude(worker=keep)
    if moving is not None:
        holders = holders.exclude(pk=moving.pk)
    for current in holders:
        current.kind = PostKind.B
        current.save(update_fields=["kind"])


@transaction.atomic
def post_update(*, post: Post, line: Line, kind: str, worker: Worker) -> Post:
    """Change a post's line, A/B or worker (the director's edit); an A-post moved onto a
    line that has one makes the current holder its B-post."""
    _check_same_committee(worker, committee=post.committee)
    if Post.objects.filter(committee_id=post.committee_id, line=line, worker=worker).exclude(pk=post.pk).exists():
        raise ValidationError(
            _("%(name)s 已在%(line)s条线上有岗位，请直接修改那一条。")
            % {"name": worker.display_name, "line": line.name}
        )
    if line.district_id != post.committee.district_id:
        raise ValidationError({"line": _("条线不属于本区。")})
    if kind == PostKind.A:
        _demote_a_post(committee=post.committee, line=line, keep=worker, moving=post)
    post.line, post.kind, post.worker = line, kind, worker
    post.full_clean()
    post.save(update_fields=["line", "kind", "worker"])
    return post


@transaction.atomic
def shift_template_save(*, shift: ShiftTemplate) -> ShiftTemplate:
    """Create or change a committee's shift template (the director's form). Retiring one is
    `active=False`: its past duties keep it; rosters drafted from now on leave it out."""
    if ShiftTemplate.objects.filter(committee_id=shift.committee_id, name=shift.name).exclude(pk=shift.pk).exists():
        raise ValidationError({"name": _("本居委会已有同名班次。")})
    if shift.pk is not None and DutyAssignment.objects.filter(shift_id=shift.pk).exists():
        # Duties point at their template: new hours would rewrite every duty already served.
        before = ShiftTemplate.objects.filter(pk=shift.pk).values("start", "end").get()
        if (before["start"], before["end"]) != (shift.start, shift.end):
            raise ValidationError(
                {"start": _("这个班次已排过值班，改时间会改写已有的值班记录。请停用它，再新建一个班次。")}
            )
    shift.full_clean()
    try:
        with transaction.atomic():
            shift.save()
    except IntegrityError:
        raise ValidationError({"name": _("本居委会已有同名班次。")}) from None
    return shift


@transaction.atomic
def grid_area_save(*, area: GridArea) -> GridArea:
    """Create or change a committee's grid area (the director's form): its responsible
    worker must be of the same committee, since name and public phone are posted."""
    if (
        area.responsible_id is not None
        and not Worker.objects.filter(user_id=area.responsible_id, committee_id=area.committee_id).exists()
    ):
        raise ValidationError({"responsible": _("包干责任人必须是本居委会的工作人员。")})
    if GridArea.objects.filter(committee_id=area.committee_id, name=area.name).exclude(pk=area.pk).exists():
        raise ValidationError({"name": _("本居委会已有同名片区。")})
    area.public_phone = clean_public_phone(area.public_phone, field="public_phone")
    area.full_clean()
    try:
        with transaction.atomic():
            area.save()
    except IntegrityError:
        raise ValidationError({"name": _("本居委会已有同名片区。")}) from None
    return area


DEFAULT_SHIFTS = (
    # name, start, end, working days, weekends, holidays, order
    ("早班", dt.time(8, 0), dt.time(16, 0), True, False, False, 1),
    ("晚班", dt.time(10, 0), dt.time(18, 0), True, False, False, 2),
    ("值班", dt.time(9, 0), dt.time(17, 0), False, True, True, 3),
)


def shift_templates_ensure_defaults(*, committee: Committee) -> list[ShiftTemplate]:
    """The staggered weekday shifts and the weekend/holiday duty shift (错时/双休日值班)."""
    shifts = []
    for name, start, end, working, weekends, holidays, order in DEFAULT_SHIFTS:
        shift, _created = ShiftTemplate.objects.get_or_create(
            committee=committee,
            name=name,
            defaults=dict(
                start=start,
                end=end,
                on_working_days=working,
                on_weekends=weekends,
                on_holidays=holidays,
                order=order,
                min_staff=2,
            ),
        )
        shifts.append(shift)
    return shifts


# --- rosters -------------------------------------------------------------------------------

FAIRNESS_MONTHS = 3


def _plan_inputs(committee: Committee, first: dt.date, last: dt.date):
    around = relativedelta(months=FAIRNESS_MONTHS)
    calendar = WorkCalendar.load(first - around, last + around, committee.district_id)
    days = [(day, calendar.day_type(day)) for day in each_day(first, last)]
    shifts = selectors.shift_specs(committee)
    workers_qs = list(selectors.duty_workers(committee))
    trained: dict[int, set[int]] = {}
    for worker_id, line_id in Training.objects.filter(worker__in=workers_qs).values_list("worker_id", "line_id"):
        trained.setdefault(worker_id, set()).add(line_id)
    workers = [
        rostering.WorkerSpec(id=w.pk, name=w.display_name, trained_lines=frozenset(trained.get(w.pk, ())))
        for w in workers_qs
    ]
    leave: dict[int, set[dt.date]] = {}
    for worker_id, start, end in Leave.objects.filter(
        committee=committee, status=LeaveStatus.APPROVED, start__lte=last, end__gte=first
    ).values_list("worker_id", "start", "end"):
        for day in each_day(max(start, first), min(end, last)):
            leave.setdefault(worker_id, set()).add(day)
    # The duties already planned around the month, on both sides: fairness over the months
    # around it, and the rest rules across its first and last days, whatever order the
    # months are generated in.
    around_duties = (
        DutyAssignment.objects.filter(committee=committee, date__range=(first - around, last + around))
        .exclude(date__range=(first, last))
        .values_list("date", "shift_id", "worker_id")
    )
    prior, following = [], []
    for day, shift_id, worker_id in around_duties:
        (prior if day < first else following).append((day, shift_id, worker_id, calendar.day_type(day)))
    return days, shifts, workers, leave, prior, following


@transaction.atomic
def roster_generate(
    *, committee: Committee, month: dt.date, by: Worker | None = None, busy_lines: frozenset[int] | None = None
) -> tuple[Roster, rostering.RosterPlan]:
    """(Re)build the draft roster of `month`. A published month is not regenerated: the
    director edits it by hand so every change stays visible. `busy_lines`: the lines to
    staff every shift with someone trained for; by default the committee's busiest of
    the last months (`selectors.busiest_lines`)."""
    first, last = month_bounds(month)
    roster, _created = Roster.objects.select_for_update().get_or_create(committee=committee, month=first)
    if roster.status == RosterStatus.PUBLISHED:
        raise ValidationError(_("该月排班表已发布，不能重新生成；请逐项调整。"))
    days, shifts, workers, leave, prior, following = _plan_inputs(committee, first, last)
    if busy_lines is None:
        busy_lines = selectors.busiest_lines(committee=committee, since=first - relativedelta(months=FAIRNESS_MONTHS))
    plan = rostering.generate(
        days=days, shifts=shifts, workers=workers, leave=leave, prior=prior, following=following, busy_lines=busy_lines
    )
    DutyAssignment.objects.filter(committee=committee, date__range=(first, last)).delete()
    # With history, so a published roster shows where each duty came from.
    bulk_create_with_history(
        [
            DutyAssignment(committee=committee, roster=roster, date=d, shift_id=s, worker_id=w)
            for d, s, w in plan.assignments
        ],
        DutyAssignment,
        batch_size=500,
    )
    roster.notes = "\n".join(str(s) for s in plan.shortfalls)
    roster.save(update_fields=["notes"])
    return roster, plan


@transaction.atomic
def roster_publish(*, roster: Roster, by: Worker, provisional_acknowledged: bool = False) -> Roster:
    """Publish a drafted month. A month in a year whose holiday schedule is not in yet (its
    holidays are the law's, its exchanges unknown) is published only once that is known."""
    if roster.status == RosterStatus.PUBLISHED:
        raise ValidationError(_("该排班表已经发布。"))
    first, last = month_bounds(roster.month)
    calendar = WorkCalendar.load(first, last, district_of(roster.committee_id))
    if not provisional_acknowledged and calendar.provisional_between(first, last):
        raise ValidationError(
            _("%(year)s 年放假安排尚未公布：本月的节假日按法定假日推算，调休未知。请确认知悉后再发布。")
            % {"year": first.year},
            code="provisional",
        )
    roster.status = RosterStatus.PUBLISHED
    roster.published_at = timezone.now()
    roster.published_by = by.user
    roster.save(update_fields=["status", "published_at", "published_by"])
    return roster


# --- hand edits, swaps and leave ---------------------------------------------------------------


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
    if Leave.objects.filter(
        worker=worker, status=LeaveStatus.APPROVED, start__lte=duty.date, end__gte=duty.date
    ).exists():
        raise ValidationError(_("%(name)s 当天请假。") % {"name": worker.display_name})
    duty.worker = worker
    duty.save(update_fields=["worker"])
    return duty


# --- swaps ----------------------------------------------------------------------------


def _history_of_update(obj, by: Worker | None) -> None:
    """A history row for a change made by a conditional UPDATE (which simple-history does
    not see), so every step of a request stays in its history."""
    type(obj).history.bulk_history_create([obj], update=True, default_user=by.user if by else None)


@transaction.atomic
def swap_propose(
    *,
    duty: DutyAssignment,
    proposer: Worker,
    colleague: Worker,
    return_duty: DutyAssignment | None = None,
    reason: str = "",
) -> SwapRequest:
    if duty.worker_id != proposer.pk:
        raise ValidationError(_("只能让出自己的值班。"))
    if colleague.pk == proposer.pk or colleague.committee_id != proposer.committee_id:
        raise ValidationError({"colleague": _("请选择本居委会的另一位同事。")})
    if return_duty is not None and return_duty.worker_id != colleague.pk:
        raise ValidationError({"return_duty": _("换回的值班必须是该同事的值班。")})
    if duty.date < timezone.localdate():
        raise ValidationError(_("已经过去的值班不能调换。"))
    if SwapRequest.objects.filter(duty=duty, status__in=SWAP_OPEN).exists():
        raise ValidationError(_("该值班已有待处理的换班申请。"))
    swap = SwapRequest.objects.create(
        committee_id=proposer.committee_id,
        duty=duty,
        proposer=proposer,
        colleague=colleague,
        return_duty=return_duty,
        reason=reason,
    )
    swap_changed.send(sender=SwapRequest, swap=swap, step="proposed", by=proposer, was="")
    return swap


def _swap_step(swap: SwapRequest, expected, new_status: str, by: Worker, step: str) -> SwapRequest:
    # Conditional UPDATE: two clicks at once move the swap only once.
    expected = (expected,) if isinstance(expected, str) else tuple(expected)
    was = swap.status
    updated = SwapRequest.objects.filter(pk=swap.pk, status__in=expected).update(
        status=new_status, decided_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("该换班申请已被处理，请刷新页面。"))
    swap.refresh_from_db()
    _history_of_update(swap, by)
    swap_changed.send(sender=SwapRequest, swap=swap, step=step, by=by, was=was)
    return swap


@transaction.atomic
def swap_answer(*, swap: SwapRequest, by: Worker, accept: bool) -> SwapRequest:
    if by.pk != swap.colleague_id:
        raise ValidationError(_("只有被邀请的同事可以答复。"))
    if accept:
        return _swap_step(swap, SwapStatus.PROPOSED, SwapStatus.ACCEPTED, by, "accepted")
    return _swap_step(swap, SwapStatus.PROPOSED, SwapStatus.DECLINED, by, "declined")


@transaction.atomic
def swap_withdraw(*, swap: SwapRequest, by: Worker) -> SwapRequest:
    """The proposer takes the request back while it is undecided: it stays, marked 已撤回."""
    if by.pk != swap.proposer_id:
        raise ValidationError(_("只有申请人可以撤回换班申请。"))
    return _swap_step(swap, SWAP_WITHDRAWABLE, SwapStatus.CANCELLED, by, "withdrawn")


@transaction.atomic
def swap_decide(*, swap: SwapRequest, by: Worker, approve: bool) -> SwapRequest:
    """The director's decision; approval applies the swap to the roster."""
    if not by.is_director_of(swap.committee_id):
        raise ValidationError(_("只有本居委会主任可以批准换班。"))
    if not approve:
        return _swap_step(swap, SwapStatus.ACCEPTED, SwapStatus.REJECTED, by, "rejected")
    swap = _swap_step(swap, SwapStatus.ACCEPTED, SwapStatus.APPROVED, by, "approved")
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
    leave_changed.send(sender=Leave, leave=leave, step="requested", by=worker)
    return leave


def _leave_step(leave: Leave, new_status: str, by: Worker, step: str, **fields) -> Leave:
    # Conditional UPDATE: a decision and a withdrawal at once move the request only once.
    updated = Leave.objects.filter(pk=leave.pk, status__in=LEAVE_WITHDRAWABLE).update(status=new_status, **fields)
    if not updated:
        raise ValidationError(_("该请假申请已被处理。"))
    leave.refresh_from_db()
    _history_of_update(leave, by)
    leave_changed.send(sender=Leave, leave=leave, step=step, by=by)
    return leave


@transaction.atomic
def leave_withdraw(*, leave: Leave, by: Worker) -> Leave:
    """The worker takes back a request not yet decided: it stays, marked 已撤回."""
    if by.pk != leave.worker_id:
        raise ValidationError(_("只有申请人可以撤回请假申请。"))
    return _leave_step(leave, LeaveStatus.CANCELLED, by, "withdrawn")


@transaction.atomic
def leave_decide(*, leave: Leave, by: Worker, approve: bool) -> list[DutyAssignment]:
    """Approve or reject leave. Returns the published duties the approved leave leaves
    uncovered (the gaps the director must fill, shown to them before approving:
    `selectors.leave_gaps`); they stay on the roster, flagged."""
    if not by.is_director_of(leave.committee_id):
        raise ValidationError(_("只有本居委会主任可以审批请假。"))
    status, step = (LeaveStatus.APPROVED, "approved") if approve else (LeaveStatus.REJECTED, "rejected")
    leave = _leave_step(leave, status, by, step, decided_by=by.user, decided_at=timezone.now())
    if not approve:
        return []
    return selectors.leave_gaps(leave=leave)
