"""The ledgers: the visit ledger (首问接待记录本) with CSV/Excel export, voiding a visit,
and the seal-use log (印章使用登记). Rules live in services; rows are reached only through
`visible_to(request.user)`, and resident identifiers leave here only masked."""

import csv
import datetime as dt
from io import BytesIO

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import TruncDate
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from committee.access import COMMITTEE_ROLES, current_committee, role_required
from committee.models import Committee
from committee.dayfigures import books, last_closed_day
from committee.dayranges import EARLIEST, local_midnight
from committee.paging import CappedPaginator
from committee.roles import Role
from committee.scoping import visible_committee_ids

from . import services
from .choices import Outcome
from .filters import SealUseFilterSet, VisitFilterSet
from .ledger_forms import SealUseForm, VoidForm, add_service_errors
from .models import SealUse, Visit, VisitItem

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
    return VisitFilterSet(request.GET or None, queryset=visits, committee_ids=visible_committee_ids(request.user))


def _with_row_data(visits):
    """What a ledger row shows, in a fixed number of queries whatever the number of rows."""
    return (
        visits.select_related("committee", "received_by", "grid_area", "case")
        .defer(*LIST_DEFERRED)
        .prefetch_related(Prefetch("items", queryset=VisitItem.objects.select_related("service_item").order_by("pk")))
    )


def daily_totals(visits, *, last_day=None, all_counted: bool = True, committee_ids=None,
                 hide_voided: bool = False, range_first=None, newest=None) -> dict:
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
        return {"days": days, "overall": overall, "whole": True, "more": len(every_day) > len(days),
                "shown": TOTALS_DAYS_SHOWN}
    if committee_ids is not None:
        # The day figures know nothing of the filter: the range's first day bounds them here
        # (the visits' count is bounded by the filter itself).
        days = _days_from_figures(visits, committee_ids, max(first_day, range_first or first_day), last_day,
                                  hide_voided=hide_voided)
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
    "on_the_spot": Outcome.ON_THE_SPOT, "notice": Outcome.NOTICE, "handed_on": Outcome.HANDED_ON,
    "appointment": Outcome.APPOINTMENT, "consultation": Outcome.CONSULTATION,
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
    return list(visits.order_by().annotate(day=TruncDate("received_at", tzinfo=tz)).values("day")
                .annotate(**_outcome_counts()).order_by("-day"))


def _days_from_figures(visits, committee_ids, first_day, last_day, *, hide_voided: bool) -> list[dict]:
    """The same rows as `_days_counted`: finished days added up from the committees' day
    figures, the rest (today) counted from the visits."""
    closed_last = min(last_day, last_closed_day())
    by_day: dict[dt.date, dict] = {}
    for book in books(committee_ids, first_day, closed_last, counters=("outcomes",)).values():
        for day, totals in book.days.items():
            row = by_day.setdefault(day, {"day": day, "total": 0, "voided": 0, **dict.fromkeys(TOTALS_OUTCOMES, 0)})
            row["total"] += totals.visits
            row["voided"] += 0 if hide_voided else totals.voided
            for key, outcome in TOTALS_OUTCOMES.items():
                row[key] += totals.outcomes[outcome]
    later = _days_counted(visits.filter(received_at__gte=local_midnight(closed_last + dt.timedelta(days=1)))) \
        if closed_last < last_day else []
    finished = [row for row in by_day.values() if row["total"] or row["voided"]]
    return sorted([*later, *finished], key=lambda row: row["day"], reverse=True)


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
        "totals": daily_totals(visits, last_day=data.get("received_to"), all_counted=not paginator.capped,
                               committee_ids=_committees_filtered_by_date_only(filterset, request.user),
                               hide_voided=bool(data.get("hide_voided")), range_first=data.get("received_from"),
                               # Page one lists the newest first: its first row is the newest match.
                               newest=page.object_list[0].received_at if page.number == 1 and page.object_list
                               else None),
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
    gettext_lazy("登记编号"), gettext_lazy("接待时间"), gettext_lazy("渠道"), gettext_lazy("居民姓名"),
    gettext_lazy("联系电话"), gettext_lazy("身份证号"), gettext_lazy("片区"), gettext_lazy("服务事项"),
    gettext_lazy("缺少材料"), gettext_lazy("办理结果"), gettext_lazy("接待人"), gettext_lazy("转办事项编号"),
    gettext_lazy("作废原因"),
]
EXPORT_WIDTHS = [20, 17, 8, 10, 14, 20, 12, 30, 36, 12, 10, 20, 24]


def _cell(value: str) -> str:
    # Text a spreadsheet would run as a formula (=, +, -, @) is kept as text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _export_rows(visits):
    """The header, then one row per visit (phone and ID number masked), at most EXPORT_CAP
    rows and a row saying so if the filter matched more. Rows come in chunks, each chunk's
    items fetched in one query."""
    yield [str(label) for label in EXPORT_COLUMNS]
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
            _cell(visit.resident_name),
            visit.masked_phone,
            visit.id_number_masked,  # the stored masked form; the encrypted one is never loaded
            _cell(visit.grid_area.name) if visit.grid_area else "",
            _cell(items),
            _cell(missing),
            str(visit.get_outcome_display()),
            visit.received_by.display_name,
            visit.case.reference if visit.case else "",
            _cell(visit.void_reason),
        ]


def _export_filterset_or_redirect(request):
    """The filtered visits for an export; a filter with errors sends the user back to the
    ledger, where the errors are shown, rather than exporting something else."""
    filterset = _visit_filterset(request)
    if filterset.is_bound and not filterset.is_valid():
        messages.error(request, _("筛选条件有误，请先改正再导出。"))
        return None, redirect(f"{reverse('reception:ledger')}?{_query_without_page(request)}")
    return filterset.qs, None


def _export_filename(ext: str) -> str:
    return f"visits-{timezone.localdate():%Y%m%d}.{ext}"


class _Echo:
    """csv.writer writes into this and gets the line back, for streaming."""

    def write(self, value):
        return value


@role_required(*READERS)
def visit_export_csv(request):
    visits, back = _export_filterset_or_redirect(request)
    if back:
        return back
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # Excel in China opens UTF-8 CSV correctly only with a BOM
        for row in _export_rows(visits):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_filename("csv")}"'
    return response


@role_required(*READERS)
def visit_export_xlsx(request):
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    visits, back = _export_filterset_or_redirect(request)
    if back:
        return back
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("接待登记"))
    for index, width in enumerate(EXPORT_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in _export_rows(visits):
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{_export_filename("xlsx")}"'
    return response


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


@role_required(*COMMITTEE_ROLES)
def seal_record(request):
    committee = current_committee(request)
    if request.method != "POST":
        form = SealUseForm(initial={"reference": request.GET.get("reference", "")[:32]}, committee=committee)
        return render(request, "reception/seal_record.html", {"form": form})
    form = SealUseForm(request.POST, committee=committee)
    if form.is_valid():
        data = form.cleaned_data
        try:
            seal_use = services.seal_use_record(visit=form.visit, service_item=data["service_item"],
                                                by=request.user.worker, document=data["document"],
                                                copies=data["copies"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已登记用印：%(document)s × %(copies)s（%(ref)s）。") % {
                "document": seal_use.document, "copies": seal_use.copies, "ref": form.visit.reference})
            return redirect("reception:seal-log")
    return render(request, "reception/seal_record.html", {"form": form}, status=400)
