"""The plan of an import: what a spreadsheet (register.spreadsheets) would change in the
committee's register. Reads only; register.services.import_batch_confirm writes the plan.

Each data row ends up in one of four lists:
- errors: the row has problems (bad ID check digit, bad phone, unknown grid area, bad
  date, no name or room, or it repeats an earlier row of the file); it is not imported
  and the preview lists it with its row number, so the file is fixed and imported again;
- existing: the person is already in the register — found as register.services finds
  people (ID-number digest, else name and phone), or by name at the same address. Not an
  error, and left unchanged: importing the same file again changes nothing. Those the
  register has at another address (or none) are listed, for the director to move on the
  person's page;
- new: the person is added, to the household at that address (made when there is none);
- and the rows skipped above the header, the 合计 rows and the blank ones, reported."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from committee.models import GridArea

from . import identity
from .addresses import address_key
from .choices import HouseholdStatus
from .models import Household, ImportMapping, Membership, Person, PersonPhone
from .spreadsheets import (
    Sheet,
    SheetRow,
    find_sheet,
    guess_mapping,
    mapping_problems,
    parse_row,
    table_load,
)


@dataclass
class Plan:
    sheet: Sheet
    mapping: list[str]
    mapping_problems: list[str] = field(default_factory=list)
    new: list[SheetRow] = field(default_factory=list)
    existing: list[SheetRow] = field(default_factory=list)
    errors: list[SheetRow] = field(default_factory=list)
    elsewhere: list[SheetRow] = field(default_factory=list)  # existing, registered at another address (or none)
    households: dict[str, int | None] = field(default_factory=dict)  # address key of a new row → household id or None
    areas: dict[str, GridArea] = field(default_factory=dict)

    @property
    def new_households(self) -> int:
        return sum(1 for pk in self.households.values() if pk is None)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": len(self.sheet.rows),
            "new_people": len(self.new),
            "households": len(self.households),
            "new_households": self.new_households,
            "existing": len(self.existing),
            "errors": len(self.errors),
            "skipped": len(self.sheet.skipped),
            "blank": self.sheet.blank_rows,
        }


def stored_sheet(batch) -> Sheet:
    """The sheet of an uploaded file as kept for its preview and import (encrypted); a
    SpreadsheetError once it is forgotten."""
    return find_sheet(table_load(identity.decrypt_bytes(batch.content_encrypted)))


def remembered_mapping(committee) -> dict[str, str]:
    saved = ImportMapping.objects.filter(committee=committee).first()
    return dict(saved.columns) if saved is not None else {}


def import_plan(*, committee, sheet: Sheet, mapping: list[str] | None = None) -> Plan:
    if mapping is None or len(mapping) != len(sheet.header):
        mapping = guess_mapping(sheet.header, remembered_mapping(committee))
    plan = Plan(sheet=sheet, mapping=mapping, mapping_problems=mapping_problems(mapping))
    if plan.mapping_problems:
        return plan
    rows = [parse_row(number, cells, mapping) for number, cells in sheet.rows]
    plan.areas = {area.name.strip(): area for area in GridArea.objects.filter(committee=committee, active=True)}
    for row in rows:
        values = row.values
        values["address_key"] = address_key(values["building"], values["unit"], values["room"])
        values["digest"] = identity.id_number_digest(values["id_number"]) if values["id_number"] else ""
        if values["grid_area"] and values["grid_area"] not in plan.areas:
            row.problems.append(_("本居委会没有名为“%(name)s”的片区。") % {"name": values["grid_area"]})
    _mark_duplicates(rows)
    clean = [row for row in rows if not row.problems]
    found = _register_matches(committee, clean)
    active = _active_households(committee, {row.values["address_key"] for row in clean})
    homes = dict(
        Membership.objects.filter(person_id__in=set(found.values()), ended_on__isnull=True).values_list(
            "person_id", "household__address_key"
        )
    )
    for row in rows:
        if row.problems:
            plan.errors.append(row)
        elif row.number in found:
            row.values["person_id"] = found[row.number]
            plan.existing.append(row)
            if homes.get(found[row.number]) != row.values["address_key"]:
                plan.elsewhere.append(row)  # reported: moving house is done on the person's page
        else:
            plan.new.append(row)
            plan.households.setdefault(row.values["address_key"], active.get(row.values["address_key"]))
    return plan


def _same_person(a: SheetRow, b: SheetRow) -> bool:
    """Two rows of one file are one person: the same ID number, or the same name with a
    shared phone or at the same address — unless their ID numbers differ."""
    x, y = a.values, b.values
    if x["digest"] and y["digest"]:
        return x["digest"] == y["digest"]
    if not x["name"] or x["name"] != y["name"]:
        return False
    shared_phone = {n for n, _k in x["phones"]} & {n for n, _k in y["phones"]}
    return bool(shared_phone) or (x["room"] and x["address_key"] == y["address_key"])


def _mark_duplicates(rows: list[SheetRow]) -> None:
    by_digest: dict[str, SheetRow] = {}
    by_name: dict[str, list[SheetRow]] = {}
    for row in rows:
        values = row.values
        earlier = by_digest.get(values["digest"]) if values["digest"] else None
        if earlier is None:
            earlier = next((other for other in by_name.get(values["name"], []) if _same_person(row, other)), None)
        if earlier is not None:
            row.problems.append(_("与第 %(n)s 行是同一个人（重复）。") % {"n": earlier.number})
            continue
        if values["digest"]:
            by_digest[values["digest"]] = row
        by_name.setdefault(values["name"], []).append(row)


def _register_matches(committee, rows: list[SheetRow]) -> dict[int, int]:
    """Row number → the register person it is, for the rows already in the register. A
    handful of queries whatever the file's length."""
    people = Person.objects.filter(committee=committee).current()
    digests = {row.values["digest"] for row in rows if row.values["digest"]}
    by_digest = dict(
        people.filter(id_number_digest__in=digests).values_list("id_number_digest", "pk") if digests else []
    )
    numbers = {number for row in rows for number, _kind in row.values["phones"]}
    by_phone: dict[tuple[str, str], list[tuple[int, bool]]] = {}
    if numbers:
        phones = PersonPhone.objects.filter(person__in=people, number__in=numbers, ended_on__isnull=True).values_list(
            "person__name", "number", "person_id", "person__id_number_digest"
        )
        for name, number, pk, digest in phones:
            by_phone.setdefault((name, number), []).append((pk, bool(digest)))
    names = {row.values["name"] for row in rows}
    keys = {row.values["address_key"] for row in rows}
    by_address: dict[tuple[str, str], list[tuple[int, bool]]] = {}
    at_address = Membership.objects.filter(
        ended_on__isnull=True,
        household__committee=committee,
        household__status=HouseholdStatus.ACTIVE,
        household__address_key__in=keys,
        person__name__in=names,
    ).exclude(person__status="merged")
    for name, key, pk, digest in at_address.values_list(
        "person__name", "household__address_key", "person_id", "person__id_number_digest"
    ):
        by_address.setdefault((name, key), []).append((pk, bool(digest)))

    found = {}
    for row in rows:
        values = row.values
        if values["digest"] and values["digest"] in by_digest:
            found[row.number] = by_digest[values["digest"]]
            continue
        candidates = [c for number, _kind in values["phones"] for c in by_phone.get((values["name"], number), [])]
        candidates += by_address.get((values["name"], values["address_key"]), [])
        if values["digest"]:  # a different ID number on record is a different person
            candidates = [c for c in candidates if not c[1]]
        if candidates:
            found[row.number] = min(pk for pk, _has_digest in candidates)
    return found


def _active_households(committee, keys: set[str]) -> dict[str, int]:
    if not keys:
        return {}
    return dict(
        Household.objects.filter(committee=committee, status=HouseholdStatus.ACTIVE, address_key__in=keys).values_list(
            "address_key", "pk"
        )
    )
