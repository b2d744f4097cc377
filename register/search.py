"""Finding a person of the register the way the desk types: a phone (whole, or its last 4
to 10 digits), an ID number (18 digits, a lower-case x, or an old 15-digit one), a name
or its beginning (赵阿, 赵阿婆), or its pinyin initials (zap). Several words narrow each
other ("zap 5678": initials zap and a phone ending 5678).

Every kind is one index look-up (PostgreSQL; SQLite scans):
- a whole phone: PersonPhone.number, stored E.164 (utilities.phones);
- a phone's tail: `person_phone_tail`, the number before its extension reversed, so
  "ends with 5678" is "reversed starts with 8765" (register/migrations/0003);
- an ID number: its keyed digest (register.identity), never the number;
- a name or its initials: (committee, name | name_initials) with text_pattern_ops, so
  LIKE 'zap%' is a range scan.

Current people come first, then those who moved out or died (marked as such); a merged
duplicate is never found (its record kept is). The search sees one committee only."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Case, CharField, Exists, Func, IntegerField, OuterRef, Prefetch, Q, Value, When
from django.db.models.functions import Length
from django.utils import timezone

from utilities.phones import PHONE_TAIL_LONGEST, parse_phone, phone_digits

from . import identity
from .choices import ADVANCED_AGE_LABEL, PersonStatus, PhoneKind
from .models import Membership, Person, PersonPhone, PersonTag

SEARCH_LIMIT = 8
MOBILE_FIRST = Case(When(kind=PhoneKind.MOBILE, then=Value(0)), default=Value(1), output_field=IntegerField()).asc()
LONGEST_QUERY = 60
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LETTERS_RE = re.compile(r"^[a-z]+$")
_ID_RE = re.compile(r"^(\d{17}[\dX]|\d{15})$")
_PHONE_CHARS_RE = re.compile(r"^\+?[\d\s().\-/]+(?:\s*(?:转|x|#)\s*\d+)?$", re.I)


class PhoneTail(Func):
    """A stored phone's digits before any extension, reversed: the expression of the
    `person_phone_tail` index (keep the two the same, or the index goes unused)."""

    template = "reverse(split_part(%(expressions)s, 'x', 1))"
    output_field = CharField()


def _text(query: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", query or "").split())[:LONGEST_QUERY]


def id_number_from_search(text: str) -> str:
    """An ID number as typed (18 characters, x in either case, or the old 15 digits made 18
    as GB 11643 does: 19 before the year, the check character after); "" when it is none."""
    number = identity.normalize_id_number(text)
    if not _ID_RE.match(number):
        return ""
    if len(number) == 15:
        first17 = number[:6] + "19" + number[6:]
        number = first17 + identity.id_check_char(first17)
    return number


def _phone_condition(text: str) -> Q | None:
    """People with a current phone that is the number typed or ends with the digits typed;
    None when `text` is no phone search."""
    if not _PHONE_CHARS_RE.match(text):
        return None
    digits = phone_digits(text)
    phones = PersonPhone.objects.filter(person=OuterRef("pk"), ended_on__isnull=True)
    if digits and len(digits) <= PHONE_TAIL_LONGEST:
        return Q(Exists(_tail(phones, digits)))
    try:
        phone = parse_phone(text)
    except ValidationError:
        phone = None
    if phone is not None:
        if phone.extension:
            return Q(Exists(phones.filter(number=phone.stored)))
        return Q(Exists(_whole(phones, phone.e164)))
    if digits:  # 11 or 12 digits libphonenumber does not know: its tail, as the desk's look-up does
        return Q(Exists(_tail(phones, digits)))
    return None


def _whole(phones, e164: str):
    """The number with or without an extension: one equality on the tail index (its key
    is the number before any extension)."""
    if connection.vendor == "postgresql":
        return phones.alias(tail=PhoneTail("number")).filter(tail=e164[::-1])
    return phones.filter(Q(number=e164) | Q(number__startswith=e164 + "x"))


def _tail(phones, digits: str):
    if connection.vendor == "postgresql":
        return phones.alias(tail=PhoneTail("number")).filter(tail__startswith=digits[::-1])
    return phones.filter(Q(number__endswith=digits) | Q(number__contains=digits + "x"))


def _word_condition(word: str) -> tuple[Q | None, str]:
    """(condition, kind) for one word of the search; (None, "") when it means nothing."""
    if number := id_number_from_search(word):
        return Q(id_number_digest=identity.id_number_digest(number)), "id"
    if _CJK_RE.search(word):
        return Q(name__startswith=word), "name"
    if _LETTERS_RE.match(word.lower()):
        return Q(name_initials__startswith=word.lower()), "initials"
    if (phone := _phone_condition(word)) is not None:
        return phone, "phone"
    return None, ""


def search_condition(query: str) -> tuple[Q | None, list[str]]:
    """The condition for what was typed, and the kinds it was read as (for tests and the
    page's hint); None when it searches for nothing (too short or nothing to go by)."""
    text = _text(query)
    if not text:
        return None, []
    # A whole phone or ID number may be typed with spaces: "139 1234 5678", "021 6555 1234".
    if (whole := id_number_from_search(text.replace(" ", ""))) and not _CJK_RE.search(text):
        return Q(id_number_digest=identity.id_number_digest(whole)), ["id"]
    if (phone := _phone_condition(text)) is not None:
        return phone, ["phone"]
    conditions, kinds = [], []
    for word in text.split(" "):
        condition, kind = _word_condition(word)
        if condition is None:
            return None, []  # a word that finds nobody: nobody, rather than a guess
        conditions.append(condition)
        kinds.append(kind)
    combined = conditions[0]
    for condition in conditions[1:]:
        combined &= condition
    return combined, kinds


@dataclass(frozen=True)
class PersonFound:
    """One line of the desk's list: nothing unmasked, no sensitive tag."""

    person: Person
    phone_masked: str
    id_masked: str
    address: str
    grid_area_id: int | None
    tags: list[str]

    @property
    def is_current(self) -> bool:
        return self.person.status == PersonStatus.ACTIVE


def person_search(
    *, committee, query: str, limit: int = SEARCH_LIMIT, today: dt.date | None = None
) -> list[PersonFound]:
    """The committee's people matching what the desk typed (see the module's note), current
    ones first, then by name: four queries whatever is found."""
    condition, _kinds = search_condition(query)
    if condition is None:
        return []
    text = _text(query)
    people = (
        Person.objects.filter(committee=committee)
        .current()
        .filter(condition)
        .annotate(
            departed=Case(
                When(status=PersonStatus.ACTIVE, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            exact=Case(When(name=text, then=Value(0)), default=Value(1), output_field=IntegerField()),
        )
        .order_by("departed", "exact", Length("name"), "name", "pk")
        .only("pk", "name", "status", "birth_date", "id_number_masked", "committee_id")
        .prefetch_related(
            Prefetch(
                "phones",
                queryset=PersonPhone.objects.filter(ended_on__isnull=True).order_by(MOBILE_FIRST, "pk"),
                to_attr="current_phones",
            ),
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(ended_on__isnull=True).select_related("household"),
                to_attr="current_memberships",
            ),
            Prefetch(
                "tags",
                queryset=PersonTag.objects.current().filter(tag__sensitive=False).select_related("tag").order_by("pk"),
                to_attr="shown_tags",
            ),
        )[:limit]
    )
    today = today or timezone.localdate()
    found = []
    for person in people:
        membership = person.current_memberships[0] if person.current_memberships else None
        tags = [str(ADVANCED_AGE_LABEL)] if person.is_advanced_age(today) else []
        tags += [row.tag.name for row in person.shown_tags]
        found.append(
            PersonFound(
                person=person,
                phone_masked=person.current_phones[0].masked if person.current_phones else "",
                id_masked=person.id_number_masked,
                address=membership.household.address if membership else "",
                grid_area_id=membership.household.grid_area_id if membership else None,
                tags=tags,
            )
        )
    return found


def person_phone(person: Person) -> str:
    """The phone a visit of `person` keeps when none is typed: a current mobile before a
    landline, the first registered first."""
    phone = PersonPhone.objects.filter(person=person, ended_on__isnull=True).order_by(MOBILE_FIRST, "pk").first()
    return phone.number if phone else ""
