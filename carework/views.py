import hashlib
import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from committee.access import COMMITTEE_ROLES, current_committee, public, role_required
from committee.models import GridArea
from committee.roles import Role
from committee.scoping import user_role
from patrols.choices import FindingCategory
from register.models import Person
from utilities.formerrors import add_service_errors

from . import selectors, services, sync
from .choices import Condition, DueStatus, VisitOutcome
from .forms import FREQUENCIES, CarePlanForm, HomeVisitForm
from .models import CarePlan


def _id_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None


@role_required(Role.DIRECTOR)
def plans(request):
    """The director's care plans: a frequency per tag (or 高龄), and every change made."""
    committee = current_committee(request)
    form = CarePlanForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            services.care_plan_save(
                committee=committee,
                interval_days=form.cleaned_data["interval_days"],
                active=form.cleaned_data["active"],
                **form.plan_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("走访计划已保存。"))
            return redirect("carework:plans")
    context = {
        "form": form,
        "frequencies": FREQUENCIES,
        "plans": CarePlan.objects.visible_to(request.user)
        .filter(committee=committee)
        .select_related("tag")
        .order_by("-active", "interval_days"),
        "changes": CarePlan.history.filter(committee=committee)
        .select_related("tag", "history_user__worker")
        .order_by("-history_date")[:50],
    }
    return render(request, "carework/plans.html", context, status=400 if form.errors else 200)


# A day's list beyond this is a backlog, not a round: the first ones, by area and building.
LIST_LIMIT = 500


@role_required(*COMMITTEE_ROLES)
def today(request):
    """今日走访: the visits due today and overdue in the worker's grid areas, by area and
    building; the director sees every area, and the lists the coverage figures link to."""
    committee = current_committee(request)
    director = user_role(request.user) == Role.DIRECTOR
    areas = GridArea.objects.visible_to(request.user).filter(committee=committee)
    filters = {}
    if director:
        area = _id_param(request, "area")
        filters["areas"] = [area] if area is not None else None
        filters["plan"] = _id_param(request, "plan")
        filters["worker"] = _id_param(request, "worker")
        filters["not_home_twice"] = request.GET.get("flag") == "not_home"
        statuses = tuple(s for s in request.GET.getlist("status")[:3] if s in DueStatus.values)
        if statuses:
            filters["statuses"] = statuses
    else:
        filters["areas"] = list(areas.filter(responsible=request.user).values_list("pk", flat=True))
    rows = selectors.care_due(committee=committee, today=timezone.localdate(), limit=LIST_LIMIT, **filters)
    context = {"rows": rows, "director": director, "truncated": len(rows) >= LIST_LIMIT, "limit": LIST_LIMIT}
    return render(request, "carework/today.html", context)


@role_required(*COMMITTEE_ROLES)
def visit_new(request, pk):
    """Record a home visit to one person of the committee (any grid area: covering a colleague)."""
    committee = current_committee(request)
    person = get_object_or_404(Person.objects.visible_to(request.user).filter(committee=committee), pk=pk)
    form = HomeVisitForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.home_visit_record(
                committee=committee, worker=request.user.worker, person=person, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("走访已记录。"))
            if visit.case_id:
                messages.info(request, _("已立事项 %(reference)s。") % {"reference": visit.case.reference})
            return redirect("carework:today")
    context = {"form": form, "person": person, "visits": selectors.person_visits(person=person)}
    return render(request, "carework/visit_form.html", context, status=400 if form.errors else 200)


@role_required(Role.DIRECTOR)
def coverage(request):
    """The director's care coverage: by grid area, plan and worker, each figure a link to its list."""
    committee = current_committee(request)
    figures = selectors.care_coverage(committee=committee, today=timezone.localdate())
    context = {"coverage": figures, "after_leaving": selectors.visits_after_leaving(committee=committee)}
    return render(request, "carework/coverage.html", context)


# The offline app (issue 18, point 4): the page, its service worker and manifest, the sync.


@role_required(*COMMITTEE_ROLES)
def app(request):
    """外勤 (offline): the phone's app shell; its data comes from sync_data, kept in IndexedDB.
    Nothing personal on this page: it is what the service worker keeps for offline."""
    context = {
        "outcomes": VisitOutcome.choices,
        "conditions": Condition.choices,
        "categories": FindingCategory.choices,
        "sync_app": sync_app_settings(),
        "app_config": {**sync_app_settings(), "user": request.user.pk, "strings": _app_strings()},
    }
    return render(request, "carework/app.html", context)


