"""The desk's pages: the intake (the reception home page), the resident look-up, the
one-time notice, finding a matter again and appointments; the ledgers: the visit ledger
(首问接待记录本) with its daily totals and CSV/Excel export, voiding a visit, and the
seal-use log (印章使用登记); and showing a resident's whole ID number, for a reason,
recorded. Rules live in services; rows are reached only through `visible_to(request.user)`,
and resident identifiers leave here only masked."""

import datetime as dt
from functools import reduce
from operator import or_

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import TruncDate
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from casework.models import Case
from casework.selectors import deadline_provisional, with_deadlines
from committee import dayfigures
from committee.access import COMMITTEE_ROLES, current_committee, role_required
from committee.models import Committee, ServiceItem
from committee.roles import Role
from committee.scoping import visible_committee_ids
from committee.security import refused
from committee.selectors import scope_label
from committee.workcalendar import official_years
from register.models import Person
from register.search import SEARCH_LIMIT
from register.search import person_search as person_search_in_register
from staffing.selectors import duty_now_and_today, workers_on_duty_at
from utilities.dayranges import (
    EARLIEST,
    LATEST,
    between_days,
    day_runs,
    each_day,
    local_midnight,
)
from utilities.exports import csv_download, export_title, period_text, xlsx_download
from utilities.formerrors import add_service_errors
from utilities.ids import record_id
from utilities.paging import CappedPaginator
from utilities.sealed_search import search_redirect, unsealed

from . import selectors, services
from .choices import Outcome
from .filters import SealUseFilterSet, VisitFilterSet
from .forms import (
    AppointmentForm,
    FindForm,
    IntakeForm,
    OnDutyForm,
    RevealForm,
    SealUseForm,
    VoidForm,
    material_field_name,
)
from .models import Appointment, SealUse, Visit, VisitItem


def _continue_initial(committee, visit_id) -> dict:
    """Prefill the intake from an earlier visit when the resident comes back."""
    earlier = Visit.objects.filter(committee=committee, pk=visit_id).prefetch_related("items__service_item").first()
    if earlier is None:
        return {}
    initial = {
        "previous_visit": earlier.pk,
        "resident_name": earlier.resident_name,
        # Not the phone: the form shows it masked and the server takes it from `earlier`.
        "address": earlier.address,
        "grid_area": earlier.grid_area_id,
        "channel": earlier.channel,
        "items": [vi.service_item_id for vi in earlier.items.all()],
    }
    for visit_item in earlier.items.all():
        missing = set(visit_item.materials_missing)
        initial[material_field_name(visit_item.service_item)] = [
            m for m in visit_item.service_item.materials if m not in missing
        ]
    return initial


def _resident_initial(committee, query) -> dict:
    """Prefill the resident from a record of theirs (`?resident_visit=` or `?resident_case=`,
    a record's number, never a detail): a new matter starts at the desk without retyping.
    The phone stays on the server (the form shows it masked)."""
    if record_id(query.get("continue")) is not None:
        return _continue_initial(committee, query["continue"])
    if (pk := record_id(query.get("resident_visit"))) is not None:
        record = Visit.objects.filter(committee=committee, pk=pk).first()
        key = "resident_visit"
    elif (pk := record_id(query.get("resident_case"))) is not None:
        record = Case.objects.filter(committee=committee, pk=pk).first()
        key = "resident_case"
    else:
        return {}
    if record is None:
        return {}
    return {
        key: record.pk,
        "resident_name": record.resident_name,
        "address": record.address,
        "grid_area": record.grid_area_id,
    }


