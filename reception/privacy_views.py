"""Showing a resident's whole ID number, for a reason, recorded (reception.privacy)."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from committee.access import COMMITTEE_ROLES, role_required
from committee.security import refused

from .models import Visit
from .privacy import can_reveal_id_number, id_number_reveal

ACCESSES_SHOWN = 10


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("查看原因"), max_length=200,
        help_text=_("例如：为居民办理低保申请，须核对身份证号。查看人、时间和原因都会记录。"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


# never_cache: the number must not stay in a browser or proxy cache (Cache-Control: no-store).
@never_cache
@role_required(*COMMITTEE_ROLES)
def reveal_id_number(request, pk):
    visit = get_object_or_404(Visit.objects.visible_to(request.user).select_related("committee"), pk=pk)
    worker = request.user.worker
    if not can_reveal_id_number(visit=visit, worker=worker):
        refused(request, "permission")
        raise PermissionDenied
    number, status = "", 200
    if request.method == "POST":
        form = RevealForm(request.POST)
        if form.is_valid():
            try:
                number = id_number_reveal(visit=visit, by=worker, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error)  # a dict error lands on its field (reason)
        if not number:
            status = 400
    else:
        form = RevealForm()
    context = {
        "visit": visit,
        "form": form,
        "number": number,
        "accesses": visit.id_number_accesses.select_related("worker")[:ACCESSES_SHOWN],
    }
    return render(request, "reception/reveal_id.html", context, status=status)
