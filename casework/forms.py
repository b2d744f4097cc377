"""Forms of the case pages. Choices of workers and grid areas come from the signed-in
worker's committee only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from committee.models import GridArea, Line, ServiceItem
from staffing.models import Worker
from utilities.naturalsort import NaturalOrderModelChoiceField
from utilities.phones import TYPED_MAX_LENGTH, clean_phone
from utilities.widgets import ServiceItemSelect

from .choices import CaseSource, Satisfaction


def committee_workers(committee):
    return Worker.objects.filter(committee=committee, active=True).order_by("display_name")


# Matters that reach the committee without a resident at the desk: a 12345 work order, or
# one the street office or another body hands over. Everything a resident brings starts at
# the desk (reception), which opens the case itself.
WORK_ORDER_SOURCES = (CaseSource.HOTLINE, CaseSource.DIRECT)


class CaseOpenForm(forms.Form):
    title = forms.CharField(label=_("事项"), max_length=200)
    source = forms.ChoiceField(
        label=_("来源"),
        choices=[(source.value, source.label) for source in WORK_ORDER_SOURCES],
        initial=CaseSource.HOTLINE,
    )
    source_reference = forms.CharField(
        label=_("来源编号"), max_length=40, required=False, help_text=_("如 12345 工单号。")
    )
    line = forms.ModelChoiceField(label=_("条线"), queryset=Line.objects.order_by("order"), required=False)
    service_item = forms.ModelChoiceField(
        label=_("服务事项"),
        queryset=ServiceItem.objects.active().select_related("line"),
        required=False,
        widget=ServiceItemSelect,
        help_text=_("选了服务事项，条线和办结时限随之确定。"),
    )
    description = forms.CharField(
        label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=4000
    )
    resident_name = forms.CharField(label=_("居民姓名"), max_length=50, required=False)
    resident_phone = forms.CharField(label=_("联系电话"), max_length=TYPED_MAX_LENGTH, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    grid_area = NaturalOrderModelChoiceField(label=_("片区"), queryset=GridArea.objects.none(), required=False)
    handler = forms.ModelChoiceField(
        label=_("承办人"),
        queryset=Worker.objects.none(),
        required=False,
        help_text=_("不选则按 AB 岗自动派给该条线的承办人。"),
    )

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = Line.objects.of_district(committee.district_id).order_by("order")
        self.fields["service_item"].queryset = ServiceItem.objects.offered_to(committee).active().select_related("line")
        self.fields["grid_area"].queryset = GridArea.objects.filter(committee=committee, active=True)
        self.fields["handler"].queryset = committee_workers(committee)

    def clean_resident_phone(self):
        return clean_phone(self.cleaned_data["resident_phone"])

    def clean(self):
        data = super().clean()
        if not data.get("line") and not data.get("service_item"):
            self.add_error("line", _("请选择条线或服务事项。"))
        return data


class VersionedForm(forms.Form):
    """Carries the version of the case the page was drawn from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class NoteForm(VersionedForm):
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000)


class ResolveForm(VersionedForm):
    resolution = forms.CharField(label=_("办理结果"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class FollowUpForm(VersionedForm):
    satisfaction = forms.ChoiceField(label=_("居民满意度"), choices=Satisfaction.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("回访意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    escalate = forms.BooleanField(label=_("不满意时转主任督办"), required=False)


class HandOnForm(VersionedForm):
    to = forms.ModelChoiceField(label=_("转交给"), queryset=Worker.objects.none())
    note = forms.CharField(label=_("转交原因"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = committee_workers(committee)


class ChaseForm(forms.Form):
    note = forms.CharField(
        label=_("居民催办内容"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000
    )


class SuperviseForm(forms.Form):
    note = forms.CharField(
        label=_("督办要求"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
        help_text=_("例如：请本周五前答复居民。"),
    )