@role_required(*COMMITTEE_ROLES)
def home(request):
    committee = current_committee(request)
    catalogue = selectors.catalogue_for_desk(committee)
    if request.method == "POST":
        form = IntakeForm(request.POST, committee=committee, catalogue=catalogue)
        if form.is_valid():
            data = form.cleaned_data
            try:
                visit = services.visit_intake(
                    committee=committee,
                    received_by=request.user.worker,
                    resident_name=data["resident_name"],
                    outcome=data["outcome"],
                    chosen=form.chosen(),
                    channel=data["channel"],
                    resident_phone=data["resident_phone"],
                    id_number=data["id_number"],
                    address=data["address"],
                    grid_area=data["grid_area"],
                    notes=data["notes"],
                    previous_visit=data["previous_visit"],
                    appointment_at=data["appointment_at"],
                    appointment_worker=data["appointment_worker"],
                    other_line=data["other_line"],
                    other_matter=data["other_matter"],
                    person=data["person"],
                    register_new=data["register_new"],
                    relation=data["relation"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect(_after_intake(request, visit))
        status = 400
    else:
        initial = _resident_initial(committee, request.GET)
        form = IntakeForm(initial=initial, committee=committee, catalogue=catalogue)
        status = 200
    context = {
        "committee": committee,
        "form": form,
        "counts": selectors.visit_counts(committee=committee),
        "appointments": selectors.appointments_upcoming(committee=committee)[:UPCOMING_ON_DESK],
        "desk": duty_now_and_today(committee=committee),
        "visits": selectors.visits_of_day(committee=committee)[:20],
        "find_form": FindForm(),
    }
    return render(request, "reception/home.html", context, status=status)


UPCOMING_ON_DESK = 10


def _after_intake(request, visit):
    if visit.outcome == Outcome.NOTICE:
        messages.success(request, _("已登记 %(ref)s。请打印一次性告知单交给居民。") % {"ref": visit.reference})
        return visit.notice_url()
    if visit.outcome == Outcome.HANDED_ON:
        messages.success(
            request,
            _("已登记 %(ref)s，转办事项 %(case)s 派给 %(name)s。请打印回执交给居民。")
            % {"ref": visit.reference, "case": visit.case.reference, "name": visit.case.handler.display_name},
        )
        return reverse("reception:receipt", args=[visit.pk])
    elif visit.outcome == Outcome.APPOINTMENT:
        messages.success(request, _("已登记 %(ref)s 并预约。") % {"ref": visit.reference})
    else:
        messages.success(request, _("已登记 %(ref)s。") % {"ref": visit.reference})
    return visit.get_absolute_url()


@require_POST
@role_required(*COMMITTEE_ROLES)
def resident_lookup(request):
    """The resident's earlier visits and open cases here, as a partial for the intake.
    Posted (by intake.js), so the phone and ID number stay out of every address and log."""
    committee = current_committee(request)
    history = selectors.resident_history(
        committee=committee, phone=request.POST.get("resident_phone", ""), id_number=request.POST.get("id_number", "")
    )
    return render(request, "reception/_resident_history.html", history)


@require_POST
@role_required(*COMMITTEE_ROLES)
def person_search(request):
    """The register's people matching what the desk typed — a phone, an ID number, a name
    or its pinyin initials (register.search) — as the intake's list to choose from.
    Posted (by person-search.js), so nothing typed reaches an address or a log."""
    query = request.POST.get("q", "")
    found = person_search_in_register(committee=current_committee(request), query=query, limit=SEARCH_LIMIT + 1)
    return render(
        request,
        "reception/_person_search.html",
        {"found": found[:SEARCH_LIMIT], "more": len(found) > SEARCH_LIMIT, "searched": bool(query.strip())},
    )


@role_required(*COMMITTEE_ROLES)
def find_visit(request):
    """Find a visit by its notice number or the resident's phone: the form is posted and
    the results are the response, so the phone is in no address."""
    committee = current_committee(request)
    form = FindForm(request.POST if request.method == "POST" else None)
    visits = []
    if form.is_valid():
        visits = selectors.find_visits(committee=committee, query=form.cleaned_data["q"])
    return render(request, "reception/find.html", {"form": form, "visits": visits})


def _visit_or_404(request, pk):
    return get_object_or_404(
        Visit.objects.visible_to(request.user).select_related(
            "committee", "received_by", "grid_area", "case", "previous_visit", "voided_by"
        ),
        pk=pk,
    )


@role_required(*COMMITTEE_ROLES, Role.STREET_ADMIN)
def visit_detail(request, pk):
    visit = _visit_or_404(request, pk)
    first = visit.previous_visit or visit
    trips = Visit.objects.valid().filter(previous_visit=first).count() + 1
    items = list(visit.items.select_related("service_item"))
    context = {
        "visit": visit,
        "items": items,
        # Completed on the spot, an item on the seal list is offered the seal record.
        "sealable": [vi.service_item for vi in items if vi.service_item.seal_permitted]
        if visit.outcome == Outcome.ON_THE_SPOT and not visit.is_voided
        else [],
        "trips": trips,
        "can_act": getattr(getattr(request.user, "worker", None), "committee_id", None) == visit.committee_id,
        "seal_uses": visit.seal_uses.select_related("service_item", "used_by"),
        # The receipt of a hand-on shows the case's deadline (暂定 while its year is provisional).
        "case": with_deadlines([visit.case])[0] if visit.case else None,
    }
    return render(request, "reception/visit_detail.html", context)


@role_required(*COMMITTEE_ROLES, Role.STREET_ADMIN)
def notice(request, pk):
    """The one-time notice (一次性告知单): every missing paper of every item, at once, and
    the papers received, for the resident to sign."""
    visit = _visit_or_404(request, pk)
    items = list(visit.items.select_related("service_item", "service_item__line"))
    for visit_item in items:
        missing = set(visit_item.materials_missing)
        visit_item.materials_received = [m for m in visit_item.service_item.materials if m not in missing]
    context = {
        "visit": visit,
        "items": items,
        "any_missing": any(vi.materials_missing for vi in items),
        "hours": selectors.office_hours(committee=visit.committee),
    }
    return render(request, "reception/notice.html", context)


@role_required(*COMMITTEE_ROLES, Role.STREET_ADMIN)
def receipt(request, pk):
    """The receipt (转办回执) of a hand-on, printed for the resident: the references, the
    deadline, who is responsible and how to ask about progress."""
    visit = _visit_or_404(request, pk)
    if visit.case is None:
        messages.info(request, _("这条登记没有转办，无需回执。"))
        return redirect(visit)
    case = with_deadlines([Case.objects.select_related("handler", "first_responder", "line").get(pk=visit.case_id)])
    return render(request, "reception/receipt.html", {"visit": visit, "case": case[0]})


@role_required(*COMMITTEE_ROLES)
def appointment_book(request):
    """Book an appointment. 查看值班人员 posts the form back with `check_duty` (no script),
    or asks `appointment_on_duty` for the time alone (appointment.js): the resident's name
    and phone are never sent in an address."""
    committee = current_committee(request)
    data = request.POST if request.method == "POST" else None
    probe = OnDutyForm(data)  # the time alone decides whom the form offers
    on_duty = None
    if data and probe.is_valid():
        on_duty = workers_on_duty_at(committee=committee, at=probe.cleaned_data["starts_at"])
    form = AppointmentForm(data, committee=committee, on_duty=on_duty)
    if data and "check_duty" in data:
        form.is_valid()
        for name in [name for name in form.errors if name != "starts_at"]:
            del form.errors[name]  # only checking the time: the rest is not filled in yet
        status = 400 if form.errors else 200
        return render(request, "reception/appointment_book.html", {"form": form, "on_duty": on_duty}, status=status)
    if request.method == "POST" and form.is_valid() and form.cleaned_data.get("worker"):
        try:
            appointment = services.appointment_book(
                committee=committee,
                worker=form.cleaned_data["worker"],
                starts_at=form.cleaned_data["starts_at"],
                resident_name=form.cleaned_data["resident_name"],
                resident_phone=form.cleaned_data["resident_phone"],
                service_item=form.cleaned_data["service_item"],
                notes=form.cleaned_data["notes"],
                created_by=request.user.worker,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("已预约 %(when)s，接待人 %(name)s。")
                % {
                    "when": timezone.localtime(appointment.starts_at).strftime("%m-%d %H:%M"),
                    "name": appointment.worker.display_name,
                },
            )
            return redirect("reception:home")
    elif request.method == "POST" and form.is_valid():
        form.add_error("worker", _("请选择该时间值班的工作人员。"))
    return render(
        request,
        "reception/appointment_book.html",
        {"form": form, "on_duty": on_duty},
        status=400 if form.errors else 200,
    )


@role_required(*COMMITTEE_ROLES)
def appointment_on_duty(request):
    """Who is on duty at `starts_at` (the only parameter), for the appointment form's script."""
    form = OnDutyForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"error": " ".join(form.errors.get("starts_at", []))}, status=400)
    on_duty = workers_on_duty_at(committee=current_committee(request), at=form.cleaned_data["starts_at"])
    return JsonResponse({"workers": [{"id": w.pk, "name": w.display_name} for w in on_duty]})


