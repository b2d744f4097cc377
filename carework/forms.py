import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from committee.models import Line
from reception.choices import Outcome
from register.models import CareTag

from .choices import MAX_INTERVAL_DAYS, MIN_INTERVAL_DAYS, Condition, Frequency, PlanTarget, VisitOutcome

ADVANCED_AGE_CHOICE = "advanced_age"


class CarePlanForm(forms.Form):
    """One row of the director's plans: a tag (or 高龄) and its frequency."""

    target = forms.ChoiceField(label=_("对象"))
    interval_days = forms.IntegerField(
        label=_("走访周期（天）"),
        min_value=MIN_INTERVAL_DAYS,
        max_value=MAX_INTERVAL_DAYS,
        help_text=_("常用：每周 7、每两周 14、每月 30、每季度 91、每半年 182。"),
        widget=forms.NumberInput(attrs={"list": "care-frequencies", "inputmode": "numeric"}),
    )
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.tags = {str(tag.pk): tag for tag in CareTag.objects.for_committee(committee).order_by("name")}
        self.fields["target"].choices = [(ADVANCED_AGE_CHOICE, PlanTarget.ADVANCED_AGE.label)] + [
            (pk, tag.name) for pk, tag in self.tags.items()
        ]

    def plan_fields(self) -> dict:
        target = self.cleaned_data["target"]
        if target == ADVANCED_AGE_CHOICE:
            return {"target": PlanTarget.ADVANCED_AGE, "tag": None}
        return {"target": PlanTarget.TAG, "tag": self.tags[target]}


FREQUENCIES = Frequency.choices

FOLLOW_UP_NONE, FOLLOW_UP_CASE, FOLLOW_UP_DESK = "", "case", "desk"
# A home visit's desk matter carries no service items (the desk's form chooses them), so by
# the desk's rules (reception.services.check_outcome) it can only be a consultation answered.
DESK_OUTCOMES = [(Outcome.CONSULTATION, Outcome.CONSULTATION.label)]


class HomeVisitForm(forms.Form):
    """The visit, in a few taps: outcome, condition, needs, notes, a next date if it differs,
    and what follows (a case, or a desk visit). The client_id is made when the form is
    shown, so a double submit is stored once (carework.services.home_visit_record)."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("结果"), choices=VisitOutcome.choices, widget=forms.RadioSelect)
    condition = forms.ChoiceField(
        label=_("状况"),
        choices=[("", _("未填"))] + Condition.choices,
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )
    needs = forms.CharField(label=_("需求"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next_visit_on = forms.DateField(
        label=_("下次走访日期"),
        required=False,
        help_text=_("与计划周期不同时才填。"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    follow_up = forms.ChoiceField(
        label=_("后续"),
        choices=[
            (FOLLOW_UP_NONE, _("无")),
            (FOLLOW_UP_CASE, _("需要立事项")),
            (FOLLOW_UP_DESK, _("前台事务（记一条接待）")),
        ],
        required=False,
        initial=FOLLOW_UP_NONE,
        widget=forms.RadioSelect,
    )
    case_title = forms.CharField(label=_("事项标题"), max_length=200, required=False)
    case_line = forms.ModelChoiceField(label=_("条线"), queryset=Line.objects.none(), required=False)
    desk_outcome = forms.ChoiceField(label=_("接待结果"), choices=DESK_OUTCOMES, required=False)

    def __init__(self, *args, committee, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("client_id", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["case_line"].queryset = Line.objects.of_district(committee.district_id).order_by("order")

    def clean(self):
        data = super().clean()
        if data.get("follow_up") == FOLLOW_UP_CASE:
            if not data.get("case_title"):
                self.add_error("case_title", _("请填写事项标题。"))
            if not data.get("case_line"):
                self.add_error("case_line", _("请选择条线。"))
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        open_case = desk_visit = None
        if data.get("follow_up") == FOLLOW_UP_CASE:
            open_case = {"title": data["case_title"], "line": data["case_line"], "description": data["needs"]}
        elif data.get("follow_up") == FOLLOW_UP_DESK:
            desk_visit = {"outcome": data.get("desk_outcome") or Outcome.CONSULTATION, "notes": data["needs"]}
        return {
            "client_id": data["client_id"],
            "outcome": data["outcome"],
            "condition": data["condition"],
            "needs": data["needs"],
            "notes": data["notes"],
            "next_visit_on": data["next_visit_on"],
            "open_case": open_case,
            "desk_visit": desk_visit,
        }
