"""Forms of the staffing pages. Every choice of a record is limited to the user's
committee (querysets are set from the signed-in worker, never from the request data)."""

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committee.models import GridArea, Line
from committee.workcalendar import validate_calendar_day
from utilities.phones import clean_public_phone

from .choices import LeaveKind, PostKind
from .models import DutyAssignment, ShiftTemplate, Worker
from .selectors import duty_workers


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def validate_past_day(value: dt.date) -> None:
    if value.year < 1950:
        raise ValidationError(_("请核对日期。"), code="too_early")


class MonthField(forms.DateField):
    """A month typed as YYYY-MM (an <input type=month>), cleaned to its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m"]
    default_validators = [validate_calendar_day]
    default_error_messages = {"invalid": _("请按 年-月 的格式填写，例如 2026-12。")}


class TrainingForm(forms.Form):
    worker = forms.ModelChoiceField(queryset=Worker.objects.none(), label=_("工作人员"))
    line = forms.ModelChoiceField(queryset=Line.objects.order_by("order"), label=_("条线"))
    trained_on = forms.DateField(label=_("培训日期"), widget=DateInput(), validators=[validate_past_day])
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = duty_workers(committee).order_by("display_name")
        self.fields["line"].queryset = Line.objects.of_district(committee.district_id).order_by("order")
        self.fields["trained_on"].initial = timezone.localdate()

    def clean_trained_on(self):
        value = self.cleaned_data["trained_on"]
        if value > timezone.localdate():
            raise ValidationError(_("培训日期不能晚于今天。"))
        return value


class RosterGenerateForm(forms.Form):
    month = MonthField(label=_("月份"))


class DutyAddForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=DateInput(), validators=[validate_calendar_day])
    shift = forms.ModelChoiceField(queryset=ShiftTemplate.objects.none(), label=_("班次"))
    worker = forms.ModelChoiceField(queryset=Worker.objects.none(), label=_("值班人"))

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shift"].queryset = ShiftTemplate.objects.filter(committee=committee, active=True).order_by("order")
        self.fields["worker"].queryset = duty_workers(committee).order_by("display_name")


class DutyMoveForm(forms.Form):
    worker = forms.ModelChoiceField(queryset=Worker.objects.none(), label=_("改由"))

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = duty_workers(committee).order_by("display_name")


def swap_return_choices(*, worker, colleague_id):
    """The colleague's upcoming duties a swap may take back (none until a colleague is chosen)."""
    if not colleague_id:
        return DutyAssignment.objects.none()
    return (
        DutyAssignment.objects.filter(
            committee_id=worker.committee_id, worker_id=colleague_id, date__gte=timezone.localdate()
        )
        .select_related("shift", "worker")
        .order_by("date", "shift__start")
    )


def swap_return_label(duty) -> str:
    return f"{duty.date:%m-%d} {duty.shift.name}"