@role_required(*COMMITTEE_ROLES)
def appointment_list(request):
    """Booked appointments of the coming days (我的值班 links here): the worker's own marked."""
    committee = current_committee(request)
    context = {
        "appointments": selectors.appointments_upcoming(committee=committee),
        "days": selectors.UPCOMING_DAYS,
        "me": request.user.worker,
    }
    return render(request, "reception/appointment_list.html", context)


@role_required(*COMMITTEE_ROLES, Role.STREET_ADMIN)
def appointment_detail(request, pk):
    appointment = get_object_or_404(
        Appointment.objects.visible_to(request.user).select_related("worker", "service_item", "visit"), pk=pk
    )
    return render(request, "reception/appointment_detail.html", {"appointment": appointment})


PAGE_SIZE = 50
EXPORT_CAP = 50_000
EXPORT_CHUNK = 2_000
TOTALS_DAYS_SHOWN = 31
# Street admins read the ledgers of their committees; only the desk writes to them.
READERS = (*COMMITTEE_ROLES, Role.STREET_ADMIN)
# Never loaded for a list: the encrypted ID number (lists show only the masked form).
LIST_DEFERRED = ("id_number_encrypted", "id_number_digest", "notes", "address")


# --- reads ----------------------------------------------------------------------------------


def _visit_filterset(request) -> VisitFilterSet:
    visits = Visit.objects.visible_to(request.user).order_by("-received_at", "-pk")
    data, expired = unsealed(request)
    if expired:
        messages.warning(request, _("搜索条件已过期，请重新输入。"))
    return VisitFilterSet(data, queryset=visits, committee_ids=visible_committee_ids(request.user))


