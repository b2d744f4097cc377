"""Case pages: the committee list, my cases, open a case, a case with its timeline and
the actions its status allows, my notifications. Rules live in services and choices."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, When
from django.db.models import Case as DbCase
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from committee.access import COMMITTEE_ROLES, current_committee, role_required
from committee.roles import Role
from committee.scoping import user_role
from committee.selectors import scope_label
from utilities.exports import csv_download, export_title, period_text, xlsx_download
from utilities.paging import CappedPaginator
from utilities.sealed_search import search_redirect, unsealed

from . import selectors, services
from .choices import CaseAction, CaseStatus, allowed_actions
from .forms import (
    CaseOpenForm,
    ChaseForm,
    FollowUpForm,
    HandOnForm,
    NoteForm,
    ResolveForm,
    SuperviseForm,
)
from .models import CaseQuerySet, Notification

PAGE_SIZE = 50


@role_required(*COMMITTEE_ROLES, Role.STREET_ADMIN)
def case_list(request):
    if request.method == "POST":  # the filter form: its search goes into the session, not the address
        return search_redirect(request)
    params, expired = unsealed(request)
    if expired:
        messages.warning(request, _("搜索条件已过期，请重新输入。"))
    filterset = selectors.case_list(user=request.user, params=params)
    page = CappedPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_deadlines(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "casework/case_list.html", {"filter": filterset, "page": page, "query": query.urlencode()})


@role_required(*COMMITTEE_ROLES)
def my_cases(request):
    queue = selectors.my_queue(worker=request.user.worker)
    return render(request, "casework/my_cases.html", {"queue": queue})


@role_required(Role.DIRECTOR, Role.STREET_ADMIN)
def overdue(request):
    """超期督办: the overdue cases, most working days overdue first; a director supervises
    (督办) from each row."""
    cases = selectors.overdue_for_supervision(user=request.user)
    is_director = user_role(request.user) == Role.DIRECTOR
    return render(request, "casework/overdue.html", {"cases": cases, "can_supervise": is_director})


@require_POST
@role_required(Role.DIRECTOR)
def supervise(request, pk):
    """督办 one case from the overdue list; back to the list with what happened."""
    case = selectors.case_detail(user=request.user, pk=pk)
    form = SuperviseForm(request.POST)
    if not form.is_valid():  # e.g. a note over the limit: said, not cut short or dropped
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect("casework:overdue")
    try:
        services.case_supervise(case=case, by=request.user.worker, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _action_message("supervise", case))
    return redirect("casework:overdue")


@role_required(*COMMITTEE_ROLES)
def case_open(request):
    """A work order (12345 热线, or handed over by the street office): the matters no resident
    brings to the desk. Everything else is registered at the desk (one path, with the
    other-matter choice for what the catalogue lacks), where this address leads without
    `?work_order`."""
    if request.method != "POST" and "work_order" not in request.GET:
        return redirect("reception:home")
    committee = current_committee(request)
    form = CaseOpenForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(committee=committee, first_responder=request.user.worker, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("已登记事项 %(ref)s，派给 %(name)s。") % {"ref": case.reference, "name": case.handler.display_name},
            )
            return redirect(case)
    return render(request, "casework/case_open.html", {"form": form}, status=400 if form.errors else 200)


def _action_forms(case, data=None, posted=None, worker=None):
    """The forms the case's status allows, each bound only if it was the one posted."""
    initial = {"version": case.version}

    def make(name, cls, **kwargs):
        return cls(data if posted == name else None, initial=initial, prefix=name, **kwargs)

    actions = set(allowed_actions(case.status))
    forms = {}
    for action in (CaseAction.START, CaseAction.PAUSE, CaseAction.RESUME, CaseAction.REOPEN, CaseAction.VOID):
        if action in actions:
            forms[action] = make(action, NoteForm)
    if CaseAction.RESOLVE in actions:
        forms[CaseAction.RESOLVE] = make(CaseAction.RESOLVE, ResolveForm)
    if CaseAction.FOLLOW_UP in actions:
        forms[CaseAction.FOLLOW_UP] = make(CaseAction.FOLLOW_UP, FollowUpForm)
    if case.is_open:
        forms["hand_on"] = make("hand_on", HandOnForm, committee=case.committee)
        forms["chase"] = ChaseForm(data if posted == "chase" else None, prefix="chase")
        if worker is not None and worker.is_director_of(case.committee_id):
            forms["supervise"] = SuperviseForm(data if posted == "supervise" else None, prefix="supervise")
    forms["note"] = make("note", NoteForm)
    # 作废 last, set apart from the work on the case (the template gives it its own section).
    if CaseAction.VOID in forms:
        forms[CaseAction.VOID] = forms.pop(CaseAction.VOID)
    return forms


