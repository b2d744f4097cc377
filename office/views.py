"""The top app's pages: the director's dashboard, the street office's comparison (with its
CSV/Excel export), and the public notice board (no login) with its lobby-screen mode and
the A4 door poster.

The board pages are rendered without the request context on purpose: no context
processor runs, so the signed-in user, the session and the CSRF token are never touched.
What a board shows then depends on its URL alone (the language included, through ?lang=),
and any cache on the way may keep it for a minute."""

import io

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from committee.access import COMMITTEE_ROLES, current_committee, public, role_required
from committee.roles import Role
from committee.scoping import reference_scope, user_role, visible_committee_ids
from committee.security import refused
from committee.selectors import calendar_days, committees_visible_to, scope_label
from committee.selectors import calendar_years as calendar_years_of
from utilities.charts import grouped_bars
from utilities.exports import csv_download, export_title, period_text, xlsx_download

from . import selectors, services
from .checks import public_base_url_problem
from .forms import HeaderSearchForm, ScheduleForm, days_text
from .search import header_search

# --- the director's dashboard and the street comparison ------------------------------------


def _dashboard_committee(request):
    """The director's own committee; for a street admin, the one named in ?committee=."""
    if user_role(request.user) == Role.DIRECTOR:
        return current_committee(request)
    code = request.GET.get("committee", "")
    committee = committees_visible_to(request.user).filter(code=code).first()
    if committee is None:
        raise Http404
    return committee


@role_required(Role.DIRECTOR, Role.STREET_ADMIN)
def dashboard_view(request):
    committee = _dashboard_committee(request)
    period = selectors.period_from(request.GET)
    figures = selectors.committee_figures(committee, period)
    trend = figures["trends"]
    chart = grouped_bars(
        title=_("近 12 周趋势"),
        labels=[week["monday"].strftime("%m-%d") for week in trend],
        series=[
            (_("接待"), [w["visits"] for w in trend]),
            (_("新登记事项"), [w["opened"] for w in trend]),
            (_("办结事项"), [w["resolved"] for w in trend]),
        ],
    )
    # Query strings of the lists behind the figures: this committee, this period.
    scope = f"&committee={committee.pk}"
    context = {
        "committee": committee,
        "f": figures,
        "chart": chart,
        "periods": selectors.PERIODS,
        "is_director": user_role(request.user) == Role.DIRECTOR,
        "scope": scope,
        "vrange": f"received_from={period.first.isoformat()}&received_to={period.last.isoformat()}{scope}",
        "crange": f"registered_from={period.first.isoformat()}&registered_to={period.last.isoformat()}{scope}",
    }
    return render(request, "office/dashboard.html", context)


SORTS = {"visits", "on_the_spot_rate", "open", "overdue", "on_time_rate", "satisfaction_rate", "code"}


def sort_from(params, *, keys, default: str, ascending_first=("code",)) -> tuple[str, bool]:
    """The column and direction a sortable table asks for (?sort=…&dir=asc|desc): a column
    opens in its natural direction (names A→Z, figures largest first) and the next click
    on the same header turns it round (templates/office/_sort_th.html)."""
    sort = params.get("sort", default)
    if sort not in keys:
        sort = default
    direction = params.get("dir", "")
    if direction not in ("asc", "desc"):
        direction = "asc" if sort in ascending_first else "desc"
    return sort, direction == "desc"


def sort_rows(rows: list[dict], sort: str, *, descending: bool) -> None:
    """Sort the comparison's rows in place by one column; committees without a figure (—)
    last in either direction, ties by code."""
    rows.sort(key=lambda r: r["committee"].code, reverse=descending and sort == "code")
    if sort == "code":
        return
    rows.sort(key=lambda r: r[sort] or 0, reverse=descending)
    rows.sort(key=lambda r: r[sort] is None)


@role_required(Role.STREET_ADMIN)
def street_overview(request):
    period = selectors.period_from(request.GET)
    rows = selectors.street_comparison(committees_visible_to(request.user), period)
    sort, descending = sort_from(request.GET, keys=SORTS, default="code")
    sort_rows(rows, sort, descending=descending)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _street_export(rows, period, fmt, user=request.user)
    chart = grouped_bars(
        title=_("各居委会比较（%)"),
        labels=[r["committee"].code for r in rows],
        series=[
            (_("当场办结率"), [int(r["on_the_spot_rate"] or 0) for r in rows]),
            (_("按时办结率"), [int(r["on_time_rate"] or 0) for r in rows]),
            (_("满意率"), [int(r["satisfaction_rate"] or 0) for r in rows]),
        ],
        show_values=True,
    )
    context = {
        "rows": rows,
        "period": period,
        "periods": selectors.PERIODS,
        "sort": sort,
        "chart": chart,
        "descending": descending,
    }
    return render(request, "office/street.html", context)


