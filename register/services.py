"""Every write to the register: keyword-only, validated with full_clean, each in one
transaction. Nothing is deleted: people move out, die or are merged; households end;
memberships, phones and tags get end dates."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from committee.models import Committee, GridArea

from . import identity, importing
from .access import may_tag
from .addresses import address_key, address_split
from .choices import (
    PERSON_TRANSITIONS,
    HouseholdStatus,
    ImportStatus,
    PersonStatus,
    Relation,
    ResidenceStatus,
    Sex,
)
from .models import (
    CareTag,
    Household,
    ImportBatch,
    ImportMapping,
    Membership,
    Person,
    PersonPhone,
    PersonTag,
    SensitiveTagView,
)
from .phones import phone_clean
from .signals import person_merged
from .spreadsheets import FIELDS as IMPORT_FIELDS
from .spreadsheets import find_sheet, guess_mapping, read_table, table_dump

# --- households -------------------------------------------------------------------------


def _household_check_grid_area(household: Household) -> None:
    if household.grid_area_id and household.grid_area.committee_id != household.committee_id:
        raise ValidationError({"grid_area": _("片区不属于本居委会。")})


@transaction.atomic
def household_create(
    *,
    committee: Committee,
    room: str,
    building: str = "",
    unit: str = "",
    grid_area: GridArea | None = None,
    notes: str = "",
) -> Household:
    household = Household(
        committee=committee, grid_area=grid_area, building=building, unit=unit, room=room, notes=notes
    )
    return household_save(household=household)


@transaction.atomic
def household_save(*, household: Household) -> Household:
    """Create or change a household as a form left it: the address key follows the address."""
    household.building, household.unit, household.room = (
        household.building.strip(),
        household.unit.strip(),
        household.room.strip(),
    )
    household.address_key = address_key(household.building, household.unit, household.room)
    _household_check_grid_area(household)
    household.full_clean()
    household.save()
    return household


@transaction.atomic
def household_end(*, household: Household, on: dt.date | None = None) -> Household:
    """注销: only a household with nobody left in it."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.status == HouseholdStatus.ENDED:
        raise ValidationError(_("这一户已注销。"))
    if household.memberships.current().exists():
        raise ValidationError(_("这一户还有在册成员，请先办理迁出或迁入别户。"))
    household.status = HouseholdStatus.ENDED
    household.ended_on = on or timezone.localdate()
    household.full_clean()
    household.save(update_fields=["status", "ended_on"])
    return household


# --- people -----------------------------------------------------------------------------


def _id_fields(id_number: str) -> dict:
    """The stored forms of a valid ID number and what it says (birth date, sex)."""
    number = identity.normalize_id_number(id_number)
    try:
        identity.validate_id_number(number)
    except ValidationError as error:
        raise ValidationError({"id_number": error.messages}) from None
    return {
        "id_number_encrypted": identity.encrypt_id_number(number),
        "id_number_digest": identity.id_number_digest(number),
        "id_number_masked": identity.mask_id_number(number),
        "birth_date": dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
        "sex": Sex.MALE if int(number[16]) % 2 else Sex.FEMALE,
    }


def _phones_clean(phones: Iterable[str]) -> list[tuple[str, str]]:
    cleaned, errors = [], []
    for phone in phones:
        if not (phone or "").strip():
            continue
        try:
            cleaned.append(phone_clean(phone))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"phones": errors})
    return cleaned


def person_find(
    *, committee: Committee, name: str = "", id_number: str = "", phones: Iterable[str] = ()
) -> Person | None:
    """The person already registered: by ID-number digest, else by name and one of the
    phones. A merged duplicate is never found; the record it points at is."""
    people = Person.objects.filter(committee=committee).current()
    number = identity.normalize_id_number(id_number)
    if number:
        found = people.filter(id_number_digest=identity.id_number_digest(number)).first()
        if found is not None:
            return found
    numbers = [number for number, _kind in _phones_clean(phones)]
    if name.strip() and numbers:
        same = people.filter(name=name.strip(), phones__number__in=numbers, phones__ended_on__isnull=True)
        if number:  # a different ID number on record is a different person (a namesake sharing a phone)
            same = same.filter(id_number_digest="")
        return same.order_by("pk").first()
    return None


