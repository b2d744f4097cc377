"""The one access helper every view uses: signed in, active, and of an allowed role.

Object-level scoping is `Model.objects.visible_to(request.user)`; this decorator only
decides whether the user may open the kind of page at all."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .roles import Role
from .scoping import user_role
from .security import refused

ALL_ROLES = tuple(Role.values)
COMMITTEE_ROLES = (Role.RECEPTION, Role.DIRECTOR)


def role_required(*roles: str):
    allowed = frozenset(roles or ALL_ROLES)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if user_role(request.user) not in allowed:
                refused(request, "role")
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def public(view):
    """Mark a view as public: no login, and no session read (so it can be cached)."""
    view.public_page = True
    return view


def current_committee(request):
    """The committee of the signed-in worker (None for street admins)."""
    worker = getattr(request.user, "worker", None)
    return worker.committee if worker is not None else None
