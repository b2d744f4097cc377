"""The desk's forms. Record choices (grid areas, workers, earlier visits) come from the
signed-in worker's committee only."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from committee.identity import normalize_id_number, normalize_phone, validate_id_number, validate_mobile
from committee.models import GridArea, ServiceItem
from staffing.models import Worker

from .choices import Channel, Outcome
from .models import Visit


def material_field_name(item: ServiceItem) -> str:
    return f"brought_{item.pk}"


class ResidentFields(forms.Form):
    resident_name = forms.CharField(label=_("居民姓名"), max_length=50)
    resident_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False,
                                     widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))

    def clean_resident_name(self):
        name = self.cleaned_data["resident_name"].strip()
        if not name:
            raise ValidationError(_("请填写居民姓名。"))
        return name

    def clean_resident_phone(self):
        phone = normalize_phone(self.cleaned_data["resident_phone"])
        if phone:
            validate_mobile(phone)
        return phone


class IntakeForm(ResidentFields):
    """One visit at the desk. Each catalogue item gets a `brought_<id>` checklist of its
    materials; the materials not ticked are what the one-time notice will list."""

    channel = forms.ChoiceField(label=_("渠道"), choices=Channel.choices, initial=Channel.WALK_IN,
                                widget=forms.RadioSelect)
    id_number = forms.CharField(label=_("身份证号（可不填）"), max_length=20, required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    grid_area = forms.ModelChoiceField(label=_("片区"), queryset=GridArea.objects.none(), required=False)
    items = forms.ModelMultipleChoiceField(label=_("服务事项"), queryset=ServiceItem.objects.none(), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    outcome = forms.ChoiceField(label=_("办理结果"), choices=Outcome.choices, widget=forms.RadioSelect)
    notes = forms.CharField(label=_("接待记录"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000)
    appointment_at = forms.DateTimeField(label=_("预约时间"), required=False,
                                         widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                    format="%Y-%m-%dT%H:%M"),
                                         input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    appointment_worker = forms.ModelChoiceField(label=_("预约接待人"), queryset=Worker.objects.none(), required=False)
    previous_visit = forms.ModelChoiceField(queryset=Visit.objects.none(), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, committee, catalogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        self.fields["resident_name"].widget.attrs["autofocus"] = True  # the desk page is ready to type into
        self.fields["grid_area"].queryset = GridArea.objects.filter(committee=committee, active=True)
        self.fields["items"].queryset = ServiceItem.objects.active()
        self.fields["appointment_worker"].queryset = Worker.objects.filter(committee=committee, active=True).order_by(
            "display_name"
        )
        self.fields["previous_visit"].queryset = Visit.objects.filter(committee=committee)
        for item in catalogue:
            self.fields[material_field_name(item)] = forms.MultipleChoiceField(
                label=item.name, required=False, choices=[(m, m) for m in item.materials],
                widget=forms.CheckboxSelectMultiple,
            )

    def clean_id_number(self):
        number = normalize_id_number(self.cleaned_data["id_number"])
        if number:
            validate_id_number(number)
        return number

    def chosen(self) -> list[tuple[ServiceItem, list[str]]]:
        """(item, materials brought) for each chosen item, in catalogue order."""
        chosen_ids = {item.pk for item in self.cleaned_data.get("items", [])}
        return [(item, self.cleaned_data.get(material_field_name(item), []))
                for item in self.catalogue if item.pk in chosen_ids]

    def item_rows(self):
        """Catalogue items with their materials and which are ticked, for the template.

        The checkboxes are written by the template itself: rendering ~200 of them through
        Django's widget templates was most of the desk page's time."""
        chosen = {str(v) for v in (self["items"].value() or [])}
        rows = []
        for item in self.catalogue:
            name = material_field_name(item)
            ticked = set(self[name].value() or [])
            materials = [{"id": f"id_{name}_{i}", "value": m, "checked": m in ticked} for i, m in enumerate(item.materials)]
            rows.append({"item": item, "checked": str(item.pk) in chosen, "field": name, "materials": materials})
        return rows


class AppointmentForm(ResidentFields):
    service_item = forms.ModelChoiceField(label=_("服务事项"), queryset=ServiceItem.objects.none(), required=False)
    starts_at = forms.DateTimeField(label=_("预约时间"),
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    worker = forms.ModelChoiceField(label=_("接待人（该时间值班的工作人员）"), queryset=Worker.objects.none(), required=False)
    notes = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, committee, on_duty=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_item"].queryset = ServiceItem.objects.active().select_related("line")
        workers = Worker.objects.filter(committee=committee, active=True).order_by("display_name")
        if on_duty is not None:
            workers = workers.filter(pk__in=[w.pk for w in on_duty])
        self.fields["worker"].queryset = workers


class FindForm(forms.Form):
    q = forms.CharField(label=_("告知单编号或手机号"), max_length=40, required=False)
