"""Phone numbers, of residents and of workers alike: normalised, validated (mobiles), and
masked in lists and exports."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalize_phone(value: str) -> str:
    """Spaces and dashes dropped; full-width digits (a Chinese keyboard's) made ASCII; a
    +86 / 0086 country prefix dropped."""
    phone = re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", value or ""))
    return re.sub(r"^(?:\+86|0086)(?=1\d{10}$)", "", phone)


def validate_mobile(value: str) -> None:
    if not MOBILE_RE.match(normalize_phone(value)):
        raise ValidationError(_("请输入 11 位手机号码，例如 13912345678。"), code="mobile")


def mask_phone(value: str) -> str:
    phone = normalize_phone(value)
    if len(phone) < 7:
        return phone[:1] + "*" * max(len(phone) - 1, 0)
    return phone[:3] + "****" + phone[-4:]


PHONE_TAIL_SHORTEST = 4  # fewer digits than this match too many residents to be a search


def phone_digits(text: str) -> str:
    """The digits of a search typed as a phone (spaces and dashes allowed); "" when the text
    is not a phone or too short to search by."""
    digits = normalize_phone(text)
    return digits if digits.isdigit() and PHONE_TAIL_SHORTEST <= len(digits) <= 11 else ""


def phone_lookup(field: str, text: str) -> dict:
    """Filter keywords finding a phone in `field` by what a worker typed: the whole number
    (11 digits) exactly, or its last digits (4 to 10, the way residents and the notice's
    tear-off read them out); {} when the text is not a phone search."""
    digits = phone_digits(text)
    if not digits:
        return {}
    return {field: digits} if len(digits) == 11 else {f"{field}__endswith": digits}
