"""Home routing by role, the director's overview, the street office's overview, errors."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from casework.selectors import case_counts
from reception.selectors import visit_counts

from . import selectors
from .access import current_committee, role_required
from .roles import Role
from .scoping import user_role

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


@role_required(Role.DIRECTOR)
def dashboard(request):
    committee = current_committee(request)
    context = {
        "committee": committee,
        "cases": case_counts(committee=committee),
        "visits": visit_counts(committee=committee),
    }
    return render(request, "committee/dashboard.html", context)


@role_required(Role.STREET_ADMIN)
def street_overview(request):
    return render(
        request, "committee/street.html", {"committees": selectors.street_overview(request.user)}
    )


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)
