from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.access import COMMITTEE_ROLES, current_committee, role_required
from committee.models import GridArea
from committee.roles import Role
from committee.scoping import user_role
from register.models import Person
from utilities.formerrors import add_service_errors

from . import selectors, services
from .choices import DueStatus
from .forms import FREQUENCIES, CarePlanForm, HomeVisitForm
from .models import CarePlan


def _id_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None


@role_required(Role.DIRECTOR)
def plans(request):
    """The director's care plans: a frequency per tag (or 高龄), and every change made."""
    committee = current_committee(request)
    form = CarePlanForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            services.care_plan_save(
                committee=committee,
                interval_days=form.cleaned_data["interval_days"],
                active=form.cleaned_data["active"],
                **form.plan_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("走访计划已保存。"))
            return redirect("carework:plans")
    context = {
        "form": form,
        "frequencies": FREQUENCIES,
        "plans": CarePlan.objects.visible_to(request.user)
        .filter(committee=committee)
        .select_related("tag")
        .order_by("-active", "interval_days"),
        "changes": CarePlan.history.filter(committee=committee)
        .select_related("tag", "history_user__worker")
        .order_by("-history_date")[:50],
    }
    return render(request, "carework/plans.html", context, status=400 if form.errors else 200)


# A day's list beyond this is a backlog, not a round: the first ones, by area and building.
LIST_LIMIT = 500


@role_required(*COMMITTEE_ROLES)
def today(request):
    """今日走访: the visits due today and overdue in the worker's grid areas, by area and
    building; the director sees every area, and the lists the coverage figures link to."""
    committee = current_committee(request)
    director = user_role(request.user) == Role.DIRECTOR
    areas = GridArea.objects.visible_to(request.user).filter(committee=committee)
    filters = {}
    if director:
        area = _id_param(request, "area")
        filters["areas"] = [area] if area is not None else None
        filters["plan"] = _id_param(request, "plan")
        filters["worker"] = _id_param(request, "worker")
        filters["not_home_twice"] = request.GET.get("flag") == "not_home"
        statuses = tuple(s for s in request.GET.getlist("status")[:3] if s in DueStatus.values)
        if statuses:
            filters["statuses"] = statuses
    else:
        filters["areas"] = list(areas.filter(responsible=request.user).values_list("pk", flat=True))
    rows = selectors.care_due(committee=committee, today=timezone.localdate(), limit=LIST_LIMIT, **filters)
    context = {"rows": rows, "director": director, "truncated": len(rows) >= LIST_LIMIT, "limit": LIST_LIMIT}
    return render(request, "carework/today.html", context)


@role_required(*COMMITTEE_ROLES)
def visit_new(request, pk):
    """Record a home visit to one person of the committee (any grid area: covering a colleague)."""
    committee = current_committee(request)
    person = get_object_or_404(Person.objects.visible_to(request.user).filter(committee=committee), pk=pk)
    form = HomeVisitForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.home_visit_record(
                committee=committee, worker=request.user.worker, person=person, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("走访已记录。"))
            if visit.case_id:
                messages.info(request, _("已立事项 %(reference)s。") % {"reference": visit.case.reference})
            return redirect("carework:today")
    context = {"form": form, "person": person, "visits": selectors.person_visits(person=person)}
    return render(request, "carework/visit_form.html", context, status=400 if form.errors else 200)


@role_required(Role.DIRECTOR)
def coverage(request):
    """The director's care coverage: by grid area, plan and worker, each figure a link to its list."""
    committee = current_committee(request)
    figures = selectors.care_coverage(committee=committee, today=timezone.localdate())
    return render(request, "carework/coverage.html", {"coverage": figures})
