"""Case pages: my cases, a case with its timeline, my notifications."""

from django.shortcuts import render

from committee.access import COMMITTEE_ROLES, role_required
from committee.roles import Role

from . import selectors
from .choices import allowed_actions


@role_required(*COMMITTEE_ROLES)
def my_cases(request):
    cases = selectors.cases_of_worker(worker=request.user.worker)
    return render(request, "casework/my_cases.html", {"cases": cases})


@role_required(*COMMITTEE_ROLES, Role.STREET_ADMIN)
def case_detail(request, pk):
    case = selectors.case_detail(user=request.user, pk=pk)
    events = case.events.select_related("actor")
    context = {"case": case, "events": events, "actions": allowed_actions(case.status)}
    return render(request, "casework/case_detail.html", context)


@role_required(*COMMITTEE_ROLES)
def notifications(request):
    items = selectors.notifications_of(worker=request.user.worker)[:100]
    return render(request, "casework/notifications.html", {"notifications": items})
