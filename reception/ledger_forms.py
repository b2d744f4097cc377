"""Small forms of the ledgers: voiding a visit and recording a use of the seal. The rules
(who may void, which items may be sealed, how many copies) live in the services; these
forms only collect the input and put a service's refusal where the user will see it."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from committee.models import ServiceItem

from .models import Visit


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("作废原因"), max_length=200, error_messages={"required": _("作废必须写明原因。")},
                             widget=forms.TextInput(attrs={"autocomplete": "off"}))


class ServiceItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, item):
        # Every active item is offered, so the desk learns why an item cannot be sealed
        # (the service says so) instead of wondering where it went.
        return str(item.name) if item.seal_permitted else _("%(name)s（不在用印清单）") % {"name": item.name}


class SealUseForm(forms.Form):
    reference = forms.CharField(label=_("登记编号"), max_length=32,
                                help_text=_("接待登记的编号，例如一次性告知单上的编号。"),
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))
    service_item = ServiceItemChoice(label=_("服务事项"), queryset=ServiceItem.objects.none())
    document = forms.CharField(label=_("用印文件"), max_length=200)
    copies = forms.IntegerField(label=_("份数"), initial=1, widget=forms.NumberInput(attrs={"min": 1}))

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.visit = None
        self.fields["service_item"].queryset = (
            ServiceItem.objects.active().order_by("-seal_permitted", "line__order", "name")
        )

    def clean_reference(self):
        # Only this committee's visits: another committee's number is simply not found.
        reference = self.cleaned_data["reference"].strip()
        visit = Visit.objects.filter(committee=self.committee, reference__iexact=reference).first()
        if visit is None:
            raise ValidationError(_("找不到该登记：请核对登记编号。"))
        self.visit = visit
        return reference


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, by field where the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, errors in error.error_dict.items():
        target = field if field in form.fields else None
        for e in errors:
            form.add_error(target, e.messages)
