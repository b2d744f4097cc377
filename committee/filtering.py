"""What the ledgers' and the case list's filter sets share: choices scoped to the user's
committees. Users who see one committee get no committee filter; street admins choose the
committee first, and its workers (and grid areas) are then the choices, rather than some
300 people of a street office in one list, several of them with the same name."""

from django.utils.translation import gettext_lazy as _

from staffing.models import Worker

from .models import Committee
from .scoping import committee_named_in


class ScopedChoicesMixin:
    worker_filter = ""
    per_committee_filters = ()  # filters whose choices belong to one committee, besides the worker

    def worker_choices(self, committee_ids):
        """Everyone who may appear in these committees' records, those who left included:
        the ledgers keep their entries."""
        return Worker.objects.filter(committee_id__in=committee_ids).order_by("-active", "display_name")

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
        # Only what an option shows.
        self.filters[self.worker_filter].queryset = self.worker_choices(self.choice_committee_ids).only(
            "display_name", "active")