@transaction.atomic
def person_find_or_create(
    *,
    committee: Committee,
    name: str,
    id_number: str = "",
    phones: Iterable[str] = (),
    sex: str = "",
    birth_date: dt.date | None = None,
    residence_status: str = ResidenceStatus.HUKOU,
    moved_in_on: dt.date | None = None,
    notes: str = "",
) -> tuple[Person, bool]:
    """(person, created). One person once per committee: a person found again by ID
    number, or by name and phone, is the same record; phones they did not have yet are
    added to it. A bad ID number or phone is refused, never stored half-checked."""
    phones = list(phones)
    id_fields = _id_fields(id_number) if identity.normalize_id_number(id_number) else {}
    cleaned_phones = _phones_clean(phones)
    found = person_find(committee=committee, name=name, id_number=id_number, phones=phones)
    if found is not None:
        Person.objects.select_for_update().filter(pk=found.pk).first()
        _phones_add(found, cleaned_phones)
        if id_fields and not found.id_number_digest:
            for field, value in id_fields.items():
                setattr(found, field, value)
            found.full_clean()
            found.save()
        return found, False
    person = Person(
        committee=committee,
        name=name.strip(),
        sex=sex,
        birth_date=birth_date,
        residence_status=residence_status,
        moved_in_on=moved_in_on,
        notes=notes,
    )
    for field, value in id_fields.items():
        setattr(person, field, value)
    person.full_clean()
    try:
        with transaction.atomic():  # a savepoint: the race below must not break the caller's transaction
            person.save()
    except IntegrityError:
        # Two desks registering the same ID number at once: the other one committed first,
        # so the unique index refused this row. That person is the one asked for.
        found = person_find(committee=committee, name=name, id_number=id_number, phones=phones)
        if found is None:
            raise
        _phones_add(found, cleaned_phones)
        return found, False
    _phones_add(person, cleaned_phones)
    return person, True


def _phones_add(person: Person, cleaned: list[tuple[str, str]]) -> None:
    known = set(person.phones.filter(ended_on__isnull=True).values_list("number", flat=True))
    for number, kind in cleaned:
        if number not in known:
            phone = PersonPhone(person=person, number=number, kind=kind)
            phone.full_clean()
            phone.save()
            known.add(number)


