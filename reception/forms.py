"""The desk's forms: the intake, appointments, finding a visit; the ledgers' small forms
(voiding a visit, recording a use of the seal) and the reason for showing an ID number.
Record choices (grid areas, workers, earlier visits) come from the signed-in worker's
committee only. The rules live in the services; these forms collect the input and put a
service's refusal where the user will see it (`utilities.formerrors.add_service_errors`)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from casework.models import Case
from committee.models import GridArea, Line, ServiceItem
from committee.workcalendar import validate_calendar_day
from register.choices import Relation
from register.identity import normalize_id_number, validate_id_number
from register.models import Person
from register.search import person_phone
from staffing.models import Worker
from utilities.ids import record_id
from utilities.naturalsort import NaturalOrderModelChoiceField
from utilities.phones import TYPED_MAX_LENGTH, clean_phone, is_valid_phone
from utilities.widgets import ServiceItemSelect

from .choices import Channel, Outcome
from .models import Visit


def material_field_name(item: ServiceItem) -> str:
    return f"brought_{item.pk}"


class ResidentFields(forms.Form):
    resident_name = forms.CharField(label=_("居民姓名"), max_length=50)
    resident_phone = forms.CharField(
        label=_("联系电话"),
        max_length=TYPED_MAX_LENGTH,
        required=False,
        # A landline's extension after 转, # or a last "-" (utilities/phones.py): a phone's tel keypad has # and -.
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "off", "placeholder": _("手机或座机，如 021-6555 1234 转 8")}
        ),
    )

    def clean_resident_name(self):
        name = self.cleaned_data["resident_name"].strip()
        if not name:
            raise ValidationError(_("请填写居民姓名。"))
        return name

    def clean_resident_phone(self):
        return clean_phone(self.cleaned_data["resident_phone"])


class IntakeForm(ResidentFields):
    """One visit at the desk. Each catalogue item gets a `brought_<id>` checklist of its
    materials; the materials not ticked are what the one-time notice will list."""

    channel = forms.ChoiceField(
        label=_("渠道"), choices=Channel.choices, initial=Channel.WALK_IN, widget=forms.RadioSelect
    )
    id_number = forms.CharField(
        label=_("身份证号（可不填）"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    grid_area = NaturalOrderModelChoiceField(label=_("片区"), queryset=GridArea.objects.none(), required=False)
    items = forms.ModelMultipleChoiceField(
        label=_("服务事项"), queryset=ServiceItem.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    outcome = forms.ChoiceField(label=_("办理结果"), choices=Outcome.choices, widget=forms.RadioSelect)
    notes = forms.CharField(
        label=_("接待记录"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    appointment_at = forms.DateTimeField(
        label=_("预约时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        validators=[validate_calendar_day],
    )
    appointment_worker = forms.ModelChoiceField(label=_("预约接待人"), queryset=Worker.objects.none(), required=False)
    other_line = forms.ModelChoiceField(
        label=_("条线"), queryset=Line.objects.none(), required=False, empty_label=_("（请选择条线）")
    )
    other_matter = forms.CharField(
        label=_("事项说明"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": _("例如：路灯不亮")}),
    )
    previous_visit = forms.ModelChoiceField(queryset=Visit.objects.none(), required=False, widget=forms.HiddenInput)
    # A new matter of a resident already known (a visit or a case of theirs): the phone is
    # taken from that record on the server, never carried in the page or an address.
    resident_visit = forms.ModelChoiceField(queryset=Visit.objects.none(), required=False, widget=forms.HiddenInput)
    resident_case = forms.ModelChoiceField(queryset=Case.objects.none(), required=False, widget=forms.HiddenInput)
    # The register person chosen in the desk's search (register.search): only their number
    # is in the page; the server checks it is one of this committee's people and links the
    # visit to them.
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("所选居民不在本居委会的居民名册中，请重新查找。")},
    )
    register_new = forms.BooleanField(
        label=_("登记为新居民"),
        required=False,
        help_text=_("登记来访时一并登记到名册，须填地址：已有的户按地址找到，没有的新建一户。"),
    )
    relation = forms.ChoiceField(
        label=_("与户主关系"),
        required=False,
        choices=[("", _("（新户为户主，已有的户为其他）"))] + list(Relation.choices),
    )

    def __init__(self, *args, committee, catalogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        self.fields["other_line"].queryset = Line.objects.of_district(committee.district_id).order_by("order")
        self.fields["resident_visit"].queryset = Visit.objects.filter(committee=committee)
        self.fields["resident_case"].queryset = Case.objects.filter(committee=committee)
        self.fields["person"].queryset = Person.objects.filter(committee=committee).current()
        self.fields["resident_name"].widget.attrs["autofocus"] = True  # the desk page is ready to type into
        self.fields["resident_name"].required = False
        self.fields["grid_area"].queryset = GridArea.objects.filter(committee=committee, active=True)
        self.fields["items"].queryset = ServiceItem.objects.offered_to(committee).active()
        self.fields["appointment_worker"].queryset = Worker.objects.filter(committee=committee, active=True).order_by(
            "display_name"
        )
        self.fields["previous_visit"].queryset = Visit.objects.filter(committee=committee)
        self.kept_phone = self._kept_phone()
        if self.kept_phone:
            self.fields["resident_phone"].widget.attrs["aria-describedby"] = "id_resident_phone_helptext"
        for item in catalogue:
            self.fields[material_field_name(item)] = forms.MultipleChoiceField(
                label=item.name,
                required=False,
                choices=[(m, m) for m in item.materials],
                widget=forms.CheckboxSelectMultiple,
            )

    def clean_resident_name(self):
        # Checked in `clean`, with the channel: a matter found on patrol may have no resident.
        return self.cleaned_data["resident_name"].strip()

    def clean_id_number(self):
        number = normalize_id_number(self.cleaned_data["id_number"])
        if number:
            validate_id_number(number)
        return number

    KEPT_FROM = ("previous_visit", "resident_visit", "resident_case")

    def _phone_source(self) -> Visit | Case | None:
        """The earlier record whose phone this visit keeps: the visit it continues, or the
        visit or case it was started from."""
        for name in self.KEPT_FROM:
            pk = record_id(self[name].value())
            if pk is not None:
                return self.fields[name].queryset.filter(pk=pk).only("resident_phone").first()
        return None

    def _kept_phone(self) -> str:
        """A known resident's phone, masked: the page never holds the whole number; the
        server takes it from the earlier record unless a new one is typed (`clean`)."""
        source = self._phone_source()
        return source.masked_phone if source is not None and is_valid_phone(source.resident_phone) else ""

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("person")
        if person is not None and not cleaned.get("resident_name") and "resident_name" not in self.errors:
            cleaned["resident_name"] = person.name
        if not cleaned.get("resident_name") and "resident_name" not in self.errors:
            if cleaned.get("channel") != Channel.PATROL:
                self.add_error("resident_name", _("请填写居民姓名（巡查发现、没有居民的可不填）。"))
        source = next((cleaned[name] for name in self.KEPT_FROM if cleaned.get(name) is not None), None)
        if source is not None and not cleaned.get("resident_phone") and "resident_phone" not in self.errors:
            # Not kept when libphonenumber does not know it (stored before phones were checked
            # against it): the page showed none, so the worker asks for the number again.
            if is_valid_phone(source.resident_phone):
                cleaned["resident_phone"] = source.resident_phone
        if person is not None:
            cleaned["register_new"] = False  # found in the register: nobody to register
            if not cleaned.get("resident_phone") and "resident_phone" not in self.errors:
                cleaned["resident_phone"] = person_phone(person)  # the page showed it masked
        return cleaned

    def chosen_person(self) -> Person | None:
        """The register person a posted form chose, when the server accepted them."""
        return getattr(self, "cleaned_data", {}).get("person")

    def chosen(self) -> list[tuple[ServiceItem, list[str]]]:
        """(item, materials brought) for each chosen item, in catalogue order."""
        chosen_ids = {item.pk for item in self.cleaned_data.get("items", [])}
        return [
            (item, self.cleaned_data.get(material_field_name(item), []))
            for item in self.catalogue
            if item.pk in chosen_ids
        ]

    def item_rows(self):
        """Catalogue items with their materials and which are ticked, for the template.

        The checkboxes are written by the template itself: rendering ~200 of them through
        Django's widget templates was most of the desk page's time."""
        chosen = {str(v) for v in (self["items"].value() or [])}
        rows = []
        for item in self.catalogue:
            name = material_field_name(item)
            ticked = set(self[name].value() or [])
            materials = [
                {"id": f"id_{name}_{i}", "value": m, "checked": m in ticked} for i, m in enumerate(item.materials)
            ]
            rows.append({"item": item, "checked": str(item.pk) in chosen, "field": name, "materials": materials})
        return rows


class AppointmentForm(ResidentFields):
    service_item = forms.ModelChoiceField(
        label=_("服务事项"), queryset=ServiceItem.objects.none(), required=False, widget=ServiceItemSelect
    )
    starts_at = forms.DateTimeField(
        label=_("预约时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        validators=[validate_calendar_day],
    )
    worker = forms.ModelChoiceField(
        label=_("接待人（该时间值班的工作人员）"), queryset=Worker.objects.none(), required=False
    )
    notes = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, committee, on_duty=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_item"].queryset = ServiceItem.objects.offered_to(committee).active().select_related("line")
        workers = Worker.objects.filter(committee=committee, active=True).order_by("display_name")
        if on_duty is not None:
            workers = workers.filter(pk__in=[w.pk for w in on_duty])
        self.fields["worker"].queryset = workers


class OnDutyForm(forms.Form):
    starts_at = AppointmentForm.base_fields["starts_at"]


class FindForm(forms.Form):
    q = forms.CharField(label=_("告知单编号或手机号（编号可只输末几位）"), max_length=40, required=False)


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("作废原因"),
        max_length=200,
        error_messages={"required": _("作废必须写明原因。")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class ServiceItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, item):
        # Every active item is offered, so the desk learns why an item cannot be sealed
        # (the service says so) instead of wondering where it went.
        return str(item.name) if item.seal_permitted else _("%(name)s（不在用印清单）") % {"name": item.name}


class SealUseForm(forms.Form):
    reference = forms.CharField(
        label=_("登记编号"),
        max_length=32,
        help_text=_("接待登记的编号，例如一次性告知单上的编号。"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    service_item = ServiceItemChoice(label=_("服务事项"), queryset=ServiceItem.objects.none(), widget=ServiceItemSelect)
    document = forms.CharField(label=_("用印文件"), max_length=200)
    copies = forms.IntegerField(label=_("份数"), initial=1, widget=forms.NumberInput(attrs={"min": 1}))

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.visit = None
        self.fields["service_item"].queryset = (
            ServiceItem.objects.offered_to(committee)
            .active()
            .select_related("line")
            .order_by("-seal_permitted", "line__order", "name")
        )

    def clean_reference(self):
        # Only this committee's visits: another committee's number is simply not found.
        reference = self.cleaned_data["reference"].strip()
        visit = Visit.objects.filter(committee=self.committee, reference__iexact=reference).first()
        if visit is None:
            raise ValidationError(_("找不到该登记：请核对登记编号。"))
        self.visit = visit
        return reference


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("查看原因"),
        max_length=200,
        help_text=_("例如：为居民办理低保申请，须核对身份证号。查看人、时间和原因都会记录。"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
