"""Filters of the reception ledgers: the visit ledger (首问接待记录本) and the seal-use log
(印章使用登记). Record choices (workers, grid areas, committees) come from the user's scope,
passed in as committee ids like casework's CaseFilterSet."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from committee.models import Committee, GridArea, Line, ServiceItem
from committee.selectors import items_for_committees, lines_for_committees
from staffing.models import Worker
from staffing.selectors import workers_for_choices
from utilities.dayranges import on_or_after, on_or_before
from utilities.filtering import ScopedChoicesMixin
from utilities.naturalsort import NaturalOrderModelChoiceFilter
from utilities.phones import phone_lookup
from utilities.widgets import QuickSelectForm

from .choices import Channel, Outcome
from .models import SealUse, Visit, VisitItem

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LedgerChoicesMixin(ScopedChoicesMixin):
    def worker_choices(self, committee_ids):
        # A ledger keeps the entries of workers who left: they stay choosable.
        return workers_for_choices(committee_ids=committee_ids, those_who_left=True)


class VisitFilterSet(LedgerChoicesMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("登记编号/居民姓名/电话"), method="search", max_length=100)
    received_from = django_filters.DateFilter(label=_("接待日期从"), method="from_day", widget=DATE)
    received_to = django_filters.DateFilter(label=_("接待日期到"), method="to_day", widget=DATE)
    committee = django_filters.ModelChoiceFilter(label=_("居委会"), queryset=Committee.objects.none())
    channel = django_filters.ChoiceFilter(label=_("渠道"), choices=Channel.choices)
    outcome = django_filters.ChoiceFilter(label=_("办理结果"), choices=Outcome.choices)
    line = django_filters.ModelChoiceFilter(
        label=_("条线"), queryset=Line.objects.order_by("order", "code"), method="by_line"
    )
    received_by = django_filters.ModelChoiceFilter(label=_("接待人"), queryset=Worker.objects.none())
    grid_area = NaturalOrderModelChoiceFilter(label=_("片区"), queryset=GridArea.objects.none())
    # The ledger is a ledger: voided entries stay in it, struck through, unless asked not to.
    hide_voided = django_filters.BooleanFilter(
        label=_("不显示已作废"), method="without_voided", widget=forms.CheckboxInput
    )

    class Meta:
        model = Visit
        form = QuickSelectForm
        fields = [
            "q",
            "received_from",
            "received_to",
            "committee",
            "channel",
            "outcome",
            "line",
            "received_by",
            "grid_area",
            "hide_voided",
        ]

    worker_filter = "received_by"
    per_committee_filters = ("grid_area",)

    def __init__(self, *args, committee_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_choices(committee_ids)
        self.filters["line"].queryset = lines_for_committees(committee_ids)
        self.filters["grid_area"].queryset = (
            GridArea.objects.filter(committee_id__in=self.choice_committee_ids).only("name").order_by("name")
        )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q(reference__iexact=value) | Q(resident_name__contains=value)
        if phone := phone_lookup("resident_phone", value):  # the whole number or its last digits
            condition |= phone
        return queryset.filter(condition)

    def from_day(self, queryset, name, value):
        return queryset.filter(on_or_after("received_at", value))

    def to_day(self, queryset, name, value):
        return queryset.filter(on_or_before("received_at", value))

    def by_line(self, queryset, name, value):
        # EXISTS rather than a join, so a visit with two items of the line is one row.
        return queryset.filter(Exists(VisitItem.objects.filter(visit=OuterRef("pk"), service_item__line=value)))

    def without_voided(self, queryset, name, value):
        return queryset.filter(voided_at__isnull=True) if value else queryset


class SealUseFilterSet(LedgerChoicesMixin, django_filters.FilterSet):
    used_from = django_filters.DateFilter(label=_("用印日期从"), method="from_day", widget=DATE)
    used_to = django_filters.DateFilter(label=_("用印日期到"), method="to_day", widget=DATE)
    committee = django_filters.ModelChoiceFilter(label=_("居委会"), queryset=Committee.objects.none())
    # Items on the approved list, and any once sealed that has since left it.
    service_item = django_filters.ModelChoiceFilter(
        label=_("服务事项"),
        queryset=ServiceItem.objects.filter(
            Q(seal_permitted=True) | Q(pk__in=SealUse.objects.values("service_item"))
        ).order_by("line__order", "name"),
    )
    used_by = django_filters.ModelChoiceFilter(label=_("经办人"), queryset=Worker.objects.none())

    class Meta:
        model = SealUse
        form = QuickSelectForm
        fields = ["used_from", "used_to", "committee", "service_item", "used_by"]

    worker_filter = "used_by"

    def __init__(self, *args, committee_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_choices(committee_ids)
        self.filters["service_item"].queryset = self.filters["service_item"].queryset.filter(
            pk__in=items_for_committees(committee_ids).values("pk")
        )

    def from_day(self, queryset, name, value):
        return queryset.filter(on_or_after("used_at", value))

    def to_day(self, queryset, name, value):
        return queryset.filter(on_or_before("used_at", value))