@transaction.atomic
def person_update(
    *,
    person: Person,
    name: str,
    sex: str = "",
    birth_date: dt.date | None = None,
    residence_status: str = ResidenceStatus.HUKOU,
    moved_in_on: dt.date | None = None,
    notes: str = "",
    id_number: str = "",
    phones: Iterable[str] | None = None,
) -> Person:
    """Change a person as the edit form leaves them. An ID number given sets the birth
    date and sex it states (a blank one keeps the stored number); `phones`, when given,
    is the whole list: numbers left out are ended, not deleted."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.status == PersonStatus.MERGED:
        raise ValidationError(_("这是已合并的重复记录，请修改保留的记录。"))
    person.name, person.sex, person.birth_date = name.strip(), sex, birth_date
    person.residence_status, person.moved_in_on, person.notes = residence_status, moved_in_on, notes
    if identity.normalize_id_number(id_number):
        for field, value in _id_fields(id_number).items():
            setattr(person, field, value)
    person.full_clean()
    person.save()
    if phones is not None:
        cleaned = _phones_clean(phones)
        wanted = {number for number, _kind in cleaned}
        for phone in person.phones.filter(ended_on__isnull=True).exclude(number__in=wanted):
            phone.ended_on = timezone.localdate()
            phone.save(update_fields=["ended_on"])
        _phones_add(person, cleaned)
    return person


@transaction.atomic
def person_join_household(
    *, person: Person, household: Household, relation: str = Relation.OTHER, started_on: dt.date | None = None
) -> Membership:
    """Put a person in a household, ending their membership of any other one that day."""
    if household.committee_id != person.committee_id:
        raise ValidationError(_("居民和户不属于同一个居委会。"))
    if household.status != HouseholdStatus.ACTIVE:
        raise ValidationError(_("这一户已注销。"))
    started_on = started_on or timezone.localdate()
    current = Membership.objects.select_for_update().filter(person=person, ended_on__isnull=True).first()
    if current is not None:
        if current.household_id == household.pk:
            if current.relation != relation:
                current.relation = relation
                current.full_clean()
                current.save(update_fields=["relation"])
            return current
        current.ended_on = started_on
        current.save(update_fields=["ended_on"])
    membership = Membership(person=person, household=household, relation=relation, started_on=started_on)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def person_register_in_household(
    *, household: Household, relation: str = Relation.OTHER, move: bool = False, **person_fields
) -> tuple[Person, bool]:
    """Register a person in a household (the household's 登记居民 form): (person, created).
    Someone already in the register is found again rather than registered twice; if they
    live in another household, they are moved here only when `move` says the worker
    meant it — a name and phone shared by chance must not carry someone off unasked."""
    person, created = person_find_or_create(committee=household.committee, **person_fields)
    if person.status != PersonStatus.ACTIVE:
        raise ValidationError(
            _("%(name)s 已在册，状态为“%(status)s”；请在其页面办理。")
            % {"name": person.name, "status": person.get_status_display()}
        )
    current = Membership.objects.filter(person=person, ended_on__isnull=True).select_related("household").first()
    if current is not None and current.household_id != household.pk and not move:
        raise ValidationError(
            {
                "move": _("%(name)s 已登记在 %(address)s。如确是迁入本户，请勾选“从原户迁入本户”后再保存。")
                % {"name": person.name, "address": current.household.address}
            }
        )
    person_join_household(person=person, household=household, relation=relation)
    return person, created


@transaction.atomic
def household_find_or_create(
    *, committee: Committee, room: str, building: str = "", unit: str = "", grid_area: GridArea | None = None
) -> tuple[Household, bool]:
    """The committee's active household at this address (however it is spelled, see
    register.addresses), or a new one."""
    key = address_key(building, unit, room)
    active = Household.objects.filter(committee=committee, address_key=key, status=HouseholdStatus.ACTIVE)
    found = active.first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():  # a savepoint: a desk adding the same address at once wins
            made = household_create(committee=committee, room=room, building=building, unit=unit, grid_area=grid_area)
    except IntegrityError:
        found = active.first()
        if found is None:
            raise
        return found, False
    return made, True


@transaction.atomic
def person_return(
    *,
    person: Person,
    on: dt.date,
    room: str,
    building: str = "",
    unit: str = "",
    grid_area: GridArea | None = None,
    relation: str = Relation.OTHER,
) -> Person:
    """迁回: a person who moved out comes back — the same record, active again from `on`,
    at the committee's active household of that address (or a new one there); the earlier
    moving-out stays in the record's history."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.status != PersonStatus.MOVED_OUT:  # PERSON_TRANSITIONS lets only them become active again
        raise ValidationError(_("只有已迁出的居民可以办理迁回。"))
    if on > timezone.localdate():
        raise ValidationError(_("日期不能晚于今天。"))
    if person.moved_out_on and on < person.moved_out_on:
        raise ValidationError(_("迁回日期不能早于迁出日期。"))
    person.status, person.moved_in_on, person.moved_out_on = PersonStatus.ACTIVE, on, None
    person.full_clean()
    person.save()
    household, _created = household_find_or_create(
        committee=person.committee, room=room, building=building, unit=unit, grid_area=grid_area
    )
    person_join_household(person=person, household=household, relation=relation, started_on=on)
    return person


