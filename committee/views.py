"""Home routing by role, and the error pages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .roles import Role
from .scoping import user_role
from .security import refused

HOME_BY_ROLE = {
    Role.RECEPTION: "reception:home",
    Role.DIRECTOR: "office:dashboard",
    Role.STREET_ADMIN: "office:street",
    Role.DISTRICT_ADMIN: "office:calendar",  # and Django admin for the lines and the catalogue
}


@login_required
def home(request):
    role = user_role(request.user)
    if role is None:
        return render(request, "committee/no_role.html", status=403)
    return redirect(HOME_BY_ROLE[role])


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        refused(request, "not found or out of scope")  # other committees' records answer 404
    return render(request, "404.html", status=404)
