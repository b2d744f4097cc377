"""The front desk pages."""

from django.shortcuts import get_object_or_404, render

from committee.access import COMMITTEE_ROLES, current_committee, role_required
from committee.roles import Role
from staffing.duty_selectors import duty_now_and_today

from . import selectors
from .models import Appointment, Visit


@role_required(*COMMITTEE_ROLES)
def home(request):
    committee = current_committee(request)
    context = {
        "committee": committee,
        "visits": selectors.visits_of_day(committee=committee)[:50],
        "counts": selectors.visit_counts(committee=committee),
        "appointments": selectors.appointments_of_day(committee=committee),
        "desk": duty_now_and_today(committee=committee),
    }
    return render(request, "reception/home.html", context)


@role_required(*COMMITTEE_ROLES, Role.STREET_ADMIN)
def visit_detail(request, pk):
    visit = get_object_or_404(
        Visit.objects.visible_to(request.user).select_related("committee", "received_by", "grid_area", "case"),
        pk=pk,
    )
    items = visit.items.select_related("service_item")
    return render(request, "reception/visit_detail.html", {"visit": visit, "items": items})


@role_required(*COMMITTEE_ROLES, Role.STREET_ADMIN)
def appointment_detail(request, pk):
    appointment = get_object_or_404(
        Appointment.objects.visible_to(request.user).select_related("worker", "service_item", "visit"),
        pk=pk,
    )
    return render(request, "reception/appointment_detail.html", {"appointment": appointment})