@transaction.atomic
def person_leave(*, person: Person, status: str, on: dt.date) -> Person:
    """Moving out (迁出) or death ends the person's active record: the status and date are
    set and their household membership ends that day. Tags, phones and history stay."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if status not in (PersonStatus.MOVED_OUT, PersonStatus.DIED):
        raise ValidationError(_("只能办理迁出或死亡。"))
    if status not in PERSON_TRANSITIONS[person.status]:
        raise ValidationError(
            _("此居民当前状态为“%(status)s”，不能这样办理。") % {"status": person.get_status_display()}
        )
    if on > timezone.localdate():
        raise ValidationError(_("日期不能晚于今天。"))
    person.status = status
    if status == PersonStatus.DIED:
        person.died_on = on
    else:
        person.moved_out_on = on
    person.full_clean()
    person.save()
    for membership in Membership.objects.filter(person=person, ended_on__isnull=True):
        membership.ended_on = on
        membership.save(update_fields=["ended_on"])  # saved, not updated: the history keeps it
    return person


@transaction.atomic
def person_merge(*, keep: Person, duplicate: Person, by) -> Person:
    """Merge a duplicate into the record kept: every link — memberships, phones, tags,
    sensitive-tag views, earlier duplicates — moves onto `keep`; what `keep` lacks (ID
    number, birth date, sex, moving-in date) is taken from the duplicate; the duplicate
    stays, status 已合并 and `merged_into` the record kept. Apps above move their own
    links on the `person_merged` signal, in this transaction."""
    if keep.pk == duplicate.pk:
        raise ValidationError(_("不能把记录合并到它自己。"))
    keep, duplicate = (
        Person.objects.select_for_update().get(pk=keep.pk),
        Person.objects.select_for_update().get(pk=duplicate.pk),
    )
    if keep.committee_id != duplicate.committee_id:
        raise ValidationError(_("只能合并同一居委会的居民。"))
    if PersonStatus.MERGED in (keep.status, duplicate.status):
        raise ValidationError(_("已合并的记录不能再合并。"))
    today = timezone.localdate()
    # The duplicate is marked first: the one-per-ID-number rule then lets `keep` take its number.
    duplicate_id = {f: getattr(duplicate, f) for f in ("id_number_encrypted", "id_number_digest", "id_number_masked")}
    duplicate.status, duplicate.merged_into = PersonStatus.MERGED, keep
    duplicate.full_clean()
    duplicate.save()
    if not keep.id_number_digest and duplicate_id["id_number_digest"]:
        for field, value in duplicate_id.items():
            setattr(keep, field, value)
    for field in ("birth_date", "sex", "moved_in_on"):
        if not getattr(keep, field) and getattr(duplicate, field):
            setattr(keep, field, getattr(duplicate, field))
    keep.full_clean()
    keep.save()

    keep_has_home = Membership.objects.filter(person=keep, ended_on__isnull=True).exists()
    for membership in Membership.objects.filter(person=duplicate):
        if membership.ended_on is None and keep_has_home:
            membership.ended_on = today
        membership.person = keep
        membership.save()
    keep_numbers = set(keep.phones.filter(ended_on__isnull=True).values_list("number", flat=True))
    for phone in PersonPhone.objects.filter(person=duplicate):
        if phone.ended_on is None and phone.number in keep_numbers:
            phone.ended_on = today  # the same number twice: the kept record's stays current
        phone.person = keep
        phone.save()
    keep_tags = set(keep.tags.current().values_list("tag_id", flat=True))
    for person_tag in PersonTag.objects.filter(person=duplicate):
        if person_tag.ended_on is None and person_tag.tag_id in keep_tags:
            person_tag.ended_on, person_tag.ended_by = today, by
            person_tag.end_reason = _("合并重复记录")
        person_tag.person = keep
        person_tag.save()
    SensitiveTagView.objects.filter(person=duplicate).update(person=keep)  # a plain log, no history
    for earlier in Person.objects.filter(merged_into=duplicate):
        earlier.merged_into = keep
        earlier.save(update_fields=["merged_into"])
    person_merged.send(sender=Person, keep=keep, duplicate=duplicate, by=by)
    return keep


# --- care tags --------------------------------------------------------------------------


@transaction.atomic
def care_tag_create(*, committee: Committee, name: str, sensitive: bool = False) -> CareTag:
    """A director's own tag for their committee."""
    name = name.strip()
    if CareTag.objects.filter(committee__isnull=True, name=name).exists():
        raise ValidationError({"name": _("已有同名的内置标签。")})
    tag = CareTag(committee=committee, name=name, sensitive=sensitive)
    tag.full_clean()
    tag.save()
    return tag


@transaction.atomic
def person_tag_add(*, person: Person, tag: CareTag, by, reason: str) -> PersonTag:
    """Only the household's grid worker and the director tag people (register.access)."""
    if not may_tag(by, person):
        raise PermissionDenied
    if tag.committee_id not in (None, person.committee_id) or not tag.active:
        raise ValidationError({"tag": _("这个标签不能用于本居委会。")})
    if person.status == PersonStatus.MERGED:
        raise ValidationError(_("这是已合并的重复记录，请在保留的记录上设置标签。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请写明依据。")})
    person_tag = PersonTag(person=person, tag=tag, set_by=by, reason=reason.strip())
    person_tag.full_clean()
    person_tag.save()
    return person_tag


@transaction.atomic
def person_tag_end(*, person_tag: PersonTag, by, reason: str, on: dt.date | None = None) -> PersonTag:
    """Removing a tag is an end date with who and why; the row stays."""
    person_tag = PersonTag.objects.select_for_update().select_related("person").get(pk=person_tag.pk)
    if not may_tag(by, person_tag.person):
        raise PermissionDenied
    if person_tag.ended_on is not None:
        raise ValidationError(_("这个标签已结束。"))
    if not reason.strip():
        raise ValidationError({"end_reason": _("请写明结束原因。")})
    person_tag.ended_on, person_tag.ended_by, person_tag.end_reason = on or timezone.localdate(), by, reason.strip()
    person_tag.full_clean()
    person_tag.save()
    return person_tag