def _action_message(action: str, case) -> str:
    """What the action just did, with the deadline where it has one."""
    due = timezone.localtime(case.due_at).strftime("%Y-%m-%d")
    ref = case.reference
    texts = {
        CaseAction.START: _("%(ref)s 已开始办理，办结期限 %(due)s。"),
        CaseAction.PAUSE: _("%(ref)s 已转为待补件，暂停计时；补齐后请恢复办理。"),
        CaseAction.RESUME: _("%(ref)s 已恢复办理，办结期限顺延至 %(due)s。"),
        CaseAction.RESOLVE: _("%(ref)s 已办结，已通知首问责任人 %(first)s 回访。"),
        CaseAction.REOPEN: _("%(ref)s 已重新办理，办结期限 %(due)s。"),
        CaseAction.VOID: _("%(ref)s 已作废，记录保留。"),
        "hand_on": _("%(ref)s 已转交给 %(handler)s，办结期限 %(due)s。"),
        "note": _("已在 %(ref)s 记下办理记录。"),
        "chase": _("已登记居民催办 %(ref)s，已通知承办人 %(handler)s，办结期限 %(due)s。"),
        "supervise": _("已督办 %(ref)s，已通知承办人 %(handler)s，办结期限 %(due)s。"),
    }
    if action == CaseAction.FOLLOW_UP:
        if case.status == CaseStatus.CLOSED:
            text = _("%(ref)s 已回访（%(satisfaction)s），已结案。")
        else:
            text = _("%(ref)s 回访不满意，已重新办理，承办人 %(handler)s，办结期限 %(due)s。")
    else:
        text = texts.get(action, _("已保存。"))
    if action == CaseAction.RESOLVE and case.first_responder_id == case.handler_id:
        text = _("%(ref)s 已办结，请及时回访。")
    return text % {
        "ref": ref,
        "due": due,
        "first": case.first_responder.display_name,
        "handler": case.handler.display_name,
        "satisfaction": case.get_satisfaction_display(),
    }


def _run(action, case, worker, data):
    """Call the service behind one posted form."""
    version = data.get("version")
    note = data.get("note", "")
    calls = {
        CaseAction.START: lambda: services.case_start(case=case, by=worker, expected_version=version, note=note),
        CaseAction.PAUSE: lambda: services.case_pause(case=case, by=worker, expected_version=version, reason=note),
        CaseAction.RESUME: lambda: services.case_resume(case=case, by=worker, expected_version=version, note=note),
        CaseAction.REOPEN: lambda: services.case_reopen(case=case, by=worker, expected_version=version, reason=note),
        CaseAction.VOID: lambda: services.case_void(case=case, by=worker, expected_version=version, reason=note),
        CaseAction.RESOLVE: lambda: services.case_resolve(
            case=case, by=worker, expected_version=version, resolution=data["resolution"]
        ),
        CaseAction.FOLLOW_UP: lambda: services.case_follow_up(
            case=case,
            by=worker,
            expected_version=version,
            satisfaction=data["satisfaction"],
            comment=data.get("comment", ""),
            escalate=data.get("escalate", False),
        ),
        "hand_on": lambda: services.case_hand_on(
            case=case, by=worker, expected_version=version, to=data["to"], reason=note
        ),
        "note": lambda: services.case_note(case=case, by=worker, expected_version=version, note=note),
        "chase": lambda: services.case_chase(case=case, by=worker, note=note),
        "supervise": lambda: services.case_supervise(case=case, by=worker, note=note),
    }
    return calls[action]()


def _detail_context(case, forms):
    events = case.events.select_related("actor").order_by("at", "pk")
    history = case.history.select_related("history_user").order_by("-history_date")[:30]
    return {
        "case": selectors.with_deadlines([case])[0],
        "events": events,
        "forms": forms,
        "history": history,
        "steps": selectors.case_steps(case),
        "void_form": forms.get(CaseAction.VOID),
        "Action": CaseAction,
        "Status": CaseStatus,
    }


@role_required(*COMMITTEE_ROLES, Role.STREET_ADMIN)
def case_detail(request, pk):
    case = selectors.case_detail(user=request.user, pk=pk)
    can_act = request.user.worker.committee_id == case.committee_id if hasattr(request.user, "worker") else False
    if request.method == "POST":
        if not can_act:
            return render(request, "403.html", status=403)
        posted = request.POST.get("action", "")
        forms = _action_forms(case, request.POST, posted, worker=request.user.worker)
        form = forms.get(posted)
        if form is None:
            messages.error(request, _("该操作当前不可用：事项状态可能已变化，请查看最新情况。"))
            return redirect(case)
        if form.is_valid():
            try:
                case = _run(posted, case, request.user.worker, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error.messages)  # the input stays in the bound form
                status = 409 if isinstance(error, services.CaseConflict) else 400
                case.refresh_from_db()
                return render(request, "casework/case_detail.html", _detail_context(case, forms), status=status)
            case = selectors.case_detail(user=request.user, pk=pk)  # as saved, with its people
            messages.success(request, _action_message(posted, case))
            return redirect(case)
        return render(request, "casework/case_detail.html", _detail_context(case, forms), status=400)
    forms = _action_forms(case, worker=request.user.worker) if can_act else {}
    return render(request, "casework/case_detail.html", _detail_context(case, forms))