def _with_row_data(visits):
    """What a ledger row shows, in a fixed number of queries whatever the number of rows."""
    return (
        visits.select_related("committee", "received_by", "grid_area", "case")
        .defer(*LIST_DEFERRED)
        .prefetch_related(Prefetch("items", queryset=VisitItem.objects.select_related("service_item").order_by("pk")))
    )


def daily_totals(
    visits,
    *,
    last_day=None,
    all_counted: bool = True,
    committee_ids=None,
    hide_voided: bool = False,
    range_first=None,
    newest=None,
) -> dict:
    """How many visits and how each ended, voided visits counted apart and left out of
    every total: per local day for the last TOTALS_DAYS_SHOWN days of the range, and a
    total row.

    When nothing but the dates (and the committee) is filtered, `committee_ids` names the
    committees and the finished days come from their day figures (committee.dayfigures),
    only today being counted from the visits. Otherwise, when the paginator counted every
    matching visit (`all_counted`: at most COUNT_CAP of them), one grouped query over all
    of them gives both the days shown and the whole range's total; past the cap, one
    grouped query bounded by date reads the days (a month, not years) and the total row is
    theirs, `whole` saying which. `newest`, the newest matching visit's time when the
    caller has it (page one of the ledger), saves a query."""
    counts = _outcome_counts()
    # The window ends at the newest visit the filter matches (an index read), or at the
    # range's end if that comes first: a range running into the future still shows days.
    if newest is None:
        newest = visits.order_by("-received_at").values_list("received_at", flat=True).first()
    newest_day = timezone.localtime(newest).date() if newest else timezone.localdate()
    last_day = max(min(last_day, newest_day) if last_day else newest_day, EARLIEST)
    first_day = last_day - dt.timedelta(days=TOTALS_DAYS_SHOWN - 1)
    window_start = local_midnight(first_day)
    if committee_ids is None and all_counted:
        every_day = _days_counted(visits)
        days = [day for day in every_day if day["day"] >= first_day]
        overall = {key: sum(day[key] for day in every_day) for key in counts}
        return {
            "days": days,
            "overall": overall,
            "whole": True,
            "more": len(every_day) > len(days),
            "shown": TOTALS_DAYS_SHOWN,
        }
    if committee_ids is not None:
        # The day figures know nothing of the filter: the range's first day bounds them here
        # (the visits' count is bounded by the filter itself).
        days = _days_from_figures(
            visits, committee_ids, max(first_day, range_first or first_day), last_day, hide_voided=hide_voided
        )
    else:
        days = _days_counted(visits.filter(received_at__gte=window_start))
    shown = {key: sum(day[key] for day in days) for key in counts}
    if all_counted:
        overall = visits.order_by().aggregate(**counts)
        more = overall["total"] + overall["voided"] > shown["total"] + shown["voided"]
        whole = True
    else:
        earliest = visits.order_by("received_at").values_list("received_at", flat=True).first()
        more = bool(earliest and earliest < window_start)
        overall, whole = shown, not more
    return {"days": days, "overall": overall, "whole": whole, "more": more, "shown": TOTALS_DAYS_SHOWN}