EXPORT_COLUMNS = [
    ("code", gettext_lazy("代码")),
    ("name", gettext_lazy("居委会")),
    ("visits", gettext_lazy("接待")),
    ("on_the_spot_rate", gettext_lazy("当场办结率%")),
    ("open", gettext_lazy("在办事项")),
    ("overdue", gettext_lazy("超期")),
    ("resolved", gettext_lazy("办结")),
    ("on_time_rate", gettext_lazy("按时办结率%")),
    ("satisfaction_rate", gettext_lazy("满意率%")),
]


def _street_rows(rows):
    for r in rows:
        yield [r["committee"].code, r["committee"].name] + [
            "" if r[key] is None else r[key] for key, _label in EXPORT_COLUMNS[2:]
        ]


def _street_export(rows, period, fmt, *, user):
    table = [[str(label) for _key, label in EXPORT_COLUMNS], *_street_rows(rows)]
    filename = f"street-{period.first:%Y%m%d}-{period.last:%Y%m%d}.{fmt}"
    if fmt == "csv":
        return csv_download(table, filename)
    title = export_title(_("各居委会比较"), scope=scope_label(user), period=period_text(period.first, period.last))
    return xlsx_download(table, filename, sheet=f"{period.first:%Y-%m-%d}", title=title)


# --- the header search (workers and street admins) -------------------------------------------


@role_required(*COMMITTEE_ROLES, Role.STREET_ADMIN)
def search(request):
    """The header's search box posts here; the results are the response, so the phone or
    name typed is in no address. A search that finds one matter opens it."""
    form = HeaderSearchForm(request.POST if request.method == "POST" else None)
    results = None
    if form.is_valid():
        results = header_search(user=request.user, text=form.cleaned_data["q"])
        if results.only_match is not None:
            return redirect(results.only_match)
    rows = [*results.cases, *results.visits] if results else []
    context = {"form": form, "results": results, "many_committees": len({row.committee_id for row in rows}) > 1}
    return render(request, "office/search.html", context, status=400 if form.errors else 200)


# --- the public notice board ----------------------------------------------------------

REFRESH_SECONDS = 60  # the lobby screen asks for the board again this often
# The lobby screen turns a page this often; ?seconds= sets it per screen (a test, or a
# screen read from further away), within these bounds.
PAGE_SECONDS, FASTEST_PAGE, SLOWEST_PAGE = 15, 2, 300


def page_seconds(params) -> int:
    try:
        seconds = int(params.get("seconds", PAGE_SECONDS))
    except ValueError:
        return PAGE_SECONDS
    return min(max(seconds, FASTEST_PAGE), SLOWEST_PAGE)


PUBLIC_CACHE = cache_control(public=True, max_age=60)


def _language(request) -> str:
    """?lang= picks the language; otherwise the site default. The language cookie is
    ignored so that a shared cache never hands one visitor's language to another."""
    chosen = request.GET.get("lang", "")
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def _committee_or_404(code: str):
    committee = selectors.board_committee(code)
    if committee is None:
        raise Http404
    return committee


def _canonical_redirect(request, name: str, committee):
    """/board/aa01/ → /board/AA01/, the stored code, keeping the query string."""
    url = reverse(name, args=[committee.code])
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{url}?{query}" if query else url, permanent=True)


def _page(template: str, context: dict, language: str) -> HttpResponse:
    with translation.override(language):
        response = HttpResponse(render_to_string(template, context))
    response["Content-Language"] = language
    return response


def _board_link(url: str, *, screen: bool, language: str) -> str:
    params = {}
    if language != settings.LANGUAGE_CODE:
        params["lang"] = language
    if screen:
        params["screen"] = "1"
    return f"{url}?{urlencode(params)}" if params else url


@public
@require_safe
@PUBLIC_CACHE
def board(request, code):
    committee = _committee_or_404(code)
    if committee.code != code:
        return _canonical_redirect(request, "board:board", committee)
    screen = request.GET.get("screen") == "1"
    language = _language(request)
    url = reverse("board:board", args=[committee.code])
    context = {
        "committee": committee,
        "board": selectors.board_for(committee=committee),
        "screen": screen,
        "refresh_seconds": REFRESH_SECONDS,
        "page_seconds": page_seconds(request.GET),
        "time_zone": settings.TIME_ZONE,
        "canonical_url": public_url(request, url),
        "chinese_url": _board_link(url, screen=screen, language=settings.LANGUAGE_CODE),
        "english_url": _board_link(url, screen=screen, language="en"),
        "screen_url": _board_link(url, screen=True, language=language),
        "poster_url": _board_link(reverse("board:poster", args=[committee.code]), screen=False, language=language),
    }
    return _page("office/board.html", context, language)


@public
@require_safe
@PUBLIC_CACHE
def board_poster(request, code):
    committee = _committee_or_404(code)
    if committee.code != code:
        return _canonical_redirect(request, "board:poster", committee)
    language = _language(request)
    board_path = reverse("board:board", args=[committee.code])
    board_url = public_url(request, board_path)
    context = {
        "committee": committee,
        "board_url": board_url,
        "board_path": _board_link(board_path, screen=False, language=language),
        "qr_svg": qr_svg(board_url, title=committee.name),
        "address_problem": public_base_url_problem(settings.PUBLIC_BASE_URL),
    }
    return _page("office/poster.html", context, language)


