"""Writes of the staffing app: workers, training, posts, shift templates."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from committee.models import Committee, Line, StreetOffice
from committee.roles import Role

from .choices import PostKind
from .models import Post, ShiftTemplate, Training, Worker


@transaction.atomic
def worker_create(
    *,
    username: str,
    display_name: str,
    role: str,
    password: str | None = None,
    committee: Committee | None = None,
    street_office: StreetOffice | None = None,
    phone: str = "",
    email: str = "",
) -> Worker:
    """Create a login and its worker profile, in the group of its role. Street admins
    get admin access (is_staff) because they keep reference data in Django admin."""
    if street_office is None and committee is not None:
        street_office = committee.street_office
    user = get_user_model().objects.create_user(
        username=username, password=password, email=email, is_staff=(role == Role.STREET_ADMIN)
    )
    worker = Worker(
        user=user,
        display_name=display_name,
        role=role,
        committee=committee,
        street_office=street_office,
        phone=phone,
    )
    worker.full_clean()
    worker.save()
    # The groups come from a data migration; get_or_create keeps a flushed test database working.
    group, _created = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    return worker


@transaction.atomic
def worker_change_role(*, worker: Worker, role: str) -> Worker:
    """Give a worker a new role: their login moves to that role's group, and only street
    admins keep admin access."""
    if worker.role != role:
        worker.role = role
        worker.full_clean()
        worker.save(update_fields=["role"])
    role_groups = Group.objects.filter(name__in=Role.values)
    worker.user.groups.remove(*role_groups.exclude(name=role))
    group, _created = Group.objects.get_or_create(name=role)
    worker.user.groups.add(group)
    worker.user.is_staff = role == Role.STREET_ADMIN
    worker.user.save(update_fields=["is_staff"])
    return worker


def training_record(*, worker: Worker, line: Line, trained_on: dt.date, note: str = "") -> Training:
    training, _created = Training.objects.update_or_create(
        worker=worker, line=line, defaults={"trained_on": trained_on, "note": note}
    )
    return training


@transaction.atomic
def post_assign(*, committee: Committee, line: Line, kind: str, worker: Worker) -> Post:
    """Put a worker on the A-post (replacing the current one) or a B-post of a line."""
    if kind == PostKind.A:
        Post.objects.filter(committee=committee, line=line, kind=PostKind.A).exclude(worker=worker).update(
            kind=PostKind.B
        )
    post, _created = Post.objects.update_or_create(
        committee=committee, line=line, worker=worker, defaults={"kind": kind}
    )
    return post


DEFAULT_SHIFTS = (
    # name, start, end, working days, weekends, holidays, order
    ("早班", dt.time(8, 0), dt.time(16, 0), True, False, False, 1),
    ("晚班", dt.time(10, 0), dt.time(18, 0), True, False, False, 2),
    ("值班", dt.time(9, 0), dt.time(17, 0), False, True, True, 3),
)


def shift_templates_ensure_defaults(*, committee: Committee) -> list[ShiftTemplate]:
    """The staggered weekday shifts and the weekend/holiday duty shift (错时/双休日值班)."""
    shifts = []
    for name, start, end, working, weekends, holidays, order in DEFAULT_SHIFTS:
        shift, _created = ShiftTemplate.objects.get_or_create(
            committee=committee,
            name=name,
            defaults=dict(
                start=start, end=end, on_working_days=working, on_weekends=weekends,
                on_holidays=holidays, order=order, min_staff=2,
            ),
        )
        shifts.append(shift)
    return shifts