# --- importing the committee's spreadsheets ---------------------------------------------

IMPORT_MAX_BYTES = 5 * 1024 * 1024


def _columns_to_remember(header: list[str], mapping: list[str]) -> dict[str, str]:
    """Header texts and their fields, kept for the committee's next files — but never a
    text that looks like a resident's detail (a long run of digits: a phone, an ID number)
    or is too long for a column name, should a file's header row be a row of data."""
    return {
        text: name
        for text, name in zip(header, mapping, strict=False)
        if len(text) <= 20 and not re.search(r"\d{5}", text)
    }


@transaction.atomic
def import_batch_create(*, committee: Committee, by, filename: str, data: bytes) -> ImportBatch:
    """Keep an uploaded spreadsheet (encrypted) for its preview and import, with the
    column mapping guessed or remembered. SpreadsheetError when it cannot be read."""
    if len(data) > IMPORT_MAX_BYTES:
        raise ValidationError(_("文件超过 5 MB，请分成几个文件导入。"))
    table = read_table(data, filename)
    sheet = find_sheet(table)
    mapping = guess_mapping(sheet.header, importing.remembered_mapping(committee))
    batch = ImportBatch(
        committee=committee,
        uploaded_by=by,
        filename=filename[-200:],
        kind=sheet.kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content_encrypted=identity.encrypt_bytes(table_dump(table)),  # the table read, not the file again
        mapping=mapping,
    )
    batch.full_clean()
    batch.save()
    return batch


@transaction.atomic
def import_mapping_save(*, batch: ImportBatch, mapping: list[str]) -> ImportBatch:
    """The director's column mapping for this file, remembered for the committee's next
    files by header text."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.UPLOADED:
        raise ValidationError(_("这个文件已导入或已放弃。"))
    sheet = importing.stored_sheet(batch)
    if len(mapping) != len(sheet.header) or any(name and name not in IMPORT_FIELDS for name in mapping):
        raise ValidationError(_("列对应有误，请重新选择。"))
    batch.mapping = mapping
    batch.save(update_fields=["mapping"])
    remembered, _created = ImportMapping.objects.select_for_update().get_or_create(committee=batch.committee)
    remembered.columns = {**remembered.columns, **_columns_to_remember(sheet.header, mapping)}
    remembered.save()
    return batch


@transaction.atomic
def import_batch_withdraw(*, batch: ImportBatch) -> ImportBatch:
    """Set an upload aside: the row stays, the file is forgotten."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.UPLOADED:
        raise ValidationError(_("这个文件已导入或已放弃。"))
    batch.status, batch.content_encrypted = ImportStatus.WITHDRAWN, ""
    batch.save(update_fields=["status", "content_encrypted"])
    return batch


