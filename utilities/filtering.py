"""What the ledgers' and the case list's filter sets share: choices scoped to the user's
committees. Users who see one committee get no committee filter; street admins choose the
committee first, and its workers (and grid areas) are then the choices, rather than some
300 people of a street office in one list, several of them with the same name."""

from django.utils.translation import gettext_lazy as _


def committee_named_in(data, committee_ids) -> int | None:
    """The committee a filter's `committee` parameter names, if the user may see it; None
    for anything else (missing, not a number, out of range, not theirs)."""
    try:
        pk = int((data or {}).get("committee", ""))
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**63:
        return None
    return pk if committee_ids is None or pk in committee_ids else None


class ScopedChoicesMixin:
    """Mix into a FilterSet with a `committee` ModelChoiceFilter (its queryset names the
    committee model) and a worker filter named by `worker_filter`."""

    worker_filter = ""
    per_committee_filters = ()  # filters whose choices belong to one committee, besides the worker

    def worker_choices(self, committee_ids):
        """The workers offered for these committees' records."""
        raise NotImplementedError

    def scope_choices(self, committee_ids):
        self.many_committees = committee_ids is None or len(committee_ids) > 1
        if self.many_committees:
            committees = self.filters["committee"].queryset.model.objects.order_by("code")
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
        # Only what an option shows.
        self.filters[self.worker_filter].queryset = self.worker_choices(self.choice_committee_ids).only(
            "display_name", "active"
        )
