"""The patrol pages: today's rounds on a phone, a patrol with its findings, the printed
每日巡查记录本 with its exports, and the director's days without a patrol."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from committee.access import COMMITTEE_ROLES, current_committee, role_required
from committee.models import GridArea
from committee.roles import Role
from committee.scoping import user_role
from utilities.exports import csv_download, export_title, period_text, xlsx_download
from utilities.formerrors import add_service_errors

from . import selectors, services
from .forms import BookForm, FindingForm, PatrolEndForm, PatrolStartForm, WithdrawForm
from .models import Finding, Patrol


def _patrol_of(request, pk) -> Patrol:
    patrols = Patrol.objects.visible_to(request.user).select_related(
        "committee__street_office", "grid_area", "worker__worker", "withdrawn_by__worker"
    )
    return get_object_or_404(patrols, pk=pk)


@role_required(*COMMITTEE_ROLES)
def today(request):
    """The worker's patrols of today: a start button for each area they answer for (the
    director: every area), today's rounds of them, and any other area to cover."""
    committee = current_committee(request)
    user = request.user
    areas = selectors.patrol_areas(user=user, committee=committee)
    is_director = user_role(user) == Role.DIRECTOR
    mine = [area for area in areas if area.responsible_id == user.pk or is_director]
    date = timezone.localdate()
    patrols = list(selectors.patrols_on(user=user, committee=committee, date=date))
    rows = [
        {
            "area": area,
            "patrols": [patrol for patrol in patrols if patrol.grid_area_id == area.pk],
            "client_id": uuid.uuid4(),
            # the user's round of the area still under way: continued rather than started again
            "under_way": next(
                (p for p in patrols if p.grid_area_id == area.pk and p.under_way and p.worker_id == user.pk), None
            ),
        }
        for area in mine
    ]
    shown = {area.pk for area in mine}
    elsewhere = [patrol for patrol in patrols if patrol.grid_area_id not in shown and patrol.worker_id == user.pk]
    others = [area for area in areas if area.pk not in shown]
    context = {
        "date": date,
        "unfinished": selectors.patrols_unfinished(user=user, before=date),
        "rows": rows,
        "elsewhere": elsewhere,
        "other_form": PatrolStartForm(areas=others) if others else None,
        "is_director": is_director,
    }
    return render(request, "patrols/today.html", context)


