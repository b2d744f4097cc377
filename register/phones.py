"""A person's phones: a mobile by the desk's rule (utilities.phones.validate_mobile), a
landline (座机) as area code + number, perhaps with an extension ("021-6555 1234 转 8").

The landline rule is deliberately plain — an area code (010, 02x, or 0 and three digits), a
7–8 digit number,
an optional extension of up to 6 digits — until utilities.phones offers a validator for
fixed lines (the phonenumbers work of issue 17); then this calls it instead."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from utilities.phones import normalize_phone, validate_mobile

from .choices import PhoneKind

# Area codes 010 and 020–029 have three digits (eight-digit numbers follow); the rest four.
_LANDLINE = re.compile(r"^(0[12]\d|0[3-9]\d{2})(\d{7,8})(?:转(\d{1,6}))?$")
_EXTENSION = re.compile(r"(转|ext\.?|x|#)", re.IGNORECASE)


def phone_kind(value: str) -> str:
    number = normalize_phone(value)
    return PhoneKind.MOBILE if number.startswith("1") else PhoneKind.LANDLINE


def phone_clean(value: str, kind: str | None = None) -> tuple[str, str]:
    """(normalised number, kind), or ValidationError. A landline is kept as
    "021-65551234" (+ "转8"), the way it is read out."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    kind = kind or phone_kind(text)
    if kind == PhoneKind.MOBILE:
        validate_mobile(text)
        return normalize_phone(text), kind
    compact = re.sub(r"[\s()（）-]", "", _EXTENSION.sub("转", text).lower().replace("ext.", "转"))
    match = _LANDLINE.match(compact)
    if not match:
        raise ValidationError(_("座机号码请写区号和号码，例如 021-65551234，分机写在“转”后。"), code="landline")
    area, number, extension = match.groups()
    return f"{area}-{number}" + (f"转{extension}" if extension else ""), kind
