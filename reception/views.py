"""The front desk: the intake (the reception home page), the resident look-up, the
one-time notice, finding a matter again, and appointments. Rules live in services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.access import COMMITTEE_ROLES, current_committee, role_required
from committee.roles import Role
from staffing.duty_selectors import duty_now_and_today, workers_on_duty_at

from . import selectors, services
from .forms import AppointmentForm, FindForm, IntakeForm, material_field_name
from .ledger_forms import add_service_errors
from .models import Appointment, Visit


def _continue_initial(committee, visit_id) -> dict:
    """Prefill the intake from an earlier visit when the resident comes back."""
    earlier = Visit.objects.filter(committee=committee, pk=visit_id).prefetch_related("items__service_item").first()
    if earlier is None:
        return {}
    initial = {
        "previous_visit": earlier.pk, "resident_name": earlier.resident_name, "resident_phone": earlier.resident_phone,
        "address": earlier.address, "grid_area": earlier.grid_area_id, "channel": earlier.channel,
        "items": [vi.service_item_id for vi in earlier.items.all()],
    }
    for visit_item in earlier.items.all():
        missing = set(visit_item.materials_missing)
        initial[material_field_name(visit_item.service_item)] = [
            m for m in visit_item.service_item.materials if m not in missing
        ]
    return initial


@role_required(*COMMITTEE_ROLES)
def home(request):
    committee = current_committee(request)
    catalogue = selectors.catalogue_for_desk()
    if request.method == "POST":
        form = IntakeForm(request.POST, committee=committee, catalogue=catalogue)
        if form.is_valid():
            data = form.cleaned_data
            try:
                visit = services.visit_intake(
                    committee=committee, received_by=request.user.worker, resident_name=data["resident_name"],
                    outcome=data["outcome"], chosen=form.chosen(), channel=data["channel"],
                    resident_phone=data["resident_phone"], id_number=data["id_number"], address=data["address"],
                    grid_area=data["grid_area"], notes=data["notes"], previous_visit=data["previous_visit"],
                    appointment_at=data["appointment_at"], appointment_worker=data["appointment_worker"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect(_after_intake(request, visit))
        status = 400
    else:
        initial = _continue_initial(committee, request.GET.get("continue")) if request.GET.get("continue", "").isdigit() else {}
        form = IntakeForm(initial=initial, committee=committee, catalogue=catalogue)
        status = 200
    context = {
        "committee": committee,
        "form": form,
        "counts": selectors.visit_counts(committee=committee),
        "appointments": selectors.appointments_of_day(committee=committee),
        "desk": duty_now_and_today(committee=committee),
        "visits": selectors.visits_of_day(committee=committee)[:20],
        "find_form": FindForm(),
    }
    return render(request, "reception/home.html", context, status=status)


def _after_intake(request, visit):
    from .choices import Outcome

    if visit.outcome == Outcome.NOTICE:
        messages.success(request, _("已登记 %(ref)s。请打印一次性告知单交给居民。") % {"ref": visit.reference})
        return visit.notice_url()
    if visit.outcome == Outcome.HANDED_ON:
        messages.success(request, _("已登记 %(ref)s，转办事项 %(case)s 派给 %(name)s。")
                         % {"ref": visit.reference, "case": visit.case.reference, "name": visit.case.handler.display_name})
    elif visit.outcome == Outcome.APPOINTMENT:
        messages.success(request, _("已登记 %(ref)s 并预约。") % {"ref": visit.reference})
    else:
        messages.success(request, _("已登记 %(ref)s。") % {"ref": visit.reference})
    return visit.get_absolute_url()


@role_required(*COMMITTEE_ROLES)
def resident_lookup(request):
    """The resident's earlier visits and open cases here, as a partial for the intake."""
    committee = current_committee(request)
    history = selectors.resident_history(committee=committee, phone=request.GET.get("resident_phone", ""),
                                         id_number=request.GET.get("id_number", ""))
    return render(request, "reception/_resident_history.html", history)


@role_required(*COMMITTEE_ROLES)
def find_visit(request):
    committee = current_committee(request)
    form = FindForm(request.GET or None)
    visits = []
    if form.is_valid():
        visits = selectors.find_visits(committee=committee, query=form.cleaned_data["q"])
    return render(request, "reception/find.html", {"form": form, "visits": visits})


def _visit_or_404(request, pk):
    return get_object_or_404(
        Visit.objects.visible_to(request.user).select_related(
            "committee", "received_by", "grid_area", "case", "previous_visit", "voided_by"
        ),
        pk=pk,
    )


@role_required(*COMMITTEE_ROLES, Role.STREET_ADMIN)
def visit_detail(request, pk):
    visit = _visit_or_404(request, pk)
    first = visit.previous_visit or visit
    trips = Visit.objects.valid().filter(previous_visit=first).count() + 1
    context = {
        "visit": visit,
        "items": visit.items.select_related("service_item"),
        "trips": trips,
        "can_act": getattr(getattr(request.user, "worker", None), "committee_id", None) == visit.committee_id,
        "seal_uses": visit.seal_uses.select_related("service_item", "used_by"),
    }
    return render(request, "reception/visit_detail.html", context)


@role_required(*COMMITTEE_ROLES, Role.STREET_ADMIN)
def notice(request, pk):
    """The one-time notice (一次性告知单): every missing paper of every item, at once."""
    visit = _visit_or_404(request, pk)
    items = [vi for vi in visit.items.select_related("service_item", "service_item__line") if vi.materials_missing]
    context = {
        "visit": visit,
        "items": items,
        "hours": selectors.office_hours(committee=visit.committee),
    }
    return render(request, "reception/notice.html", context)


@role_required(*COMMITTEE_ROLES)
def appointment_book(request):
    committee = current_committee(request)
    data = request.POST if request.method == "POST" else (request.GET if "starts_at" in request.GET else None)
    probe = AppointmentForm(data, committee=committee)
    on_duty = None
    if data and probe.is_valid() and probe.cleaned_data.get("starts_at"):
        on_duty = workers_on_duty_at(committee=committee, at=probe.cleaned_data["starts_at"])
    form = AppointmentForm(data, committee=committee, on_duty=on_duty)
    if request.method == "POST" and form.is_valid() and form.cleaned_data.get("worker"):
        try:
            appointment = services.appointment_book(
                committee=committee, worker=form.cleaned_data["worker"], starts_at=form.cleaned_data["starts_at"],
                resident_name=form.cleaned_data["resident_name"], resident_phone=form.cleaned_data["resident_phone"],
                service_item=form.cleaned_data["service_item"], notes=form.cleaned_data["notes"],
                created_by=request.user.worker,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已预约 %(when)s，接待人 %(name)s。") % {
                "when": timezone.localtime(appointment.starts_at).strftime("%m-%d %H:%M"),
                "name": appointment.worker.display_name})
            return redirect("reception:home")
    elif request.method == "POST" and form.is_valid():
        form.add_error("worker", _("请选择该时间值班的工作人员。"))
    return render(request, "reception/appointment_book.html", {"form": form, "on_duty": on_duty},
                  status=400 if form.errors else 200)


@role_required(*COMMITTEE_ROLES, Role.STREET_ADMIN)
def appointment_detail(request, pk):
    appointment = get_object_or_404(
        Appointment.objects.visible_to(request.user).select_related("worker", "service_item", "visit"), pk=pk
    )
    return render(request, "reception/appointment_detail.html", {"appointment": appointment})
