"""Home routing by role, the director's dashboard, the street office's comparison, errors."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from django.utils.translation import gettext as _

from . import dashboard, selectors
from .access import current_committee, role_required
from .charts import grouped_bars
from .roles import Role
from .scoping import user_role
from .security import refused

HOME_BY_ROLE = {
    Role.RECEPTION: "reception:home",
    Role.DIRECTOR: "committee:dashboard",
    Role.STREET_ADMIN: "committee:street",
}


@login_required
def home(request):
    role = user_role(request.user)
    if role is None:
        return render(request, "committee/no_role.html", status=403)
    return redirect(HOME_BY_ROLE[role])


def _dashboard_committee(request):
    """The director's own committee; for a street admin, the one named in ?committee=."""
    if user_role(request.user) == Role.DIRECTOR:
        return current_committee(request)
    code = request.GET.get("committee", "")
    committee = selectors.committees_visible_to(request.user).filter(code=code).first()
    if committee is None:
        raise Http404
    return committee


@role_required(Role.DIRECTOR, Role.STREET_ADMIN)
def dashboard_view(request):
    committee = _dashboard_committee(request)
    period = dashboard.period_from(request.GET)
    figures = dashboard.committee_figures(committee, period)
    trend = figures["trends"]
    chart = grouped_bars(
        title=_("近 12 周趋势"),
        labels=[week["monday"].strftime("%m-%d") for week in trend],
        series=[(_("接待"), [w["visits"] for w in trend]), (_("新登记事项"), [w["opened"] for w in trend]),
                (_("办结事项"), [w["resolved"] for w in trend])],
    )
    # Query strings of the lists behind the figures: this committee, this period.
    scope = f"&committee={committee.pk}"
    context = {"committee": committee, "f": figures, "chart": chart, "periods": dashboard.PERIODS,
               "is_director": user_role(request.user) == Role.DIRECTOR, "scope": scope,
               "vrange": f"received_from={period.first.isoformat()}&received_to={period.last.isoformat()}{scope}",
               "crange": f"registered_from={period.first.isoformat()}&registered_to={period.last.isoformat()}{scope}"}
    return render(request, "committee/dashboard.html", context)


SORTS = {"visits", "on_the_spot_rate", "open", "overdue", "on_time_rate", "satisfaction_rate", "code"}


@role_required(Role.STREET_ADMIN)
def street_overview(request):
    period = dashboard.period_from(request.GET)
    rows = dashboard.street_comparison(selectors.committees_visible_to(request.user), period)
    sort = request.GET.get("sort", "code")
    if sort not in SORTS:
        sort = "code"
    descending = sort != "code"
    rows.sort(key=lambda r: (r["committee"].code if sort == "code" else (r[sort] is None, -(r[sort] or 0))))
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _street_export(rows, period, fmt)
    chart = grouped_bars(
        title=_("各居委会比较（%)"),
        labels=[r["committee"].code for r in rows],
        series=[(_("当场办结率"), [int(r["on_the_spot_rate"] or 0) for r in rows]),
                (_("按时办结率"), [int(r["on_time_rate"] or 0) for r in rows]),
                (_("满意率"), [int(r["satisfaction_rate"] or 0) for r in rows])],
    )
    context = {"rows": rows, "period": period, "periods": dashboard.PERIODS, "sort": sort, "chart": chart,
               "descending": descending}
    return render(request, "committee/street.html", context)


EXPORT_COLUMNS = [
    ("code", _("代码")), ("name", _("居委会")), ("visits", _("接待")), ("on_the_spot_rate", _("当场办结率%")),
    ("open", _("在办事项")), ("overdue", _("超期")), ("resolved", _("办结")), ("on_time_rate", _("按时办结率%")),
    ("satisfaction_rate", _("满意率%")),
]


def _street_rows(rows):
    for r in rows:
        yield [r["committee"].code, r["committee"].name] + [
            "" if r[key] is None else r[key] for key, _label in EXPORT_COLUMNS[2:]
        ]


def _street_export(rows, period, fmt):
    header = [str(label) for _key, label in EXPORT_COLUMNS]
    filename = f"street-{period.first:%Y%m%d}-{period.last:%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # Excel in China opens UTF-8 CSV correctly only with a BOM
        writer = csv.writer(response)
        writer.writerow(header)
        writer.writerows(_street_rows(rows))
    else:
        from io import BytesIO

        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=f"{period.first:%Y-%m-%d}")
        sheet.append(header)
        for row in _street_rows(rows):
            sheet.append(row)
        buffer = BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        refused(request, "not found or out of scope")  # other committees' records answer 404
    return render(request, "404.html", status=404)



