import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committee.selectors import lines_for_committees

from .choices import FindingCategory


class ClientIdForm(forms.Form):
    """A write from the grid: its client_id is made when the form is drawn (the offline app
    will make it on the phone), so a form sent twice is stored once."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("client_id", uuid.uuid4())
        super().__init__(data, **kwargs)


class PatrolStartForm(ClientIdForm):
    grid_area = forms.TypedChoiceField(label=_("片区"), coerce=int)

    def __init__(self, data=None, *, areas, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["grid_area"].choices = [(area.pk, area.name) for area in areas]


class PatrolEndForm(forms.Form):
    ended_at = forms.DateTimeField(
        label=_("结束时间"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}),
        help_text=_("不填即为现在；补记前一天忘了结束的巡查时填写。"),
    )
    route_notes = forms.CharField(
        label=_("巡查路线"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：1号楼→5号楼→小区北门→停车场。"),
    )


class FindingForm(ClientIdForm):
    category = forms.ChoiceField(label=_("类别"), choices=FindingCategory.choices, widget=forms.RadioSelect)
    description = forms.CharField(label=_("情况描述"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    location = forms.CharField(
        label=_("位置"), required=False, max_length=200, help_text=_("楼栋、部位，例如“5号楼东侧楼道”。")
    )
    handled = forms.BooleanField(label=_("已当场处理"), required=False)
    open_case = forms.BooleanField(label=_("转为事项（登记并派单）"), required=False)
    case_title = forms.CharField(label=_("事项标题"), required=False, max_length=200)
    case_line = forms.ModelChoiceField(label=_("条线"), required=False, queryset=None, empty_label=_("请选择条线"))

    def __init__(self, data=None, *, committee, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["case_line"].queryset = lines_for_committees([committee.pk])

    def clean(self):
        data = super().clean()
        if data.get("open_case"):
            if not data.get("case_line"):
                self.add_error("case_line", _("转为事项请选择条线。"))
            if data.get("handled"):
                self.add_error("handled", _("当场处理的发现不再转为事项。"))
        else:
            data["case_line"] = None
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回原因"), max_length=200)


class BookForm(forms.Form):
    """Which area and month the book shows: a bad value is said, the defaults apply."""

    area = forms.TypedChoiceField(label=_("片区"), coerce=int, required=False)
    month = forms.DateField(
        label=_("月份"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(format="%Y-%m", attrs={"type": "month"}),
    )

    def __init__(self, data=None, *, areas, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["area"].choices = [(area.pk, area.name) for area in areas]

    def clean_month(self):
        """Months the book can have: from 2000 to next year (0001-01 or 9999-12 would run
        the month before or after off the calendar)."""
        month = self.cleaned_data["month"]
        if month is not None and not 2000 <= month.year <= timezone.localdate().year + 1:
            raise forms.ValidationError(_("月份有误（应为 2000 年至明年的 年-月，例如 2026-11），已显示本月。"))
        return month
