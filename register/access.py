"""Who may see a person's sensitive care tags in full (PIPL art. 28), and the record of
each time they did. One rule: the grid worker of the person's current household
(GridArea.responsible) and the director of the person's committee; everyone else —
other desk workers, street admins, superusers — sees "敏感标签（已隐藏）"."""

from __future__ import annotations

from django.utils import timezone

from committee.roles import Role

from .models import Membership, Person, SensitiveTagView


def may_see_sensitive(user, person: Person) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    worker = getattr(user, "worker", None)  # staffing's profile, read without importing staffing
    if worker is None or not worker.active or worker.committee_id != person.committee_id:
        return False
    if worker.role == Role.DIRECTOR:
        return True
    return Membership.objects.filter(
        person=person, ended_on__isnull=True, household__grid_area__responsible=user
    ).exists()


def may_see_sensitive_in(user, household, *, current: bool) -> bool:
    """The same rule for a row of a household list, from the household (its grid area
    loaded), without a query per person: the director of the committee always; the grid
    worker of the household for its current members (`current`)."""
    worker = getattr(user, "worker", None)
    if not getattr(user, "is_authenticated", False) or not user.is_active or worker is None or not worker.active:
        return False
    if worker.committee_id != household.committee_id:
        return False
    if worker.role == Role.DIRECTOR:
        return True
    area = household.grid_area
    return current and area is not None and area.responsible_id == user.pk


def may_tag(user, person: Person) -> bool:
    """Setting and ending care tags: the same two people."""
    return may_see_sensitive(user, person)


def sensitive_view_record(*, viewer, person: Person) -> SensitiveTagView:
    return SensitiveTagView.objects.create(viewer=viewer, person=person)


def sensitive_views_record(*, viewer, person_ids) -> int:
    """One record per person of a list or a printed roll shown with their sensitive tags
    in full, written in one insert: the same record as a person page's, once per person."""
    now = timezone.now()
    rows = [SensitiveTagView(viewer=viewer, person_id=person_id, at=now) for person_id in person_ids]
    SensitiveTagView.objects.bulk_create(rows)
    return len(rows)