TOTALS_OUTCOMES = {
    "on_the_spot": Outcome.ON_THE_SPOT,
    "notice": Outcome.NOTICE,
    "handed_on": Outcome.HANDED_ON,
    "appointment": Outcome.APPOINTMENT,
    "consultation": Outcome.CONSULTATION,
}


def _outcome_counts() -> dict:
    valid = Q(voided_at__isnull=True)
    return {
        "total": Count("id", filter=valid),
        **{key: Count("id", filter=valid & Q(outcome=outcome)) for key, outcome in TOTALS_OUTCOMES.items()},
        "voided": Count("id", filter=~valid),
    }


def _days_counted(visits) -> list[dict]:
    """The visits' totals per local day, newest day first (one grouped query)."""
    tz = timezone.get_current_timezone()
    return list(
        visits.order_by()
        .annotate(day=TruncDate("received_at", tzinfo=tz))
        .values("day")
        .annotate(**_outcome_counts())
        .order_by("-day")
    )


def _days_from_figures(visits, committee_ids, first_day, last_day, *, hide_voided: bool) -> list[dict]:
    """The same rows as `_days_counted`: finished days added up from the committees' stored
    day figures (committee.dayfigures), and counted from the visits, in one grouped query,
    for today and any day not stored for every committee yet."""
    closed_last = min(last_day, dayfigures.last_closed_day())
    stored = dayfigures.read_stored(committee_ids, first_day, closed_last, counters=("outcomes",))
    by_day: dict[dt.date, dict] = {}
    unstored = []
    for day in each_day(first_day, closed_last):
        if not all((pk, day) in stored for pk in committee_ids):
            unstored.append(day)
            continue
        row = by_day[day] = {"day": day, "total": 0, "voided": 0, **dict.fromkeys(TOTALS_OUTCOMES, 0)}
        for pk in committee_ids:
            totals = stored[(pk, day)]
            row["total"] += totals.visits
            row["voided"] += 0 if hide_voided else totals.voided
            for key, outcome in TOTALS_OUTCOMES.items():
                row[key] += totals.outcomes[outcome]
    later = max(closed_last + dt.timedelta(days=1), first_day)
    runs = day_runs(unstored) + ([(later, last_day)] if later <= last_day else [])
    counted = (
        _days_counted(visits.filter(reduce(or_, (between_days("received_at", a, b) for a, b in runs)))) if runs else []
    )
    finished = [row for row in by_day.values() if row["total"] or row["voided"]]
    return sorted([*counted, *finished], key=lambda row: row["day"], reverse=True)


def _items_text(visit) -> tuple[str, str]:
    """The visit's service items, and the materials still missing per item."""
    items = list(visit.items.all())
    names = "、".join(item.service_item.name for item in items)
    missing = "；".join(
        f"{item.service_item.name}：{'、'.join(item.materials_missing)}" for item in items if item.materials_missing
    )
    return names, missing


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- the visit ledger -----------------------------------------------------------------------


