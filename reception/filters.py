"""Filters of the reception ledgers: the visit ledger (首问接待记录本) and the seal-use log
(印章使用登记). Record choices (workers, grid areas, committees) come from the user's scope,
passed in as committee ids like casework's CaseFilterSet."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from committee.dayranges import on_or_after, on_or_before
from committee.models import Committee, GridArea, Line, ServiceItem
from committee.scoping import committee_named_in
from committee.widgets import QuickSelectForm
from staffing.models import Worker

from .choices import Channel, Outcome
from .models import SealUse, Visit, VisitItem

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def workers_of(committee_ids):
    """Everyone who may appear in a ledger of these committees, those who left included:
    the ledger keeps their entries."""
    workers = Worker.objects.filter(committee__isnull=False).order_by("-active", "display_name")
    return workers if committee_ids is None else workers.filter(committee_id__in=committee_ids)


class ScopedChoicesMixin:
    """Limit the worker choices to the user's committees; offer the committee filter only
    to users who see more than one (street admins). Those choose the committee first: its
    workers (and grid areas) are then the choices, rather than some 300 people of a street
    office in one list, several of them with the same name."""

    worker_filter = ""
    per_committee_filters = ()  # filters whose choices belong to one committee, besides the worker

    def scope_choices(self, committee_ids):
        self.many_committees = committee_ids is None or len(committee_ids) > 1
        if self.many_committees:
            committees = Committee.objects.order_by("code")
            if committee_ids is not None:
                committees = committees.filter(pk__in=committee_ids)
            self.filters["committee"].queryset = committees
            chosen = committee_named_in(self.data, committee_ids)
            self.choice_committee_ids = [chosen] if chosen else []
            if not chosen:
                for name in (self.worker_filter, *self.per_committee_filters):
                    self.filters[name].extra["help_text"] = _("先选居委会，再选此项。")
        else:
            del self.filters["committee"]
            self.choice_committee_ids = committee_ids
        self.filters[self.worker_filter].queryset = workers_of(self.choice_committee_ids).only("display_name", "active")


class VisitFilterSet(ScopedChoicesMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("登记编号/居民姓名"), method="search")
    received_from = django_filters.DateFilter(label=_("接待日期从"), method="from_day", widget=DATE)
    received_to = django_filters.DateFilter(label=_("接待日期到"), method="to_day", widget=DATE)
    committee = django_filters.ModelChoiceFilter(label=_("居委会"), queryset=Committee.objects.none())
    channel = django_filters.ChoiceFilter(label=_("渠道"), choices=Channel.choices)
    outcome = django_filters.ChoiceFilter(label=_("办理结果"), choices=Outcome.choices)
    line = django_filters.ModelChoiceFilter(label=_("条线"), queryset=Line.objects.order_by("order", "code"),
                                            method="by_line")
    received_by = django_filters.ModelChoiceFilter(label=_("接待人"), queryset=Worker.objects.none())
    grid_area = django_filters.ModelChoiceFilter(label=_("片区"), queryset=GridArea.objects.none())
    # The ledger is a ledger: voided entries stay in it, struck through, unless asked not to.
    hide_voided = django_filters.BooleanFilter(label=_("不显示已作废"), method="without_voided",
                                               widget=forms.CheckboxInput)

    class Meta:
        model = Visit
        form = QuickSelectForm
        fields = ["q", "received_from", "received_to", "committee", "channel", "outcome", "line", "received_by",
                  "grid_area", "hide_voided"]

    worker_filter = "received_by"
    per_committee_filters = ("grid_area",)

    def __init__(self, *args, committee_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_choices(committee_ids)
        self.filters["grid_area"].queryset = GridArea.objects.filter(
            committee_id__in=self.choice_committee_ids).only("name").order_by("name")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference__iexact=value) | Q(resident_name__contains=value))

    def from_day(self, queryset, name, value):
        return queryset.filter(on_or_after("received_at", value))

    def to_day(self, queryset, name, value):
        return queryset.filter(on_or_before("received_at", value))

    def by_line(self, queryset, name, value):
        # EXISTS rather than a join, so a visit with two items of the line is one row.
        return queryset.filter(Exists(VisitItem.objects.filter(visit=OuterRef("pk"), service_item__line=value)))

    def without_voided(self, queryset, name, value):
        return queryset.filter(voided_at__isnull=True) if value else queryset


class SealUseFilterSet(ScopedChoicesMixin, django_filters.FilterSet):
    used_from = django_filters.DateFilter(label=_("用印日期从"), method="from_day", widget=DATE)
    used_to = django_filters.DateFilter(label=_("用印日期到"), method="to_day", widget=DATE)
    committee = django_filters.ModelChoiceFilter(label=_("居委会"), queryset=Committee.objects.none())
    # Items on the approved list, and any once sealed that has since left it.
    service_item = django_filters.ModelChoiceFilter(
        label=_("服务事项"),
        queryset=ServiceItem.objects.filter(Q(seal_permitted=True) | Q(pk__in=SealUse.objects.values("service_item")))
        .order_by("line__order", "name"),
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

    def from_day(self, queryset, name, value):
        return queryset.filter(on_or_after("used_at", value))

    def to_day(self, queryset, name, value):
        return queryset.filter(on_or_before("used_at", value))
