"""The register's forms. They only collect and shape input; register.services decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from committee.models import GridArea

from .choices import HouseholdStatus, PersonStatus, Relation
from .models import CareTag, Household, Person
from .services import IMPORT_MAX_BYTES
from .spreadsheets import FIELDS


class HouseholdForm(forms.ModelForm):
    class Meta:
        model = Household
        fields = ["grid_area", "building", "unit", "room", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"building": _("照本居委会的写法，例如“5号楼”或“5”。")}

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid_area"].queryset = GridArea.objects.filter(committee=committee, active=True)


class HouseholdFilterForm(forms.Form):
    """Filters by grid area, tag and status: ids and codes, nothing personal, so a GET form."""

    grid_area = forms.ChoiceField(label=_("片区"), required=False)
    tag = forms.ChoiceField(label=_("标签"), required=False)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部"))] + list(HouseholdStatus.choices)
    )

    def __init__(self, *args, areas, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid_area"].choices = [("", _("全部"))] + [(str(a.pk), a.name) for a in areas]
        self.fields["tag"].choices = [("", _("全部"))] + tags


class PersonForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(
        label=_("身份证号"),
        max_length=18,
        required=False,
        help_text=_("填写后出生日期和性别按身份证号；修改时留空则保留原号码。"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    sex = forms.ChoiceField(
        label=_("性别"), choices=[("", "—")] + list(Person._meta.get_field("sex").choices), required=False
    )
    birth_date = forms.DateField(label=_("出生日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    phones = forms.CharField(
        label=_("电话"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("每行一个，手机或座机（例如 021-65551234 转 8）。"),
    )
    residence_status = forms.ChoiceField(
        label=_("居住类型"), choices=Person._meta.get_field("residence_status").choices
    )
    moved_in_on = forms.DateField(label=_("迁入日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def phone_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["phones"].splitlines() if line.strip()]


class PersonAddForm(PersonForm):
    relation = forms.ChoiceField(label=_("与户主关系"), choices=Relation.choices)
    move = forms.BooleanField(
        label=_("从原户迁入本户"),
        required=False,
        help_text=_("此人已登记在别的户时才需要勾选。"),
    )


class PersonReturnForm(forms.Form):
    """迁回: where the person lives now (an address of the committee, found or added)."""

    grid_area = forms.ModelChoiceField(label=_("片区"), queryset=GridArea.objects.none(), required=False)
    building = forms.CharField(label=_("楼号"), max_length=30, required=False)
    unit = forms.CharField(label=_("单元"), max_length=30, required=False)
    room = forms.CharField(label=_("室号"), max_length=30)
    relation = forms.ChoiceField(label=_("与户主关系"), choices=Relation.choices)
    on = forms.DateField(label=_("迁回日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid_area"].queryset = GridArea.objects.filter(committee=committee, active=True)


class PersonLeaveForm(forms.Form):
    status = forms.ChoiceField(
        label=_("办理"), choices=[(PersonStatus.MOVED_OUT, _("迁出")), (PersonStatus.DIED, _("死亡"))]
    )
    on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))


class PersonTagForm(forms.Form):
    tag = forms.ModelChoiceField(label=_("标签"), queryset=CareTag.objects.none())
    reason = forms.CharField(label=_("依据"), max_length=200, help_text=_("例如证件名称、走访所见。"))

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].queryset = CareTag.objects.for_committee(committee).order_by("committee", "name")


class PersonTagEndForm(forms.Form):
    end_reason = forms.CharField(label=_("结束原因"), max_length=200)


class CareTagForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=30)
    sensitive = forms.BooleanField(
        label=_("敏感信息"), required=False, help_text=_("健康、残疾、救助等：仅片区责任人和主任可见全部。")
    )


class GridFilterForm(forms.Form):
    """The grid list's filters (我的片区): ids and codes, nothing personal, so a GET form."""

    area = forms.ChoiceField(label=_("片区"), required=False)
    tag = forms.ChoiceField(label=_("标签"), required=False)
    person_status = forms.ChoiceField(
        label=_("居民状态"),
        required=False,
        choices=[
            (PersonStatus.ACTIVE, _("在册")),
            (PersonStatus.MOVED_OUT, _("已迁出")),
            (PersonStatus.DIED, _("已故")),
        ],
    )
    household_status = forms.ChoiceField(
        label=_("户状态"), required=False, choices=list(HouseholdStatus.choices) + [("all", _("全部"))]
    )

    def __init__(self, *args, areas, tags, mine_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", mine_label)] + [(str(a.pk), a.name) for a in areas]
        self.fields["tag"].choices = [("", _("全部"))] + tags


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("居民名册表格"),
        help_text=_("Excel（.xlsx）或 CSV 文件，不超过 5 MB；每行一人，按地址归户。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("文件超过 5 MB，请分成几个文件导入。"))
        return upload


class ImportMappingForm(forms.Form):
    """A select of register fields per column of the file, named by its header."""

    def __init__(self, *args, header: list[str], mapping: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("（不导入）"))] + [(name, label) for name, (label, _aliases) in FIELDS.items()]
        for index, text in enumerate(header):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=text, choices=choices, required=False, initial=mapping[index] if index < len(mapping) else ""
            )

    def mapping(self) -> list[str]:
        return [self.cleaned_data[f"col_{index}"] for index in range(len(self.fields))]