def _recipient(request):
    """Whose notifications these pages show: the signed-in worker, if active. A superuser
    counts as a street admin without being a worker (or through an inactive one): none."""
    worker = getattr(request.user, "worker", None)
    return worker if worker is not None and worker.active else None


@role_required(*COMMITTEE_ROLES, Role.STREET_ADMIN)
def notifications(request):
    worker = _recipient(request)
    rows = selectors.notifications_of(worker=worker) if worker else Notification.objects.none()
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "casework/notifications.html", {"page": page})


@require_POST
@role_required(*COMMITTEE_ROLES, Role.STREET_ADMIN)
def notifications_read(request):
    worker = _recipient(request)
    if worker is not None:
        services.notifications_mark_read(worker=worker)
    return redirect("casework:notifications")


# --- exports of the case list (the same filter, sealed search included) ----------------------

EXPORT_CAP = 50_000
EXPORT_CHUNK = 2_000
EXPORT_COLUMNS = [
    gettext_lazy("编号"),
    gettext_lazy("登记时间"),
    gettext_lazy("居委会"),
    gettext_lazy("来源"),
    gettext_lazy("条线"),
    gettext_lazy("服务事项"),
    gettext_lazy("事项"),
    gettext_lazy("居民姓名"),
    gettext_lazy("联系电话"),
    gettext_lazy("片区"),
    gettext_lazy("状态"),
    gettext_lazy("承办人"),
    gettext_lazy("首问责任人"),
    gettext_lazy("办结期限"),
    gettext_lazy("超期"),
    gettext_lazy("办结时间"),
    gettext_lazy("满意度"),
]


def _export_rows(cases):
    """The header, then one row per case (the phone masked), at most EXPORT_CAP rows and a
    row saying so. Overdue is the queryset's one definition (CaseQuerySet.is_overdue)."""
    yield [str(label) for label in EXPORT_COLUMNS]
    late = DbCase(When(CaseQuerySet.is_overdue(timezone.now()), then=True), default=False, output_field=BooleanField())
    rows = (
        cases.select_related("service_item", "grid_area")
        .annotate(is_late=late)[: EXPORT_CAP + 1]
        .iterator(chunk_size=EXPORT_CHUNK)
    )
    for number, case in enumerate(rows):
        if number == EXPORT_CAP:
            yield [_("只导出了前 %(cap)s 件。请缩小筛选范围（例如按月）分批导出。") % {"cap": f"{EXPORT_CAP:,}"}]
            return
        yield [
            case.reference,
            _local(case.registered_at),
            case.committee.name,
            str(case.get_source_display()),
            case.line.name,
            case.service_item.name if case.service_item else "",
            case.title,
            case.resident_name,
            case.masked_phone,
            case.grid_area.name if case.grid_area else "",
            str(case.get_status_display()),
            case.handler.display_name,
            case.first_responder.display_name,
            _local(case.due_at) if case.is_open else "",
            _("超期") if case.is_late else "",
            _local(case.resolved_at),
            str(case.get_satisfaction_display()) if case.satisfaction else "",
        ]


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _case_export(request, fmt: str):
    params, _expired = unsealed(request)
    filterset = selectors.case_list(user=request.user, params=params)
    if filterset.is_bound and not filterset.is_valid():
        messages.error(request, _("筛选条件有误，请先改正再导出。"))
        query = request.GET.urlencode()
        return redirect(f"{reverse('casework:case-list')}?{query}" if query else reverse("casework:case-list"))
    rows = _export_rows(filterset.qs)
    filename = f"cases-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        return csv_download(rows, filename)
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    title = export_title(
        _("事项台账"),
        scope=scope_label(request.user, data.get("committee")),
        period=period_text(data.get("registered_from"), data.get("registered_to")),
    )
    return xlsx_download(rows, filename, sheet=_("事项台账"), title=title)


@role_required(*COMMITTEE_ROLES, Role.STREET_ADMIN)
def case_export_csv(request):
    return _case_export(request, "csv")


@role_required(*COMMITTEE_ROLES, Role.STREET_ADMIN)
def case_export_xlsx(request):
    return _case_export(request, "xlsx")


@require_POST
@role_required(*COMMITTEE_ROLES, Role.STREET_ADMIN)
def notification_open(request, pk):
    """Open one notification: marked read, then on to its case (a POST, so a link preview or
    a prefetch never marks it read; the address carries only the notification's number)."""
    worker = _recipient(request)
    notification = services.notification_open(worker=worker, pk=pk) if worker else None
    if notification is None:
        raise Http404
    return redirect(notification.get_absolute_url())
