"""Linking the desk's and the cases' existing records to the register (the one-off
`manage.py link_residents`), by the rule used when a record is made
(register.selectors.person_match): the ID-number digest, else the name and a current
phone of exactly one person of the same committee, and for a resident who gave an ID
number, only a person with none on record. Set-based: one annotated query per model (read
in chunks) and bulk updates that also write the history rows."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from simple_history.utils import bulk_update_with_history

from casework.models import Case
from register.models import Person

from .models import Visit

CHUNK = 2000
CHANGE_REASON = "link_residents"

# The report's columns, per committee.
LINKED_VISITS = "linked_visits"
LINKED_CASES = "linked_cases"
UNMATCHED_WITH_PHONE = "unmatched_with_phone"
UNMATCHED_ID_ONLY = "unmatched_id_number_only"
UNMATCHED_NO_IDENTIFIER = "unmatched_without_identifier"
COLUMNS = (LINKED_VISITS, LINKED_CASES, UNMATCHED_WITH_PHONE, UNMATCHED_ID_ONLY, UNMATCHED_NO_IDENTIFIER)


def _by_name_and_phone(*, id_given: bool):
    people = Person.objects.current().filter(
        committee=OuterRef("committee"),
        name=OuterRef("resident_name"),
        phones__number=OuterRef("resident_phone"),
        phones__ended_on__isnull=True,
    )
    if id_given:  # a namesake with another ID number sharing the phone is someone else
        people = people.filter(id_number_digest="")
    first = Subquery(people.order_by("pk").values("pk")[:1])
    count = Subquery(
        people.order_by().values("committee").annotate(n=Count("pk", distinct=True)).values("n")[:1],
        output_field=IntegerField(),
    )
    return first, Coalesce(count, Value(0))


def _candidates(model):
    """The model's unlinked records with an identifier, each annotated with its matches."""
    records = model.objects.filter(person__isnull=True)
    has_phone = ~Q(resident_phone="") & ~Q(resident_name="")
    if model is Visit:
        records = records.filter(anonymised_at__isnull=True)
        by_id = Subquery(
            Person.objects.current()
            .filter(committee=OuterRef("committee"), id_number_digest=OuterRef("id_number_digest"))
            .values("pk")[:1]
        )
        with_id = records.exclude(id_number_digest="")
        first, count = _by_name_and_phone(id_given=True)
        yield with_id.annotate(id_match=by_id, phone_match=first, phone_matches=count)
        records = records.filter(id_number_digest="")
    first, count = _by_name_and_phone(id_given=False)
    yield records.filter(has_phone).annotate(
        id_match=Value(None, output_field=IntegerField()), phone_match=first, phone_matches=count
    )


def _no_identifier(model):
    records = model.objects.filter(person__isnull=True).filter(Q(resident_phone="") | Q(resident_name=""))
    if model is Visit:
        records = records.filter(anonymised_at__isnull=True, id_number_digest="")
    return records.order_by().values("committee").annotate(n=Count("pk"))


def residents_link(*, dry_run: bool = False) -> dict[int, Counter]:
    """Link every unlinked visit and case that matches a register person; return, per
    committee id, the counts of COLUMNS. Running it again links nothing more."""
    report: dict[int, Counter] = defaultdict(Counter)
    with transaction.atomic():
        for model, linked in ((Visit, LINKED_VISITS), (Case, LINKED_CASES)):
            for candidates in _candidates(model):
                chunk = []
                for record in candidates.order_by("pk").iterator(chunk_size=CHUNK):
                    person_id = record.id_match or (record.phone_match if record.phone_matches == 1 else None)
                    if person_id is None:
                        column = UNMATCHED_WITH_PHONE if record.resident_phone else UNMATCHED_ID_ONLY
                        report[record.committee_id][column] += 1
                        continue
                    report[record.committee_id][linked] += 1
                    record.person_id = person_id
                    chunk.append(record)
                    if len(chunk) >= CHUNK:
                        _save(model, chunk, dry_run)
                        chunk = []
                _save(model, chunk, dry_run)
            for row in _no_identifier(model):
                report[row["committee"]][UNMATCHED_NO_IDENTIFIER] += row["n"]
    return dict(report)


def _save(model, records, dry_run: bool) -> None:
    if records and not dry_run:
        bulk_update_with_history(records, model, ["person"], batch_size=CHUNK, default_change_reason=CHANGE_REASON)
