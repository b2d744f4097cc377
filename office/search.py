"""The header search: one box for a worker to find a case or a visit by what the resident
or the paper in front of them gives — a reference (事项编号), a notice number (登记编号,
whole or its last digits), a phone (whole or its last digits) or a resident's name.

Every row comes through `visible_to(user)`, the same scope as every list; the text is
posted, never put in an address (utilities/sealed_search.py explains why)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Q

from casework.models import Case
from reception.models import Visit
from utilities.phones import phone_lookup

SHOWN = 20  # rows of each kind; past that the worker narrows the search
SHORTEST_TAIL = 3  # the last digits of a reference (…-000123) worth looking for
REFERENCE_RE = re.compile(r"^[A-Za-z0-9]+(-[A-Za-z0-9]*)+$")  # QY01-2026-00012, QY01-J2026-000123, -000123


@dataclass
class SearchResults:
    text: str
    cases: list[Case] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    more_cases: bool = False
    more_visits: bool = False

    @property
    def found(self) -> int:
        return len(self.cases) + len(self.visits)

    @property
    def only_match(self):
        """The one thing found, to open at once: a single case or visit, or a single case
        with only the visits handed on into it (one matter, seen from both ends)."""
        if self.found == 1:
            return (self.cases or self.visits)[0]
        if len(self.cases) == 1 and not self.more_visits and all(v.case_id == self.cases[0].pk for v in self.visits):
            return self.cases[0]
        return None


def search_condition(text: str, *, name_field: str = "resident_name") -> Q | None:
    """What `text` matches in a case or a visit (both name their fields alike): None when
    there is nothing to look for."""
    text = text.strip()
    if not text:
        return None
    condition = Q(reference__iexact=text)
    digits = re.sub(r"[\s-]", "", text)
    if phone := phone_lookup("resident_phone", text):  # also 021-6555 1234 转 8, (021)…, +86 …
        condition |= phone
    if digits.isdigit():
        if len(digits) >= SHORTEST_TAIL:  # a number read off a notice: its last digits
            condition |= Q(reference__endswith=digits)
    elif REFERENCE_RE.match(text):
        condition |= Q(reference__icontains=text)
    else:
        condition |= Q(**{f"{name_field}__contains": text})
    return condition


def header_search(*, user, text: str) -> SearchResults:
    """Cases and visits the user may read that match `text`, newest first: at most SHOWN
    of each (two queries, each reading one more row to know whether there are more)."""
    results = SearchResults(text=text.strip())
    condition = search_condition(text)
    if condition is None:
        return results
    cases = list(
        Case.objects.visible_to(user)
        .filter(condition)
        .select_related("committee", "line", "handler")
        .order_by("-registered_at", "-pk")[: SHOWN + 1]
    )
    visits = list(
        Visit.objects.visible_to(user)
        .filter(condition)
        .select_related("committee", "received_by", "case")
        .defer("id_number_encrypted", "id_number_digest", "notes", "address")
        .order_by("-received_at", "-pk")[: SHOWN + 1]
    )
    results.cases, results.more_cases = cases[:SHOWN], len(cases) > SHOWN
    results.visits, results.more_visits = visits[:SHOWN], len(visits) > SHOWN
    return results
