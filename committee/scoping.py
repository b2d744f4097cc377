"""Row scoping: who may see which committee's records.

One rule for the whole site: a worker sees their own committee, a street-office admin the
committees of their street office, a superuser everything, anyone else nothing. Every
view, form choice, export and admin page reaches records through `visible_to(user)` on a
queryset built from `ScopedQuerySet`, so no view filters by committee by hand.

The user's worker profile lives in `staffing` (which imports this app, not the other way
round); we read it through the reverse one-to-one attribute `user.worker`.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

from .roles import Role

_ALL = None  # scope marker: no restriction (superuser)


def visible_committee_ids(user) -> frozenset[int] | None:
    """Ids of the committees `user` may see; None means all of them. Cached on the user."""
    cached = getattr(user, "_visible_committee_ids", False)
    if cached is not False:
        return cached
    ids = _compute_visible_committee_ids(user)
    try:
        user._visible_committee_ids = ids
    except AttributeError:  # AnonymousUser is immutable enough; just recompute next time
        pass
    return ids


def _compute_visible_committee_ids(user) -> frozenset[int] | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return _ALL
    worker = getattr(user, "worker", None)
    if worker is None or not worker.active:
        return frozenset()
    if worker.role == Role.STREET_ADMIN:
        # From the registry, not imported: committee.models imports this module.
        committees = apps.get_model("committee", "Committee").objects
        return frozenset(committees.filter(street_office_id=worker.street_office_id).values_list("pk", flat=True))
    return frozenset([worker.committee_id]) if worker.committee_id else frozenset()


def user_role(user) -> str | None:
    """The user's role, or None for an outsider. Superusers count as street admins."""
    if not getattr(user, "is_authenticated", False):
        return None
    worker = getattr(user, "worker", None)
    if worker is not None and worker.active:
        return worker.role
    if user.is_superuser:
        return Role.STREET_ADMIN
    return None


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a committee reached through `committee_lookup`."""

    committee_lookup = "committee"

    def visible_to(self, user):
        ids = visible_committee_ids(user)
        if ids is _ALL:
            return self
        if not ids:
            return self.none()
        return self.filter(**{f"{self.committee_lookup}__in": ids})


def scoped_queryset(lookup: str) -> type[ScopedQuerySet]:
    """A ScopedQuerySet subclass for models that reach their committee through `lookup`."""
    return type(f"ScopedQuerySet_{lookup}", (ScopedQuerySet,), {"committee_lookup": lookup})