class SwapProposeForm(forms.Form):
    duty = forms.ModelChoiceField(queryset=DutyAssignment.objects.none(), label=_("我要让出的值班"))
    colleague = forms.ModelChoiceField(queryset=Worker.objects.none(), label=_("交给同事"))
    return_duty = forms.ModelChoiceField(
        queryset=DutyAssignment.objects.none(),
        label=_("换回同事的值班（可不选）"),
        required=False,
        empty_label=_("不换回"),
        help_text=_("只列出所选同事今后的值班。"),
    )
    reason = forms.CharField(label=_("事由"), max_length=200, required=False)

    def __init__(self, *args, worker, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["duty"].queryset = (
            DutyAssignment.objects.filter(committee_id=worker.committee_id, date__gte=today, worker=worker)
            .select_related("shift")
            .order_by("date", "shift__start")
        )
        colleagues = duty_workers(worker.committee).exclude(pk=worker.pk).order_by("display_name")
        self.fields["colleague"].queryset = colleagues
        # 换回 lists only the chosen colleague's duties (the page's script refreshes them
        # when the colleague changes; without it, 列出同事的值班 posts the form back).
        colleague_id = self._chosen(self.data.get("colleague") if self.is_bound else self.initial.get("colleague"))
        if colleague_id and not colleagues.filter(pk=colleague_id).exists():
            colleague_id = None
        self.fields["return_duty"].queryset = swap_return_choices(worker=worker, colleague_id=colleague_id)
        self.fields["duty"].label_from_instance = swap_return_label
        self.fields["return_duty"].label_from_instance = swap_return_label
        self.fields["colleague"].widget.attrs["data-swap-colleague"] = ""
        self.fields["return_duty"].widget.attrs["data-swap-return"] = ""

    @staticmethod
    def _chosen(value) -> int | None:
        value = getattr(value, "pk", value)
        try:
            number = int(value)
        except (TypeError, ValueError):
            return None
        return number if 0 < number < 2**31 else None  # a key the database can compare

    def clean(self):
        data = super().clean()
        back, colleague = data.get("return_duty"), data.get("colleague")
        if back is not None and colleague is not None and back.worker_id != colleague.pk:
            self.add_error("return_duty", _("换回的值班必须是所选同事的值班。"))
        return data


class LeaveRequestForm(forms.Form):
    kind = forms.ChoiceField(choices=LeaveKind.choices, label=_("类型"))
    start = forms.DateField(label=_("开始日期"), widget=DateInput(), validators=[validate_calendar_day])
    end = forms.DateField(label=_("结束日期"), widget=DateInput(), validators=[validate_calendar_day])
    reason = forms.CharField(label=_("事由"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("结束日期不能早于开始日期。"))
            elif (end - start) > dt.timedelta(days=366):
                self.add_error("end", _("一次请假不能超过一年。"))
        return data


# --- a committee's own set-up: A/B posts, shift templates, grid areas (the director's) ---------


class PostForm(forms.Form):
    line = forms.ModelChoiceField(queryset=Line.objects.none(), label=_("条线"))
    kind = forms.ChoiceField(choices=PostKind.choices, label=_("岗位"))
    worker = forms.ModelChoiceField(queryset=Worker.objects.none(), label=_("工作人员"))

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = Line.objects.of_district(committee.district_id).order_by("order", "code")
        self.fields["worker"].queryset = duty_workers(committee).order_by("display_name")


class ShiftTemplateForm(forms.ModelForm):
    class Meta:
        model = ShiftTemplate
        fields = [
            "name",
            "start",
            "end",
            "on_working_days",
            "on_weekends",
            "on_holidays",
            "min_staff",
            "order",
            "active",
        ]
        widgets = {
            "start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean_min_staff(self):
        value = self.cleaned_data["min_staff"]
        if not 1 <= value <= 20:
            raise ValidationError(_("每班人数请填 1 到 20。"))
        return value

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("结束时间必须晚于开始时间。"))
        if not any(data.get(f) for f in ("on_working_days", "on_weekends", "on_holidays")):
            self.add_error(None, _("请至少选择一种日子：工作日、双休日或节假日。"))
        return data


class GridAreaForm(forms.ModelForm):
    responsible = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), label=_("包干责任人"), required=False
    )

    class Meta:
        model = GridArea
        fields = ["name", "buildings", "responsible", "public_phone", "active"]

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = (
            get_user_model()
            .objects.filter(worker__committee=committee, worker__active=True, is_active=True)
            .select_related("worker")
            .order_by("worker__display_name")
        )
        self.fields["responsible"].label_from_instance = lambda user: user.worker.display_name
        self.fields["public_phone"].help_text = _(
            "公示在居民公示栏上，例如 021-6555 1234 或 13912345678，分机写在“转”后面。"
        )

    def clean_public_phone(self):
        return clean_public_phone(self.cleaned_data["public_phone"])