def sync_app_settings() -> dict:
    return {
        "data_url": reverse("carework:sync-data"),
        "sync_url": reverse("carework:sync"),
        "login_url": reverse("login") + "?next=" + reverse("carework:app"),
        "batch": 100,
    }


def _app_strings() -> dict:
    return {
        "online": _("在线"),
        "offline": _("离线"),
        "loading": _("正在下载名单……"),
        "loaded": _("名单已更新：%(time)s"),
        "load_failed": _("名单未能更新，显示的是手机上保存的名单。"),
        "no_data": _("手机上还没有名单，请在有网络时打开一次。"),
        "nobody_due": _("今天没有应访或逾期的居民。"),
        "syncing": _("正在同步……"),
        "synced": _("同步完成：存入 %(stored)s 条，已有 %(already)s 条，未接受 %(refused)s 条。"),
        "sync_offline": _("没有网络，记录已保存在手机上，有网络时再同步。"),
        "sync_failed": _("同步没有完成，记录仍在手机上：%(error)s"),
        "expired": _("登录已过期，待同步的记录仍保存在手机上，请重新登录。"),
        "saved": _("已保存在手机上，待同步。"),
        "recorded": _("已记录（待同步）"),
        "refused": _("未接受"),
        "waiting": _("待同步"),
        "choose_outcome": _("请选择走访结果。"),
        "choose_line": _("请选择条线。"),
        "case_title": _("请填写事项标题。"),
        "describe": _("请描述发现的情况。"),
        "patrol_under_way": _("%(area)s巡查中（%(time)s 开始）"),
        "patrol_started": _("巡查已开始。"),
        "patrol_ended": _("巡查已结束。"),
        "finding_saved": _("发现已记录，待同步。"),
        "ask_sync_first": _("还有 %(n)s 条记录没有同步。先同步再退出吗？（选“取消”则不同步，直接退出并清除）"),
        "confirm_discard": _("未同步的 %(n)s 条记录将从手机上清除。确定退出吗？"),
        "kind_home_visit": _("走访"),
        "kind_patrol_start": _("开始巡查"),
        "kind_patrol_end": _("结束巡查"),
        "kind_finding": _("巡查发现"),
        "overdue": _("已逾期 %(n)s 天"),  # not the list's plural msgid: the JS formats it
        "truncated": _("手机上的名单只含前 %(n)s 人（按片区、楼栋）；其余请在有网络时查看“今日走访”。"),
        "visit": _("记录走访"),
        "building_none": _("（未填楼栋）"),
    }


def _shell_assets() -> list[str]:
    return [
        reverse("carework:app"),
        static("css/site.css"),
        static("js/site.js"),
        static("js/shortcuts.js"),
        static("carework/signout.js"),
        static("carework/app.css"),
        static("carework/app.js"),
        static("carework/icon.svg"),
        reverse("carework:manifest"),
    ]


@public
@require_GET
def service_worker(request):
    """The service worker, served from /care/app/ so its scope covers the app; it names the
    shell's assets (their hashed names) and changes when they do."""
    assets = _shell_assets()
    version = hashlib.sha256("|".join(assets).encode()).hexdigest()[:12]
    response = render(
        request,
        "carework/sw.js",
        {"assets_json": json.dumps(assets), "version": version, "app_url": reverse("carework:app")},
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = reverse("carework:app")
    return response


@public
@require_GET
def manifest(request):
    data = {
        "name": _("居委会外勤"),
        "short_name": _("外勤"),
        "start_url": reverse("carework:app"),
        "scope": reverse("carework:app"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#b22222",
        "lang": "zh-CN",
        "icons": [{"src": static("carework/icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/manifest+json; charset=utf-8")


@require_GET
@role_required(*COMMITTEE_ROLES)
def sync_data(request):
    """The worker's own grid areas for the phone (JSON): due list, areas, today's patrols, lines."""
    data = sync.sync_data(user=request.user, committee=current_committee(request), today=timezone.localdate())
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@role_required(*COMMITTEE_ROLES)
def sync_upload(request):
    """The phone's queued records (JSON body {"records": [...]}): one result per record."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    try:
        if length > sync.MAX_BODY_BYTES:
            raise sync.BatchError(_("一次同步的数据过大（上限 1 MB），请分批同步。"), status=413)
        records = sync.parse_batch(request.body)
    except sync.BatchError as error:
        return JsonResponse({"error": error.message}, status=error.status, json_dumps_params={"ensure_ascii": False})
    results = sync.sync_records(user=request.user, committee=current_committee(request), records=records)
    return JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})
