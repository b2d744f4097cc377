"""Filters of the committee's case list."""

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committee.models import Committee, Line
from committee.selectors import lines_for_committees
from staffing.models import Worker
from staffing.selectors import workers_for_choices
from utilities.dayranges import between_days, on_or_after, on_or_before
from utilities.filtering import ScopedChoicesMixin
from utilities.phones import phone_lookup
from utilities.widgets import QuickSelectForm

from .choices import CaseSource, CaseStatus
from .models import Case

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CaseFilterSet(ScopedChoicesMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("编号/事项/居民/电话"), method="search", max_length=100)
    committee = django_filters.ModelChoiceFilter(label=_("居委会"), queryset=Committee.objects.none())
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=[("open", _("所有在办")), *CaseStatus.choices], method="by_status"
    )
    line = django_filters.ModelChoiceFilter(label=_("条线"), queryset=Line.objects.order_by("order"))
    handler = django_filters.ModelChoiceFilter(label=_("承办人"), queryset=Worker.objects.none())
    source = django_filters.ChoiceFilter(label=_("来源"), choices=CaseSource.choices)
    overdue = django_filters.BooleanFilter(label=_("只看超期"), method="only_overdue", widget=forms.CheckboxInput)
    due_this_week = django_filters.BooleanFilter(
        label=_("本周到期"), method="only_due_this_week", widget=forms.CheckboxInput
    )
    registered_from = django_filters.DateFilter(label=_("登记日期从"), method="from_day", widget=DATE)
    registered_to = django_filters.DateFilter(label=_("登记日期到"), method="to_day", widget=DATE)

    class Meta:
        model = Case
        form = QuickSelectForm
        fields = [
            "q",
            "committee",
            "status",
            "line",
            "handler",
            "source",
            "overdue",
            "due_this_week",
            "registered_from",
            "registered_to",
        ]

    worker_filter = "handler"

    def __init__(self, *args, committee_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_choices(committee_ids)
        self.filters["line"].queryset = lines_for_committees(committee_ids)

    def worker_choices(self, committee_ids):
        return workers_for_choices(committee_ids=committee_ids)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q(reference__icontains=value) | Q(title__icontains=value) | Q(resident_name=value)
        if phone := phone_lookup("resident_phone", value):  # the whole number or its last digits
            condition |= phone
        return queryset.filter(condition)

    def from_day(self, queryset, name, value):
        return queryset.filter(on_or_after("registered_at", value))

    def to_day(self, queryset, name, value):
        return queryset.filter(on_or_before("registered_at", value))

    def by_status(self, queryset, name, value):
        if value == "open":
            return queryset.open()
        return queryset.filter(status=value)

    def only_overdue(self, queryset, name, value):
        if not value:
            return queryset
        # The most working days overdue first: the earliest deadline is the most overdue.
        return queryset.overdue().order_by("due_at", "pk")

    def only_due_this_week(self, queryset, name, value):
        if not value:
            return queryset
        today = timezone.localdate()
        sunday = today + dt.timedelta(days=6 - today.weekday())
        return queryset.open().filter(between_days("due_at", today, sunday))
