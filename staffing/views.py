"""Worker pages for the director and colleagues."""

import calendar

from django.shortcuts import render
from django.utils import timezone

from committee.access import COMMITTEE_ROLES, role_required
from committee.roles import Role

from . import selectors


@role_required(Role.DIRECTOR, Role.STREET_ADMIN)
def worker_list(request):
    return render(request, "staffing/worker_list.html", {"workers": selectors.workers_of(user=request.user)})


@role_required(*COMMITTEE_ROLES, Role.STREET_ADMIN)
def worker_detail(request, pk):
    worker = selectors.worker_detail(user=request.user, pk=pk)
    today = timezone.localdate()
    month_start = today.replace(day=1)
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    context = {
        "worker": worker,
        "duties": selectors.duties_of_worker(worker=worker, start=month_start, end=month_end),
        "leaves": selectors.leaves_of_worker(worker=worker),
    }
    return render(request, "staffing/worker_detail.html", context)