@require_POST
@role_required(*COMMITTEE_ROLES)
def start(request):
    committee = current_committee(request)
    areas = selectors.patrol_areas(user=request.user, committee=committee)
    form = PatrolStartForm(request.POST, areas=areas)
    if not form.is_valid():
        messages.error(request, _("请选择本居委会的片区。"))
        return redirect("patrols:today")
    area = next(area for area in areas if area.pk == form.cleaned_data["grid_area"])
    try:
        patrol = services.patrol_start(
            client_id=form.cleaned_data["client_id"], committee=committee, grid_area=area, worker=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("patrols:today")
    return redirect(patrol)


def _detail(request, patrol, *, finding_form=None, end_form=None, status=200):
    findings = list(
        Finding.objects.visible_to(request.user)
        .filter(patrol=patrol)
        .select_related("case", "recorded_by__worker", "withdrawn_by__worker")
        .order_by("recorded_at", "pk")
    )
    context = {
        "patrol": patrol,
        "findings": findings,
        "finding_form": finding_form or FindingForm(committee=patrol.committee),
        "end_form": end_form or PatrolEndForm(),
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "patrols/patrol_detail.html", context, status=status)


@role_required(*COMMITTEE_ROLES)
def patrol_detail(request, pk):
    return _detail(request, _patrol_of(request, pk))


@require_POST
@role_required(*COMMITTEE_ROLES)
def finding_add(request, pk):
    patrol = _patrol_of(request, pk)
    form = FindingForm(request.POST, committee=patrol.committee)
    if form.is_valid():
        data = form.cleaned_data
        try:
            finding = services.finding_record(
                client_id=data["client_id"],
                patrol=patrol,
                by=request.user,
                category=data["category"],
                description=data["description"],
                location=data["location"],
                handled=data["handled"],
                case_title=data["case_title"],
                case_line=data["case_line"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if finding.case_id:
                messages.success(request, _("已记录，并登记为事项 %(ref)s。") % {"ref": finding.case.reference})
            else:
                messages.success(request, _("已记录巡查发现。"))
            return redirect(patrol)
    return _detail(request, patrol, finding_form=form, status=400)


@require_POST
@role_required(*COMMITTEE_ROLES)
def end(request, pk):
    patrol = _patrol_of(request, pk)
    form = PatrolEndForm(request.POST)
    if form.is_valid():
        try:
            services.patrol_end(
                patrol=patrol,
                by=request.user,
                ended_at=form.cleaned_data["ended_at"],
                route_notes=form.cleaned_data["route_notes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("巡查已结束。"))
            return redirect(patrol)
    return _detail(request, patrol, end_form=form, status=400)


@require_POST
@role_required(*COMMITTEE_ROLES)
def finding_withdraw(request, pk):
    finding = get_object_or_404(Finding.objects.visible_to(request.user).select_related("patrol"), pk=pk)
    form = WithdrawForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("请写明撤回原因。"))
        services.finding_withdraw(finding=finding, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已撤回该发现。"))
    return redirect(finding.patrol)


@require_POST
@role_required(*COMMITTEE_ROLES)
def patrol_withdraw(request, pk):
    patrol = _patrol_of(request, pk)
    form = WithdrawForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("请写明撤回原因。"))
        services.patrol_withdraw(patrol=patrol, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已撤回这次巡查。"))
    return redirect(patrol)


# --- the 每日巡查记录本 ---------------------------------------------------------------


def _book(request):
    """The area and month the book shows (by default the first area the user answers for,
    this month); a foreign area is a 404, as any record out of scope."""
    committee = current_committee(request)
    areas = list(
        GridArea.objects.visible_to(request.user)
        .filter(committee=committee)
        .select_related("committee__street_office")
        .order_by("-active", "name", "pk")
    )
    wanted = request.GET.get("area", "")
    if wanted and wanted not in {str(area.pk) for area in areas}:
        raise Http404
    form = BookForm(request.GET or None, areas=areas)
    params = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if form.is_bound and form.errors:
        messages.error(request, _("月份有误（应为 2000 年至明年的 年-月，例如 2026-11），已显示本月。"))
    today = timezone.localdate()
    first = (params.get("month") or today).replace(day=1)
    area = None
    if params.get("area"):
        area = next(area for area in areas if area.pk == params["area"])
    elif areas:
        area = next((area for area in areas if area.responsible_id == request.user.pk), areas[0])
    rows = selectors.book_rows(user=request.user, area=area, first=first, today=today) if area else []
    return {
        "committee": committee,
        "areas": areas,
        "area": area,
        "form": BookForm(initial={"area": area.pk if area else None, "month": first}, areas=areas),
        "first": first,
        "last": selectors.month_bounds(first)[1],
        "rows": rows,
        "query": f"area={area.pk}&month={first:%Y-%m}" if area else "",
        "printed_at": timezone.localtime(),
    }


@role_required(*COMMITTEE_ROLES)
def book(request):
    return render(request, "patrols/book.html", _book(request))


BOOK_COLUMNS = (
    gettext_lazy("日期"),
    gettext_lazy("巡查人"),
    gettext_lazy("开始"),
    gettext_lazy("结束"),
    gettext_lazy("巡查路线"),
    gettext_lazy("发现情况及处理"),
    gettext_lazy("签字"),
)


def finding_text(finding) -> str:
    text = f"{finding.get_category_display()}：{finding.description}"
    if finding.location:
        text += f"（{finding.location}）"
    if finding.case_id:
        text += " → " + _("事项 %(ref)s") % {"ref": finding.case.reference}
    elif finding.status != "open":
        text += " → " + finding.get_status_display()
    if finding.withdrawn_at:
        text += " " + _("［已撤回：%(reason)s］") % {"reason": finding.withdraw_reason}
    return text


def _book_export_rows(rows):
    yield [str(label) for label in BOOK_COLUMNS]
    for row in rows:
        patrol = row.patrol
        if patrol is None:
            note = _("未巡查") if row.missed else ("" if row.day_type == "working" else _("休息日"))
            yield [f"{row.date:%Y-%m-%d}", note, "", "", "", "", ""]
            continue
        yield [
            f"{row.date:%Y-%m-%d}",
            patrol.worker.worker.display_name if hasattr(patrol.worker, "worker") else patrol.worker.get_username(),
            f"{timezone.localtime(patrol.started_at):%H:%M}",
            f"{timezone.localtime(patrol.ended_at):%H:%M}" if patrol.ended_at else _("进行中"),
            patrol.route_notes
            + (" " + _("［已撤回：%(reason)s］") % {"reason": patrol.withdraw_reason} if patrol.withdrawn_at else ""),
            "\n".join(finding_text(finding) for finding in row.findings) or _("无异常"),
            "",
        ]


def _book_export(request, fmt: str):
    context = _book(request)
    area = context["area"]
    if area is None:
        messages.error(request, _("本居委会还没有片区。"))
        return redirect("patrols:book")
    filename = f"patrol-book-{area.pk}-{context['first']:%Y%m}.{fmt}"
    rows = _book_export_rows(context["rows"])
    if fmt == "csv":
        return csv_download(rows, filename)
    title = export_title(
        _("每日巡查记录本"),
        scope=f"{context['committee'].name} {area.name}",
        period=period_text(context["first"], context["last"]),
    )
    return xlsx_download(rows, filename, sheet=f"{context['first']:%Y-%m}", title=title)


@role_required(*COMMITTEE_ROLES)
def book_csv(request):
    return _book_export(request, "csv")


@role_required(*COMMITTEE_ROLES)
def book_xlsx(request):
    return _book_export(request, "xlsx")


# --- the director's days without a patrol -----------------------------------------------


@role_required(Role.DIRECTOR)
def missed(request):
    """Per grid area, the working days of a month without a patrol: the count links to the
    area's days, each day to its line in the book."""
    committee = current_committee(request)
    today = timezone.localdate()
    form = BookForm(request.GET or None, areas=[])  # the month only: the area is checked below
    month = None
    if form.is_bound:
        form.is_valid()
        month = form.cleaned_data.get("month")
        if "month" in form.errors:
            messages.error(request, _("月份有误（应为 2000 年至明年的 年-月，例如 2026-11），已显示本月。"))
    first = (month or today).replace(day=1)
    areas = selectors.patrol_days_missed(user=request.user, committee=committee, first=first, today=today)
    wanted = request.GET.get("area", "")
    chosen = None
    if wanted:
        chosen = next((row for row in areas if str(row.area.pk) == wanted), None)
        if chosen is None:
            raise Http404
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    context = {
        "first": first,
        "areas": areas,
        "chosen": chosen,
        "total": sum(row.count for row in areas),
        "previous": previous,
        "following": following if following <= today else None,
        "book_url": reverse("patrols:book"),
    }
    return render(request, "patrols/missed.html", context)
