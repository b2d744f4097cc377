"""Staffing pages: workers, training coverage, the month roster, my duty, swaps, leave,
coverage, and each worker's iCalendar feed. Rules live in the services and selectors."""

import calendar
import datetime as dt

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from committee.access import COMMITTEE_ROLES, current_committee, public, role_required
from committee.choices import DayType
from committee.roles import Role
from committee.workcalendar import FIRST_YEAR, LAST_YEAR
from utilities.dayranges import month_bounds
from utilities.exports import csv_download, export_title, xlsx_download
from utilities.widgets import OptionList

from . import accounts, selectors, services
from .choices import LeaveStatus, SwapStatus
from .forms import (
    DutyAddForm,
    DutyMoveForm,
    LeaveRequestForm,
    RosterGenerateForm,
    SwapProposeForm,
    TrainingForm,
)
from .models import DutyAssignment, Leave, Roster, SwapRequest, Worker

ACCOUNT_CHANGES_SHOWN = 20


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- workers and training ---------------------------------------------------------------


@role_required(Role.DIRECTOR, Role.STREET_ADMIN)
def worker_list(request):
    return render(request, "staffing/worker_list.html", {"workers": selectors.workers_of(user=request.user)})


@role_required(*COMMITTEE_ROLES, Role.STREET_ADMIN)
def worker_detail(request, pk):
    worker = selectors.worker_detail(user=request.user, pk=pk)
    today = timezone.localdate()
    month_start = today.replace(day=1)
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    context = {
        "worker": worker,
        "duties": selectors.duties_of_worker(worker=worker, start=month_start, end=month_end),
        "leaves": selectors.leaves_of_worker(worker=worker),
    }
    return render(request, "staffing/worker_detail.html", context)


@role_required(Role.DIRECTOR)
def training_matrix(request):
    committee = current_committee(request)
    form = TrainingForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        services.training_record(**form.cleaned_data)
        messages.success(request, _("已记录培训。"))
        return redirect("staffing:training")
    matrix = selectors.training_matrix(committee=committee)
    return render(
        request, "staffing/training_matrix.html", {"matrix": matrix, "form": form}, status=400 if form.errors else 200
    )


# --- rosters -----------------------------------------------------------------------------


def _month_or_404(year: int, month: int) -> dt.date:
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):  # the years the calendar holds
        raise Http404
    return dt.date(year, month, 1)


@role_required(*COMMITTEE_ROLES)
def roster_current(request):
    today = timezone.localdate()
    return redirect("staffing:roster", year=today.year, month=today.month)


@role_required(*COMMITTEE_ROLES)
def roster_month(request, year, month):
    committee = current_committee(request)
    first = _month_or_404(year, month)
    first, last = month_bounds(first)
    roster = Roster.objects.filter(committee=committee, month=first).first()
    is_director = request.user.worker.role == Role.DIRECTOR
    grid = selectors.month_grid(committee=committee, first=first, last=last)
    if is_director:  # the hand-edit table: a select of the month's workers per duty
        workers = OptionList([(row.worker.pk, row.worker.display_name) for row in grid.rows])
        for row in grid.rows:
            for cell in row.cells:
                for duty in cell:
                    duty.move_options = workers.html(duty.worker_id)
    context = {
        "committee": committee,
        "grid": grid,
        "roster": roster,
        "first": first,
        "previous": (first - dt.timedelta(days=1)).replace(day=1),
        "next": last + dt.timedelta(days=1),
        "can_edit": is_director,
        "generate_form": RosterGenerateForm(initial={"month": first}),
        "add_form": DutyAddForm(committee=committee, initial={"date": first}) if is_director else None,
        "shortfalls": roster.notes.splitlines() if roster and roster.notes else [],
    }
    return render(request, "staffing/roster_month.html", context)


@require_POST
@role_required(Role.DIRECTOR)
def roster_generate(request):
    committee = current_committee(request)
    form = RosterGenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写要生成的月份，例如 2026-12。"))
        return redirect("staffing:roster-current")
    month = form.cleaned_data["month"]
    try:
        roster, plan = services.roster_generate(committee=committee, month=month, by=request.user.worker)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        if plan.shortfalls:
            messages.warning(
                request, _("已生成草稿，有 %(n)d 个班次人数不足，见下方说明。") % {"n": len(plan.shortfalls)}
            )
        else:
            messages.success(request, _("已生成草稿，每个班次都已排满。"))
    return redirect("staffing:roster", year=month.year, month=month.month)


@require_POST
@role_required(Role.DIRECTOR)
def roster_publish(request, pk):
    roster = get_object_or_404(Roster.objects.visible_to(request.user), pk=pk)
    try:
        services.roster_publish(
            roster=roster,
            by=request.user.worker,
            provisional_acknowledged=request.POST.get("provisional") == "acknowledged",
        )
        messages.success(request, _("排班表已发布。"))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("staffing:roster", year=roster.month.year, month=roster.month.month)