def qr_svg(data: str, *, title: str) -> str:
    """`data` as an inline SVG QR code, sized by CSS (viewBox only).

    make_qr, not make: segno would otherwise pick a Micro QR for short data, which many
    phone cameras cannot read. Level Q survives a quarter of the code being dirty or torn,
    which a door poster will be."""
    code = segno.make_qr(data, error="q", boost_error=False)
    out = io.BytesIO()
    code.save(
        out, kind="svg", xmldecl=False, svgns=True, omitsize=True, border=4, title=title, svgclass="qr", lineclass=None
    )
    return mark_safe(out.getvalue().decode())  # segno escapes the title; the rest is path data


def public_url(request, path: str) -> str:
    """The address residents use: PUBLIC_BASE_URL when set, so a poster printed from an
    office PC on an internal hostname still carries the public address."""
    base = settings.PUBLIC_BASE_URL
    return base.rstrip("/") + path if base else request.build_absolute_uri(path)


# --- the work calendar: entering a year's official schedule ---------------------------------

CALENDAR_YEARS_SHOWN = 3  # this year and the next two


def _calendar_district(request) -> tuple[int | None, bool]:
    """The district whose calendar the page shows, and whether the user may enter its
    schedule: a district admin their own; a street admin reads their district's; a
    superuser keeps the national calendar (what every district has unless it entered the
    year itself; `seed_calendar` fills it from the packages)."""
    scope = reference_scope(request.user)
    if scope.everything:
        return None, True
    return scope.district_id, scope.keeps_district_data


@role_required(Role.DISTRICT_ADMIN, Role.STREET_ADMIN)
def calendar_years(request):
    district_id, may_enter = _calendar_district(request)
    this_year = timezone.localdate().year
    rows_of_years = calendar_years_of(this_year - 1, this_year + CALENDAR_YEARS_SHOWN - 1, district_id=district_id)
    years = {row.year: row for row in rows_of_years}
    rows = [(year, years.get(year)) for year in range(this_year - 1, this_year + CALENDAR_YEARS_SHOWN)]
    context = {"rows": rows, "this_year": this_year, "may_enter": may_enter}
    return render(request, "office/calendar_years.html", context)


@role_required(Role.DISTRICT_ADMIN, Role.STREET_ADMIN)
def calendar_year(request, year):
    if not 2020 <= year <= 2100:
        raise Http404
    district_id, may_enter = _calendar_district(request)
    holidays, workdays = calendar_days(year, district_id=district_id)
    effect, status = None, 200
    if request.method == "POST" and not may_enter:
        refused(request, "calendar")
        raise PermissionDenied
    if request.method == "POST":
        form = ScheduleForm(request.POST, year=year)
        if form.is_valid():
            data = {
                "year": year,
                "holidays": form.cleaned_data["holidays"],
                "workdays": form.cleaned_data["workdays"],
                "by": getattr(request.user, "worker", None),  # a superuser may have no profile
                "user": request.user,
                "district_id": district_id,
            }
            try:
                if request.POST.get("action") == "save":
                    effect = services.calendar_schedule_enter(**data)
                    messages.success(
                        request,
                        _("已录入 %(year)s 年放假安排：%(days)d 天的类型变了，%(cases)d 件在办事项的期限重新计算。")
                        % {"year": year, "days": len(effect.changed_days), "cases": len(effect.moves)},
                    )
                    return redirect("office:calendar")
                effect = services.calendar_schedule_preview(**data)
            except ValidationError as error:
                form.add_error(None, error)
        status = 400 if form.errors else 200
    else:
        form = ScheduleForm(initial={"holidays": days_text(holidays), "workdays": days_text(workdays)}, year=year)
    context = {
        "year": year,
        "form": form,
        "effect": effect,
        "may_enter": may_enter,
        "holidays": sorted(holidays.items()),
        "workdays": sorted(workdays.items()),
        "year_row": next(iter(calendar_years_of(year, year, district_id=district_id)), None),
    }
    if effect:
        context.update(_effect_in_scope(effect, request.user))
    return render(request, "office/calendar_year.html", context, status=status)


def _effect_in_scope(effect, user) -> dict:
    """What a schedule changes, as the admin may see it: the counts are the district's; the
    cases, duties and appointments listed are only those of committees the user may read
    (none for a district admin, who keeps reference data and reads no records)."""
    visible = visible_committee_ids(user)

    def mine(rows, committee_id):
        return [row for row in rows if visible is None or committee_id(row) in visible]

    moves = mine(effect.moves, lambda move: move.case.committee_id)
    duties = mine(effect.duties, lambda duty: duty.committee_id)
    appointments = mine(effect.appointments, lambda appointment: appointment.committee_id)
    return {
        "moves_shown": moves[:MOVES_SHOWN],
        "moves_mine": len(moves),
        "duties_shown": duties,
        "appointments_shown": appointments,
        "elsewhere": len(effect.moves)
        - len(moves)
        + len(effect.duties)
        - len(duties)
        + len(effect.appointments)
        - len(appointments),
    }


MOVES_SHOWN = 50