@transaction.atomic
def import_batch_confirm(*, batch: ImportBatch, by) -> dict[str, int]:
    """Import every valid row of the file in this one transaction: the plan is made again
    from the stored file (register.importing), new households are made at addresses the
    register lacks, new people added with their phones and memberships, each with its
    history row. People already in the register are left as they are, so the same file
    imported again changes nothing. Written in bulk (5,000 rows in a few seconds), by
    the rules of household_save, person_find_or_create and person_join_household: the
    address key, the ID number's stored forms and what it says, phones checked by the
    one phone rule, one current membership each."""
    # One import at a time per committee: the plan's look-ups stay true until the writes.
    Committee.objects.select_for_update().filter(pk=batch.committee_id).first()
    batch = ImportBatch.objects.select_for_update().select_related("committee").get(pk=batch.pk)
    if batch.status != ImportStatus.UPLOADED:
        raise ValidationError(_("这个文件已导入或已放弃。"))
    committee = batch.committee
    sheet = importing.stored_sheet(batch)
    plan = importing.import_plan(committee=committee, sheet=sheet, mapping=batch.mapping)
    if plan.mapping_problems:
        raise ValidationError(plan.mapping_problems)
    today = timezone.localdate()

    first_row = {}
    for row in plan.new:
        first_row.setdefault(row.values["address_key"], row)
    households = {key: pk for key, pk in plan.households.items() if pk is not None}
    made = []
    for key, pk in plan.households.items():
        if pk is None:
            values = first_row[key].values
            household = Household(
                committee=committee,
                grid_area=plan.areas.get(values["grid_area"]),
                building=values["building"].strip(),
                unit=values["unit"].strip(),
                room=values["room"].strip(),
                address_key=key,
            )
            # One per address: the plan found none. The committee and grid area are the
            # batch's own: not looked up again row by row.
            household.full_clean(exclude=["committee", "grid_area"], validate_constraints=False)
            made.append(household)
    for household in bulk_create_with_history(made, Household, default_user=by):
        households[household.address_key] = household.pk

    people, phones, memberships = [], [], []
    for row in plan.new:
        values = row.values
        person = Person(
            committee=committee,
            name=values["name"],
            sex=values["sex"],
            birth_date=values["birth_date"],
            residence_status=values["residence_status"],
            notes=values["notes"],
        )
        if values["id_number"]:
            for name, value in _id_fields(values["id_number"]).items():
                setattr(person, name, value)
        person.full_clean(exclude=["committee"], validate_constraints=False)  # one per ID number: the plan found none
        people.append(person)
    bulk_create_with_history(people, Person, default_user=by)
    for row, person in zip(plan.new, people, strict=True):
        for number, kind in row.values["phones"]:
            phones.append(PersonPhone(person=person, number=number, kind=kind))
        memberships.append(
            Membership(
                person=person,
                household_id=households[row.values["address_key"]],
                relation=row.values["relation"],
                started_on=today,
            )
        )
    bulk_create_with_history(phones, PersonPhone, default_user=by)
    bulk_create_with_history(memberships, Membership, default_user=by)

    counts = plan.counts
    batch.status, batch.imported_at, batch.imported_by = ImportStatus.IMPORTED, timezone.now(), by
    batch.counts, batch.content_encrypted = counts, ""  # the file has served: forgotten
    batch.save(update_fields=["status", "imported_at", "imported_by", "counts", "content_encrypted"])
    remembered, _created = ImportMapping.objects.get_or_create(committee=committee)
    remembered.columns = {**remembered.columns, **_columns_to_remember(sheet.header, batch.mapping)}
    remembered.save()
    return counts


# --- a new resident from the desk -------------------------------------------------------


def _address_parts(address: str) -> tuple[str, str, str]:
    """Building, unit and room as typed when the parts are spaced ("5号楼 2单元 301室"
    keeps its words), else split as register.addresses reads "5-2-301"."""
    parts = (address or "").split()
    if len(parts) == 3:
        return parts[0], parts[1], parts[2]
    if len(parts) == 2:
        return parts[0], "", parts[1]
    return address_split(address)


@transaction.atomic
def person_register_at_address(
    *,
    committee: Committee,
    name: str,
    address: str,
    grid_area: GridArea | None = None,
    id_number: str = "",
    phones: Iterable[str] = (),
    relation: str = "",
) -> tuple[Person, Membership, bool]:
    """(person, membership, created): a resident registered where they turn up (the desk),
    at the committee's active household of `address` (any spelling of it: register.addresses),
    or a new household there in `grid_area`. A person already registered (same ID number,
    or name and phone) is that record, left in the household they live in.
    `relation` blank: head of a new household, 其他 in an existing one."""
    if not name.strip():
        raise ValidationError({"resident_name": _("请填写居民姓名。")})
    building, unit, room = _address_parts(address)
    if not room:
        raise ValidationError({"address": _("登记为新居民须填写地址，例如“5号楼 2单元 301室”或“5-2-301”。")})
    if grid_area is not None and grid_area.committee_id != committee.pk:
        raise ValidationError({"grid_area": _("片区不属于本居委会。")})
    if relation and relation not in Relation.values:
        raise ValidationError({"relation": _("请选择与户主的关系。")})
    person, created = person_find_or_create(committee=committee, name=name, id_number=id_number, phones=phones)
    if not created:
        if person.status != PersonStatus.ACTIVE:
            raise ValidationError(
                {
                    "resident_name": _("%(name)s 已在册，状态为“%(status)s”；请在其页面办理。")
                    % {"name": person.name, "status": person.get_status_display()}
                }
            )
        current = Membership.objects.filter(person=person, ended_on__isnull=True).first()
        if current is not None:
            # Already living somewhere: the visit is theirs, but nobody is moved house from
            # the desk unasked (a shared name and phone may be chance) — see the person page.
            return person, current, False
    household, new_household = household_find_or_create(
        committee=committee, building=building, unit=unit, room=room, grid_area=grid_area
    )
    membership = person_join_household(
        person=person, household=household, relation=relation or (Relation.HEAD if new_household else Relation.OTHER)
    )
    return person, membership, created