@require_POST
@role_required(Role.DIRECTOR)
def duty_add(request):
    committee = current_committee(request)
    form = DutyAddForm(request.POST, committee=committee)
    target = reverse("staffing:roster-current")
    if form.is_valid():
        day = form.cleaned_data["date"]
        target = reverse("staffing:roster", args=[day.year, day.month])
        try:
            services.duty_add(
                committee=committee, day=day, shift=form.cleaned_data["shift"], worker=form.cleaned_data["worker"]
            )
            messages.success(request, _("已添加值班。"))
        except ValidationError as error:
            messages.error(request, _error_text(error))
    else:
        messages.error(request, _("添加值班失败：") + " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(target)


@require_POST
@role_required(Role.DIRECTOR)
def duty_remove(request, pk):
    duty = get_object_or_404(DutyAssignment.objects.visible_to(request.user), pk=pk)
    day = duty.date
    services.duty_remove(duty=duty)
    messages.success(request, _("已移除值班。"))
    return redirect("staffing:roster", year=day.year, month=day.month)


@require_POST
@role_required(Role.DIRECTOR)
def duty_move(request, pk):
    duty = get_object_or_404(DutyAssignment.objects.visible_to(request.user), pk=pk)
    form = DutyMoveForm(request.POST, committee=duty.committee)
    if form.is_valid():
        try:
            services.duty_move(duty=duty, worker=form.cleaned_data["worker"])
            messages.success(request, _("已调整值班。"))
        except ValidationError as error:
            messages.error(request, _error_text(error))
    else:
        messages.error(request, _("请选择接替的工作人员。"))
    return redirect("staffing:roster", year=duty.date.year, month=duty.date.month)


# --- my duty and the feed ----------------------------------------------------------------


@require_POST
@role_required(*COMMITTEE_ROLES)
def feed_rotate(request):
    """A new calendar-feed address: the old one, wherever it was copied, stops working."""
    accounts.feed_token_rotate(worker=request.user.worker)
    messages.success(request, _("已更换订阅地址，旧地址不再可用。请在手机日历中改用新地址。"))
    return redirect("staffing:my-duty")


@role_required(*COMMITTEE_ROLES)
def my_duty(request):
    worker = request.user.worker
    today = timezone.localdate()
    duties = selectors.duties_of_worker(worker=worker, start=today, end=today + dt.timedelta(days=62))
    feed_url = request.build_absolute_uri(reverse("staffing:feed", args=[worker.feed_token]))
    return render(request, "staffing/my_duty.html", {"duties": duties, "feed_url": feed_url})


@public
def duty_feed(request, token):
    """A worker's duty as iCalendar, for phone calendars. The secret token is the key;
    no login, because calendar apps cannot sign in."""
    worker = Worker.objects.filter(feed_token=token, active=True).select_related("committee").first()
    if worker is None:
        raise Http404
    body = selectors.duty_calendar(worker=worker, today=timezone.localdate())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="duty.ics"'
    return response


# --- swaps --------------------------------------------------------------------------------


@role_required(*COMMITTEE_ROLES)
def swap_list(request):
    worker = request.user.worker
    form = SwapProposeForm(request.POST or None, worker=worker)
    if request.method == "POST" and form.is_valid():
        try:
            services.swap_propose(proposer=worker, **form.cleaned_data)
            messages.success(request, _("换班申请已发给同事。"))
            return redirect("staffing:swap-list")
        except ValidationError as error:
            form.add_error(None, error)
    swaps = SwapRequest.objects.visible_to(request.user).select_related(
        "duty__shift", "return_duty__shift", "proposer", "colleague"
    )
    if worker.role != Role.DIRECTOR:
        swaps = swaps.filter(proposer=worker) | swaps.filter(colleague=worker)
    context = {"form": form, "swaps": swaps.order_by("-created_at")[:100], "worker": worker, "Status": SwapStatus}
    return render(request, "staffing/swap_list.html", context, status=400 if form.errors else 200)


@require_POST
@role_required(*COMMITTEE_ROLES)
def swap_step(request, pk):
    swap = get_object_or_404(SwapRequest.objects.visible_to(request.user), pk=pk)
    decision = request.POST.get("decision")
    worker = request.user.worker
    try:
        if decision in ("accept", "decline"):
            services.swap_answer(swap=swap, by=worker, accept=decision == "accept")
        elif decision in ("approve", "reject"):
            services.swap_decide(swap=swap, by=worker, approve=decision == "approve")
        else:
            raise ValidationError(_("未知的操作。"))
        messages.success(request, _("已处理换班申请。"))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("staffing:swap-list")


# --- leave --------------------------------------------------------------------------------


@role_required(*COMMITTEE_ROLES)
def leave_list(request):
    worker = request.user.worker
    form = LeaveRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_request(worker=worker, **form.cleaned_data)
            messages.success(request, _("请假申请已提交。"))
            return redirect("staffing:leave-list")
        except ValidationError as error:
            form.add_error(None, error)
    leaves = Leave.objects.visible_to(request.user).select_related("worker")
    if worker.role != Role.DIRECTOR:
        leaves = leaves.filter(worker=worker)
    context = {
        "form": form,
        "leaves": leaves.order_by("-start")[:100],
        "is_director": worker.role == Role.DIRECTOR,
        "Status": LeaveStatus,
    }
    return render(request, "staffing/leave_list.html", context, status=400 if form.errors else 200)


@require_POST
@role_required(Role.DIRECTOR)
def leave_decide(request, pk):
    leave = get_object_or_404(Leave.objects.visible_to(request.user), pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        gaps = services.leave_decide(leave=leave, by=request.user.worker, approve=approve)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("staffing:leave-list")
    if gaps:
        days = "、".join(f"{d.date:%m-%d} {d.shift.name}" for d in gaps)
        messages.warning(request, _("已批准。以下已发布的值班因此缺人，请调整：%(days)s") % {"days": days})
    else:
        messages.success(request, _("已批准。") if approve else _("已驳回。"))
    return redirect("staffing:leave-list")


# --- coverage -----------------------------------------------------------------------------


@role_required(Role.DIRECTOR)
def coverage(request):
    committee = current_committee(request)
    return render(request, "staffing/coverage.html", {"coverage": selectors.coverage(committee=committee)})


# --- one's own login ------------------------------------------------------------------------


@role_required()
def account(request):
    """My account: change my password, and what was changed on my login and by whom."""
    worker = request.user.worker
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)  # stay signed in here, signed out elsewhere
        accounts.account_password_changed(worker=worker, by=request.user)
        messages.success(request, _("密码已修改。"))
        return redirect("staffing:account")
    changes = worker.account_changes.select_related("by__worker", "link__by__worker")[:ACCOUNT_CHANGES_SHOWN]
    context = {"form": form, "changes": changes, "set_by_someone_else": accounts.password_in_use(worker)}
    return render(request, "staffing/account.html", context, status=400 if form.errors else 200)


class SetPasswordThroughLink(PasswordResetConfirmView):
    """The page a set-password link opens: no sign-in, the link is the key. Django's view
    moves the token out of the address into the session before showing the form."""

    token_generator = accounts.set_password_tokens
    template_name = "staffing/set_password.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        worker = Worker.objects.filter(user=self.user).first()
        response = super().form_valid(form)
        if worker is not None:
            accounts.account_password_set_through_link(worker=worker)
        messages.success(self.request, _("密码已设置，请用新密码登录。"))
        return response


set_password = SetPasswordThroughLink.as_view()


# --- the roster month as a download: one row per duty ----------------------------------------

ROSTER_EXPORT_COLUMNS = [
    gettext_lazy("日期"),
    gettext_lazy("星期"),
    gettext_lazy("日类型"),
    gettext_lazy("班次"),
    gettext_lazy("时间"),
    gettext_lazy("值班人"),
]
WEEKDAYS = [gettext_lazy(name) for name in ("周一", "周二", "周三", "周四", "周五", "周六", "周日")]


def _roster_rows(grid):
    """The header, then the month's duties day by day, each day's in shift order."""
    yield [str(label) for label in ROSTER_EXPORT_COLUMNS]
    for index, (day, day_type) in enumerate(grid.days):
        duties = sorted(
            (duty for row in grid.rows for duty in row.cells[index]),
            key=lambda duty: (duty.shift.order, duty.shift.start, duty.worker.display_name),
        )
        for duty in duties:
            yield [
                f"{day:%Y-%m-%d}",
                str(WEEKDAYS[day.weekday()]),
                str(DayType(day_type).label),
                duty.shift.name,
                f"{duty.shift.start:%H:%M}–{duty.shift.end:%H:%M}",
                duty.worker.display_name,
            ]


def _roster_export(request, year, month, fmt: str):
    committee = current_committee(request)
    first, last = month_bounds(_month_or_404(year, month))
    grid = selectors.month_grid(committee=committee, first=first, last=last)
    for row in grid.rows:  # the duty's worker is the row's: no query per duty
        for cell in row.cells:
            for duty in cell:
                duty.worker = row.worker
    roster = Roster.objects.filter(committee=committee, month=first).first()
    filename = f"roster-{committee.code}-{first:%Y%m}.{fmt}"
    if fmt == "csv":
        return csv_download(_roster_rows(grid), filename)
    what = _("值班表（%(status)s）") % {"status": roster.get_status_display()} if roster else _("值班表")
    if grid.provisional:
        what += _("，含暂定节假日")
    title = export_title(what, scope=committee.name, period=f"{first:%Y-%m}")
    return xlsx_download(_roster_rows(grid), filename, sheet=f"{first:%Y-%m}", title=title)


@role_required(*COMMITTEE_ROLES)
def roster_export_csv(request, year, month):
    return _roster_export(request, year, month, "csv")


@role_required(*COMMITTEE_ROLES)
def roster_export_xlsx(request, year, month):
    return _roster_export(request, year, month, "xlsx")
