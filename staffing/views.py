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
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from committee.access import COMMITTEE_ROLES, current_committee, public, role_required
from committee.choices import DayType
from committee.models import GridArea
from committee.roles import Role
from committee.workcalendar import FIRST_YEAR, LAST_YEAR
from utilities.dayranges import month_bounds
from utilities.exports import csv_download, export_title, xlsx_download
from utilities.formerrors import add_service_errors
from utilities.widgets import OptionList

from . import accounts, selectors, services
from .choices import SWAP_WITHDRAWABLE, LeaveStatus, RosterStatus, SwapStatus
from .forms import (
    DutyAddForm,
    DutyMoveForm,
    GridAreaForm,
    LeaveRequestForm,
    PostForm,
    RosterGenerateForm,
    ShiftTemplateForm,
    SwapProposeForm,
    TrainingForm,
)
from .models import DutyAssignment, Leave, Post, Roster, ShiftTemplate, SwapRequest, Worker

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
    """Publishing asks first: the confirmation lists the month's shortfalls, holidays and
    provisional days; only its 确认发布 publishes."""
    roster = get_object_or_404(Roster.objects.visible_to(request.user), pk=pk)
    back = redirect("staffing:roster", year=roster.month.year, month=roster.month.month)
    if roster.status == RosterStatus.PUBLISHED:
        messages.error(request, _("该排班表已经发布。"))
        return back
    if request.POST.get("confirmed") != "yes":
        check = selectors.roster_publish_check(roster=roster)
        return render(request, "staffing/roster_publish_confirm.html", {"roster": roster, "check": check})
    try:
        services.roster_publish(
            roster=roster,
            by=request.user.worker,
            provisional_acknowledged=request.POST.get("provisional") == "acknowledged",
        )
        messages.success(
            request, _("%(month)s 值班表已发布，居民公示栏和值班人员即刻可见。") % {"month": f"{roster.month:%Y-%m}"}
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return back


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
    if request.method == "POST" and "pick" in request.POST:
        # Without JavaScript: 列出同事的值班 shows the form again, 换回 narrowed to the colleague.
        form = SwapProposeForm(initial=request.POST.dict(), worker=worker)
    else:
        form = SwapProposeForm(request.POST or None, worker=worker)
    if request.method == "POST" and "pick" not in request.POST and form.is_valid():
        try:
            swap = services.swap_propose(proposer=worker, **form.cleaned_data)
            messages.success(
                request, _("换班申请已发给 %(name)s，对方同意后交主任批准。") % {"name": swap.colleague.display_name}
            )
            return redirect("staffing:swap-list")
        except ValidationError as error:
            form.add_error(None, error)
    swaps = SwapRequest.objects.visible_to(request.user).select_related(
        "duty__shift", "return_duty__shift", "proposer", "colleague"
    )
    if worker.role != Role.DIRECTOR:
        swaps = swaps.filter(proposer=worker) | swaps.filter(colleague=worker)
    context = {
        "form": form,
        "swaps": swaps.order_by("-created_at")[:100],
        "worker": worker,
        "Status": SwapStatus,
        "withdrawable": SWAP_WITHDRAWABLE,
    }
    return render(request, "staffing/swap_list.html", context, status=400 if form.is_bound and form.errors else 200)


@require_POST
@role_required(*COMMITTEE_ROLES)
def swap_return_options(request):
    """The chosen colleague's duties for 换回, as <option>s (fetched by the swap form; the
    colleague travels in the body, not the address)."""
    form = SwapProposeForm(initial={"colleague": request.POST.get("colleague")}, worker=request.user.worker)
    field = form.fields["return_duty"]
    options = format_html_join("", '<option value="{}">{}</option>', ((value, label) for value, label in field.choices))
    return HttpResponse(options)


SWAP_DONE = {
    "accept": _lazy("已同意接替，等待主任批准。"),
    "decline": _lazy("已回复不同意，申请人会收到通知。"),
    "approve": _lazy("已批准换班，值班表已更新。"),
    "reject": _lazy("已不批准，值班表不变。"),
    "withdraw": _lazy("已撤回换班申请，记录保留在列表中。"),
}


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
        elif decision == "withdraw":
            services.swap_withdraw(swap=swap, by=worker)
        else:
            raise ValidationError(_("未知的操作。"))
        messages.success(request, SWAP_DONE[decision])
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect(_back_to(request, "staffing:swap-list"))


def _back_to(request, default: str) -> str:
    """Where a decision returns: the approvals list when it came from there (a fixed name,
    never an address from the request)."""
    return "staffing:approvals" if request.POST.get("back") == "approvals" else default


# --- leave --------------------------------------------------------------------------------


@role_required(*COMMITTEE_ROLES)
def leave_list(request):
    worker = request.user.worker
    form = LeaveRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_request(worker=worker, **form.cleaned_data)
            messages.success(request, _("请假申请已提交，已通知主任审批；审批前可以撤回。"))
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
        "worker": worker,
        "Status": LeaveStatus,
    }
    return render(request, "staffing/leave_list.html", context, status=400 if form.errors else 200)


@require_POST
@role_required(*COMMITTEE_ROLES)
def leave_withdraw(request, pk):
    leave = get_object_or_404(Leave.objects.visible_to(request.user), pk=pk)
    try:
        services.leave_withdraw(leave=leave, by=request.user.worker)
        messages.success(request, _("已撤回请假申请，记录保留在列表中。"))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("staffing:leave-list")


