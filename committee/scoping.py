"""Row scoping: who may see which committee's records.

One rule for the whole site: a worker sees their own committee, a street-office admin the
committees of their street office, a superuser everything, anyone else (a district admin
included) nothing. Reference data (lines, the catalogue, the calendar) is scoped by
district instead: `reference_scope(user)`. Every
view, form choice, export and admin page reaches records through `visible_to(user)` on a
queryset built from `ScopedQuerySet`, so no view filters by committee by hand.

The user's worker profile lives in `staffing` (which imports this app, not the other way
round); we read it through the reverse one-to-one attribute `user.worker`.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    if worker.role == Role.DISTRICT_ADMIN:
        return frozenset()  # keeps the district's reference data; reads no committee's records
    if worker.role == Role.STREET_ADMIN:
        # From the registry, not imported: committee.models imports this module.
        committees = apps.get_model("committee", "Committee").objects
        return frozenset(committees.filter(street_office_id=worker.street_office_id).values_list("pk", flat=True))
    return frozenset([worker.committee_id]) if worker.committee_id else frozenset()


@dataclass(frozen=True)
class ReferenceScope:
    """Whose reference data a user works with: everything (a superuser), one district's
    (and, below a district admin, one street office's own items), or nothing."""

    everything: bool = False
    district_id: int | None = None
    street_office_id: int | None = None
    keeps_district_data: bool = False  # a district admin: edits what the district shares

    @property
    def nothing(self) -> bool:
        return not self.everything and self.district_id is None


def reference_scope(user) -> ReferenceScope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ReferenceScope()
    if user.is_superuser:
        return ReferenceScope(everything=True, keeps_district_data=True)
    worker = getattr(user, "worker", None)
    if worker is None or not worker.active:
        return ReferenceScope()
    if worker.role == Role.DISTRICT_ADMIN:
        return ReferenceScope(district_id=worker.district_id, keeps_district_data=True)
    street_office = worker.street_office  # loaded with the worker (committee.middleware)
    return ReferenceScope(district_id=street_office.district_id, street_office_id=street_office.pk)


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