@role_required(*READERS)
def visit_ledger(request):
    if request.method == "POST":  # the filter form: its search goes into the session, not the address
        return search_redirect(request)
    filterset = _visit_filterset(request)
    visits = filterset.qs
    paginator = CappedPaginator(_with_row_data(visits), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    for visit in page.object_list:
        visit.items_text, visit.missing_text = _items_text(visit)
    data = filterset.form.cleaned_data if filterset.is_bound and hasattr(filterset.form, "cleaned_data") else {}
    context = {
        "filter": filterset,
        "page": page,
        "query": _query_without_page(request),
        "totals": daily_totals(
            visits,
            last_day=data.get("received_to"),
            all_counted=not paginator.capped,
            committee_ids=_committees_filtered_by_date_only(filterset, request.user),
            hide_voided=bool(data.get("hide_voided")),
            range_first=data.get("received_from"),
            # Page one lists the newest first: its first row is the newest match.
            newest=page.object_list[0].received_at if page.number == 1 and page.object_list else None,
        ),
        "first_day": data.get("received_from"),
        "last_day": data.get("received_to"),
        "many_committees": filterset.many_committees,
    }
    return render(request, "reception/ledger.html", context)


# Filters under which the ledger's daily totals are the committees' day figures.
DATE_ONLY_FILTERS = {"received_from", "received_to", "committee", "hide_voided"}


def _committees_filtered_by_date_only(filterset, user) -> list[int] | None:
    """The committees of the ledger when nothing but the dates (and the committee) is
    filtered; None when another filter applies or the filter has errors."""
    if not filterset.is_bound:
        data = {}
    elif filterset.is_valid():
        data = filterset.form.cleaned_data
    else:
        return None
    if any(value not in (None, "", False) for name, value in data.items() if name not in DATE_ONLY_FILTERS):
        return None
    if data.get("committee"):
        return [data["committee"].pk]
    ids = visible_committee_ids(user)
    return sorted(ids) if ids is not None else list(Committee.objects.values_list("pk", flat=True))


EXPORT_COLUMNS = [
    gettext_lazy("登记编号"),
    gettext_lazy("接待时间"),
    gettext_lazy("渠道"),
    gettext_lazy("居民姓名"),
    gettext_lazy("联系电话"),
    gettext_lazy("身份证号"),
    gettext_lazy("片区"),
    gettext_lazy("服务事项"),
    gettext_lazy("缺少材料"),
    gettext_lazy("办理结果"),
    gettext_lazy("接待人"),
    gettext_lazy("转办事项编号"),
    gettext_lazy("办结期限"),
    gettext_lazy("作废原因"),
]
EXPORT_WIDTHS = [20, 17, 8, 10, 14, 20, 12, 30, 36, 12, 10, 20, 16, 24]


def _export_rows(visits):
    """The header, then one row per visit (phone and ID number masked), at most EXPORT_CAP
    rows and a row saying so if the filter matched more. Rows come in chunks, each chunk's
    items fetched in one query."""
    yield [str(label) for label in EXPORT_COLUMNS]
    official = official_years(EARLIEST.year, LATEST.year)  # for 暂定 deadlines, read once
    rows = _with_row_data(visits)[: EXPORT_CAP + 1].iterator(chunk_size=EXPORT_CHUNK)
    for number, visit in enumerate(rows):
        if number == EXPORT_CAP:
            yield [_("只导出了前 %(cap)s 条。请缩小筛选范围（例如按月）分批导出。") % {"cap": f"{EXPORT_CAP:,}"}]
            return
        items, missing = _items_text(visit)
        yield [
            visit.reference,
            timezone.localtime(visit.received_at).strftime("%Y-%m-%d %H:%M"),
            str(visit.get_channel_display()),
            visit.resident_name,
            visit.masked_phone,
            visit.id_number_masked,  # the stored masked form; the encrypted one is never loaded
            visit.grid_area.name if visit.grid_area else "",
            items,
            missing,
            str(visit.get_outcome_display()),
            visit.received_by.display_name,
            visit.case.reference if visit.case else "",
            _case_deadline(visit.case, official) if visit.case else "",
            visit.void_reason,
        ]


def _case_deadline(case, official_years: frozenset[int]) -> str:
    """The handed-on case's deadline while it is open, marked 暂定 when it is counted over a
    year whose holiday schedule is not in yet."""
    if not case.is_open:
        return ""
    due = f"{timezone.localtime(case.due_at):%Y-%m-%d}"
    return due + (_("（暂定）") if deadline_provisional(case, official_years) else "")


def _export_filterset_or_redirect(request):
    """The filtered visits for an export; a filter with errors sends the user back to the
    ledger, where the errors are shown, rather than exporting something else."""
    filterset = _visit_filterset(request)
    if filterset.is_bound and not filterset.is_valid():
        messages.error(request, _("筛选条件有误，请先改正再导出。"))
        return None, redirect(f"{reverse('reception:ledger')}?{_query_without_page(request)}")
    request.export_filters = filterset.form.cleaned_data if filterset.is_bound else {}  # for the workbook's title
    return filterset.qs, None


def _export_filename(ext: str) -> str:
    return f"visits-{timezone.localdate():%Y%m%d}.{ext}"


@role_required(*READERS)
def visit_export_csv(request):
    visits, back = _export_filterset_or_redirect(request)
    return back or csv_download(_export_rows(visits), _export_filename("csv"))


@role_required(*READERS)
def visit_export_xlsx(request):
    visits, back = _export_filterset_or_redirect(request)
    if back:
        return back
    data = request.export_filters
    title = export_title(
        _("首问接待记录本"),
        scope=scope_label(request.user, data.get("committee")),
        period=period_text(data.get("received_from"), data.get("received_to")),
    )
    return xlsx_download(
        _export_rows(visits), _export_filename("xlsx"), sheet=_("首问接待记录本"), title=title, widths=EXPORT_WIDTHS
    )


# --- voiding ------------------------------------------------------------------------------


@require_POST  # outermost: a GET is refused the same way for everyone
@role_required(*COMMITTEE_ROLES)
def visit_void(request, pk):
    visit = get_object_or_404(Visit.objects.visible_to(request.user), pk=pk)
    form = VoidForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(visit)
    try:
        services.visit_void(visit=visit, by=request.user.worker, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已作废 %(ref)s。该登记仍保留在台账中，划线显示。") % {"ref": visit.reference})
    return redirect(visit)


# --- the seal-use log -----------------------------------------------------------------------


@role_required(*READERS)
def seal_log(request):
    if request.method == "POST":  # the shared filter form is posted (utilities/sealed_search.py)
        return search_redirect(request)
    uses = (
        SealUse.objects.visible_to(request.user)
        .select_related("committee", "visit", "service_item", "used_by")
        .defer(*(f"visit__{field}" for field in LIST_DEFERRED))
        .order_by("-used_at", "-pk")
    )
    filterset = SealUseFilterSet(request.GET or None, queryset=uses, committee_ids=visible_committee_ids(request.user))
    page = CappedPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    data = filterset.form.cleaned_data if filterset.is_bound and hasattr(filterset.form, "cleaned_data") else {}
    context = {
        "filter": filterset,
        "page": page,
        "query": _query_without_page(request),
        "first_day": data.get("used_from"),
        "last_day": data.get("used_to"),
        "many_committees": filterset.many_committees,
    }
    return render(request, "reception/seal_log.html", context)


SEAL_EXPORT_COLUMNS = [
    gettext_lazy("用印时间"),
    gettext_lazy("居委会"),
    gettext_lazy("登记编号"),
    gettext_lazy("居民姓名"),
    gettext_lazy("联系电话"),
    gettext_lazy("身份证号"),
    gettext_lazy("服务事项"),
    gettext_lazy("用印文件"),
    gettext_lazy("份数"),
    gettext_lazy("经办人"),
    gettext_lazy("作废原因"),
]


def _seal_filterset(request) -> SealUseFilterSet:
    uses = (
        SealUse.objects.visible_to(request.user)
        .select_related("committee", "visit", "service_item", "used_by")
        .defer(*(f"visit__{field}" for field in LIST_DEFERRED))
        .order_by("-used_at", "-pk")
    )
    return SealUseFilterSet(request.GET or None, queryset=uses, committee_ids=visible_committee_ids(request.user))


def _seal_export_rows(uses):
    """The header, then one row per use, the resident's phone and ID number masked as in
    the visit ledger's export; at most EXPORT_CAP rows and a row saying so."""
    yield [str(label) for label in SEAL_EXPORT_COLUMNS]
    for number, use in enumerate(uses[: EXPORT_CAP + 1].iterator(chunk_size=EXPORT_CHUNK)):
        if number == EXPORT_CAP:
            yield [_("只导出了前 %(cap)s 条。请缩小筛选范围（例如按月）分批导出。") % {"cap": f"{EXPORT_CAP:,}"}]
            return
        yield [
            timezone.localtime(use.used_at).strftime("%Y-%m-%d %H:%M"),
            use.committee.name,
            use.visit.reference,
            use.visit.resident_name,
            use.visit.masked_phone,
            use.visit.id_number_masked,
            use.service_item.name,
            use.document,
            use.copies,
            use.used_by.display_name,
            use.void_reason if use.voided_at else "",
        ]


def _seal_export(request, fmt: str):
    filterset = _seal_filterset(request)
    if filterset.is_bound and not filterset.is_valid():
        messages.error(request, _("筛选条件有误，请先改正再导出。"))
        return redirect(f"{reverse('reception:seal-log')}?{_query_without_page(request)}")
    rows = _seal_export_rows(filterset.qs)
    filename = f"seals-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        return csv_download(rows, filename)
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    title = export_title(
        _("印章使用记录本"),
        scope=scope_label(request.user, data.get("committee")),
        period=period_text(data.get("used_from"), data.get("used_to")),
    )
    return xlsx_download(rows, filename, sheet=_("印章使用记录本"), title=title)


@role_required(*READERS)
def seal_export_csv(request):
    return _seal_export(request, "csv")


@role_required(*READERS)
def seal_export_xlsx(request):
    return _seal_export(request, "xlsx")


def _seal_initial(committee, query) -> dict:
    """Prefill the seal record from the visit it follows (`?visit=&item=`, record numbers
    only): its reference, the item and the item's name as the document."""
    initial = {"reference": query.get("reference", "")[:32], "copies": 1}
    if (pk := record_id(query.get("visit"))) is not None:
        visit = Visit.objects.filter(committee=committee, pk=pk).only("reference").first()
        if visit is not None:
            initial["reference"] = visit.reference
    if (pk := record_id(query.get("item"))) is not None:
        item = ServiceItem.objects.offered_to(committee).active().filter(pk=pk).first()
        if item is not None:
            initial.update(service_item=item.pk, document=item.name)
    return initial


@role_required(*COMMITTEE_ROLES)
def seal_record(request):
    committee = current_committee(request)
    if request.method != "POST":
        form = SealUseForm(initial=_seal_initial(committee, request.GET), committee=committee)
        return render(request, "reception/seal_record.html", {"form": form})
    form = SealUseForm(request.POST, committee=committee)
    if form.is_valid():
        data = form.cleaned_data
        try:
            seal_use = services.seal_use_record(
                visit=form.visit,
                service_item=data["service_item"],
                by=request.user.worker,
                document=data["document"],
                copies=data["copies"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("已登记用印：%(document)s × %(copies)s（%(ref)s）。")
                % {"document": seal_use.document, "copies": seal_use.copies, "ref": form.visit.reference},
            )
            return redirect("reception:seal-log")
    return render(request, "reception/seal_record.html", {"form": form}, status=400)


ACCESSES_SHOWN = 10


# never_cache: the number must not stay in a browser or proxy cache (Cache-Control: no-store).
@never_cache
@role_required(*COMMITTEE_ROLES)
def reveal_id_number(request, pk):
    visit = get_object_or_404(Visit.objects.visible_to(request.user).select_related("committee"), pk=pk)
    worker = request.user.worker
    if not services.can_reveal_id_number(visit=visit, worker=worker):
        refused(request, "permission")
        raise PermissionDenied
    number, status = "", 200
    if request.method == "POST":
        form = RevealForm(request.POST)
        if form.is_valid():
            try:
                number = services.id_number_reveal(visit=visit, by=worker, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error)  # a dict error lands on its field (reason)
        if not number:
            status = 400
    else:
        form = RevealForm()
    context = {
        "visit": visit,
        "form": form,
        "number": number,
        "accesses": visit.id_number_accesses.select_related("worker", "password_set_through")[:ACCESSES_SHOWN],
    }
    return render(request, "reception/reveal_id.html", context, status=status)


@role_required(*READERS)
def person_records(request, pk):
    """A register person's visits, cases and appointments, linked from the register's
    person page (the register cannot list them: it sits below the desk and casework)."""
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    context = {"person": person, **selectors.person_records(user=request.user, person=person)}
    return render(request, "reception/person_records.html", context)