@require_POST
@role_required(Role.DIRECTOR)
def leave_decide(request, pk):
    """Rejecting is one step; approving asks first, listing the published duties the leave
    leaves short, and only its 确认批准 approves."""
    leave = get_object_or_404(Leave.objects.visible_to(request.user).select_related("worker"), pk=pk)
    approve = request.POST.get("decision") == "approve"
    back = _back_to(request, "staffing:leave-list")
    if approve and request.POST.get("confirmed") != "yes":
        if leave.status != LeaveStatus.REQUESTED:
            messages.error(request, _("该请假申请已被处理。"))
            return redirect(back)
        context = {"leave": leave, "gaps": selectors.leave_gaps(leave=leave), "back": request.POST.get("back", "")}
        return render(request, "staffing/leave_confirm.html", context)
    try:
        gaps = services.leave_decide(leave=leave, by=request.user.worker, approve=approve)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(back)
    name = leave.worker.display_name
    if gaps:
        days = "、".join(f"{d.date:%m-%d} {d.shift.name}" for d in gaps)
        messages.warning(
            request,
            _("已批准 %(name)s 的请假。以下值班因此缺人，请在值班表中调整：%(days)s") % {"name": name, "days": days},
        )
    else:
        messages.success(
            request, (_("已批准 %(name)s 的请假。") if approve else _("已驳回 %(name)s 的请假。")) % {"name": name}
        )
    return redirect(back)


@role_required(Role.DIRECTOR)
def approvals(request):
    """What waits for the director: swaps the colleague accepted and leave requested, each
    leave with the published duties it would leave short."""
    pending = selectors.pending_approvals(committee=current_committee(request))
    return render(request, "staffing/approvals.html", {"pending": pending})


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


# --- the committee's set-up: A/B posts, shift templates, grid areas -----------------------------
# Directors keep their own committee's; desk workers read them; street admins keep admin.


@role_required(*COMMITTEE_ROLES)
def setup(request):
    committee = current_committee(request)
    context = {
        "setup": selectors.committee_setup(committee=committee),
        "can_edit": request.user.worker.role == Role.DIRECTOR,
    }
    return render(request, "staffing/setup.html", context)


def _setup_form_page(request, *, form, title, record, save, done, back_anchor):
    """One create-or-edit page of the set-up: a valid form goes through `save` (a service);
    a rule it breaks comes back on the form, nothing typed is lost."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done % {"name": str(saved)})
            return redirect(reverse("staffing:setup") + back_anchor)
    context = {
        "form": form,
        "title": title,
        "record": record,
        "history": selectors.history_of(record) if record is not None else [],
        "back": reverse("staffing:setup") + back_anchor,
    }
    return render(request, "staffing/setup_form.html", context, status=400 if form.errors else 200)


@role_required(Role.DIRECTOR)
def post_edit(request, pk=None):
    committee = current_committee(request)
    post = get_object_or_404(Post.objects.visible_to(request.user), pk=pk) if pk else None
    initial = {"line": post.line_id, "kind": post.kind, "worker": post.worker_id} if post else {}
    form = PostForm(request.POST or None, committee=committee, initial=initial)

    def save(form):
        if post is None:
            return services.post_assign(committee=committee, **form.cleaned_data)
        return services.post_update(post=post, **form.cleaned_data)

    title = _("修改 AB 岗") if post else _("添加 AB 岗")
    return _setup_form_page(
        request, form=form, title=title, record=post, save=save, done=_("已保存岗位：%(name)s。"), back_anchor="#posts"
    )


@role_required(Role.DIRECTOR)
def shift_edit(request, pk=None):
    committee = current_committee(request)
    shift = get_object_or_404(ShiftTemplate.objects.visible_to(request.user), pk=pk) if pk else None
    form = ShiftTemplateForm(request.POST or None, instance=shift or ShiftTemplate(committee=committee))
    title = _("修改班次") if shift else _("添加班次")
    return _setup_form_page(
        request,
        form=form,
        title=title,
        record=shift,
        save=lambda form: services.shift_template_save(shift=form.instance),
        done=_("已保存班次：%(name)s。之后生成的值班表按新班次排。"),
        back_anchor="#shifts",
    )


@role_required(Role.DIRECTOR)
def grid_area_edit(request, pk=None):
    committee = current_committee(request)
    area = get_object_or_404(GridArea.objects.visible_to(request.user), pk=pk) if pk else None
    form = GridAreaForm(request.POST or None, instance=area or GridArea(committee=committee), committee=committee)
    title = _("修改片区") if area else _("添加片区")
    return _setup_form_page(
        request,
        form=form,
        title=title,
        record=area,
        save=lambda form: services.grid_area_save(area=form.instance),
        done=_("已保存片区：%(name)s，居民公示栏即刻更新。"),
        back_anchor="#grid-areas",
    )


# --- the roster month as a download: one row per duty ----------------------------------------

ROSTER_EXPORT_COLUMNS = [
    _lazy("日期"),
    _lazy("星期"),
    _lazy("日类型"),
    _lazy("班次"),
    _lazy("时间"),
    _lazy("值班人"),
]
WEEKDAYS = [_lazy(name) for name in ("周一", "周二", "周三", "周四", "周五", "周六", "周日")]


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
