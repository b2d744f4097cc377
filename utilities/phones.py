"""Phone numbers, of residents and of workers alike: read as typed, checked against
libphonenumber (the `phonenumbers` port of Google's library), stored in one form, shown
formatted and masked in lists and exports.

What is accepted (parsed with region CN):
- a mobile libphonenumber knows as allocated: 13912345678, 139 1234 5678, +86 139…, 0086 139…,
  86139…; an unallocated one (143…, 160…, 164…) is refused, naming its prefix;
- a landline with its area code: 021-6555 1234, 02165551234, (021)65551234, +86 21 6555 1234;
- a landline of 7 or 8 digits without area code (6555 1234) in the committee's own area,
  settings.PHONE_DEFAULT_AREA_CODE ("21", Shanghai, by default);
- a landline's extension after 转, 分机, ext, x or #, or after a last "-" when the digits
  before it are a whole number and all of them together are not (021-6555 1234-123): 1 to
  MAX_EXTENSION digits; a mobile has none;
- a valid mobile or landline of another country when typed with + or 00 (+852 9123 4567);
- full-width digits and signs (a Chinese keyboard's), spaces, dashes, dots, brackets.
Refused: anything else, and service numbers (400/800, 95xxx) — not a resident's phone.

Stored form: E.164 (+8613912345678, +862165551234), then "x" and the extension when there is
one (+862165551234x123), the notation libphonenumber itself reads back; at most 20
characters, the width of every phone column. Rows written before this module held mobiles
as 11 digits (13912345678); the data migrations of reception and casework rewrote them, and
`phone_lookup` still finds both forms.

Shown: a mobile as 13912345678 (as the pages always showed it), a landline as
021-6555 1234 (转 123), a foreign number as +852 9123 4567. Masked: 139****5678,
021-****1234, +852 ****4567.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from phonenumbers import PhoneNumberFormat, PhoneNumberType

MAX_EXTENSION = 5  # digits: +86, an 11-digit landline, "x" and 5 digits fill the 20-character columns
STORED_MAX_LENGTH = 20
TYPED_MAX_LENGTH = 40  # what a form takes in: "+86 (0571) 8888-1234 转 12345" is longer than its stored form
ACCEPTED_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE})

_EXTENSION_RE = re.compile(r"^(?P<main>.*?)\s*(?:转分机|转|分机号?|ext(?:ension)?\.?|x|#)\s*(?P<ext>\d+)\s*$", re.I)
_DASHES_RE = re.compile(r"[‐‑‒–—―]")  # NFKC leaves these as they are; a phone typed from a document has them
_MAIN_RE = re.compile(r"^\+?[\d\s().\-/]*\d[\d\s().\-/]*$")
_TRAILING_DASH_RE = re.compile(r"^(?P<main>.*\d)\s*-\s*(?P<ext>\d+)$")
_SEPARATORS_RE = re.compile(r"[\s().\-/]")
_MOBILE_TYPED_RE = re.compile(r"^(?:\+?86|0086)?1")  # a mobile, as typed: a landline starts with 0 (010 Beijing)
_STORED_MOBILE_RE = re.compile(r"^(?:\+86)?(1\d{10})$")  # the fast path of format/mask, for long lists
_STORED_LANDLINE_RE = re.compile(rf"^\+86([1-9]\d{{8,10}})(?:x(\d{{1,{MAX_EXTENSION}}}))?$")  # as stored: valid


def default_area_code() -> str:
    return settings.PHONE_DEFAULT_AREA_CODE


@dataclass(frozen=True)
class Phone:
    """A number libphonenumber accepted, with its forms."""

    number: phonenumbers.PhoneNumber

    @property
    def is_mobile(self) -> bool:
        return phonenumbers.number_type(self.number) == PhoneNumberType.MOBILE

    @property
    def is_chinese(self) -> bool:
        return self.number.country_code == 86

    @property
    def extension(self) -> str:
        return self.number.extension or ""

    @property
    def e164(self) -> str:
        return phonenumbers.format_number(self.number, PhoneNumberFormat.E164)

    @property
    def stored(self) -> str:
        return self.e164 + (f"x{self.extension}" if self.extension else "")

    @property
    def legacy(self) -> str:
        """How the desk stored a mobile before phones were E.164: its 11 digits."""
        return str(self.number.national_number) if self.is_chinese and self.is_mobile else ""

    @property
    def display(self) -> str:
        return _formatted(self.number, masked=False)

    @property
    def masked(self) -> str:
        return _formatted(self.number, masked=True)


def _formatted(number: phonenumbers.PhoneNumber, *, masked: bool) -> str:
    national = str(number.national_number)
    if number.country_code != 86:
        plain = copy.copy(number)
        plain.extension = None
        body = phonenumbers.format_number(plain, PhoneNumberFormat.INTERNATIONAL)  # its extension is ours
        if masked:
            return f"+{number.country_code} ****{national[-4:]}"
    elif national.startswith("1") and len(national) == 11:
        return national[:3] + "****" + national[-4:] if masked else national
    else:
        area_length = phonenumbers.length_of_geographical_area_code(number)
        if not area_length:  # no landline either (never stored by this module): its digits
            return national[:3] + "****" + national[-4:] if masked else national
        area, subscriber = national[:area_length], national[area_length:]
        if masked:
            return f"0{area}-****{subscriber[-4:]}"
        grouped = f"{subscriber[:-4]} {subscriber[-4:]}"
        body = f"0{area}-{grouped}"
    if number.extension and not masked:
        return f"{body} 转 {number.extension}"
    return body


def _typed(value: str) -> str:
    return _DASHES_RE.sub("-", unicodedata.normalize("NFKC", value or "")).strip()


def _parse(text: str) -> phonenumbers.PhoneNumber | None:
    """libphonenumber's reading of `text` (digits and separators only), a local landline
    put in the default area; None when it is not a number at all."""
    digits = _SEPARATORS_RE.sub("", text)
    if re.fullmatch(r"[2-9]\d{6,7}", digits):  # no area code: the committee's own area
        digits = f"0{default_area_code()}{digits}"
    try:
        return phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        return None


def _valid(number: phonenumbers.PhoneNumber | None) -> bool:
    return number is not None and phonenumbers.is_valid_number(number)


def parse_phone(value: str) -> Phone | None:
    """The phone typed in `value`; None when it is blank; ValidationError when it is no
    mobile or landline that exists."""
    text = _typed(value)
    if not text:
        return None
    if len(text) > TYPED_MAX_LENGTH:
        raise _format_error()
    extension = ""
    if match := _EXTENSION_RE.match(text):
        text, extension = match["main"], match["ext"]
    if not _MAIN_RE.match(text):
        raise _format_error()
    number = _parse(text)
    if not extension and not _valid(number) and (match := _TRAILING_DASH_RE.match(text)):
        head = _parse(match["main"])
        if _valid(head):  # 021-6555 1234-123: a whole number, then its extension
            number, extension = head, match["ext"]
    if number is None:
        raise _format_error()
    if not phonenumbers.is_valid_number(number):
        national = str(number.national_number)
        if number.country_code == 86 and _MOBILE_TYPED_RE.match(_SEPARATORS_RE.sub("", text)):
            if len(national) == 11:
                raise ValidationError(
                    _("手机号段 %(prefix)s 未启用，没有这样的手机号码，请核对。"),
                    code="phone_unallocated",
                    params={"prefix": national[:3]},
                )
            raise ValidationError(
                _("手机号码应为 11 位，这里是 %(count)s 位，请核对。"),
                code="phone_length",
                params={"count": len(national)},
            )
        raise ValidationError(
            _("没有这样的电话号码（区号或位数不对），请核对；座机请带区号，例如 021-6555 1234。"), code="phone_invalid"
        )
    if phonenumbers.number_type(number) not in ACCEPTED_TYPES:
        raise ValidationError(_("请填写手机或座机号码；400、800、95 开头的服务号码不是居民的电话。"), code="phone_type")
    if extension:
        if phonenumbers.number_type(number) == PhoneNumberType.MOBILE:
            raise ValidationError(_("手机号码没有分机号，请去掉“转”后面的数字。"), code="phone_extension")
        if len(extension) > MAX_EXTENSION:
            raise ValidationError(_("分机号最多 %(max)s 位。"), code="phone_extension", params={"max": MAX_EXTENSION})
    number.extension = extension or None  # ours, read above: libphonenumber never sees the marker
    phone = Phone(number)
    if len(phone.stored) > STORED_MAX_LENGTH:  # a long foreign number with an extension
        raise ValidationError(_("号码连分机太长，请只写号码。"), code="phone_extension")
    return phone


def _format_error() -> ValidationError:
    return ValidationError(
        _("请填写手机或座机号码，例如 13912345678 或 021-6555 1234，分机写在“转”后面。"), code="phone_format"
    )


def clean_phone(value: str, *, field: str = "") -> str:
    """The stored form of the phone typed in `value`, "" when blank; ValidationError (on
    `field`, for a service's caller to show by its box) when it is not one. The stored form
    reads back to itself."""
    try:
        phone = parse_phone(value)
    except ValidationError as error:
        raise ValidationError({field: error}) if field else error from None
    return phone.stored if phone else ""


def clean_public_phone(value: str, *, field: str = "") -> str:
    """A grid area's public phone, checked like a resident's and kept in its display form
    (021-6555 0101 转 8001): it is a notice printed as it is, never a key to look anyone up by."""
    try:
        phone = parse_phone(value)
    except ValidationError as error:
        raise ValidationError({field: error}) if field else error from None
    return phone.display if phone else ""


def validate_phone(value: str) -> None:
    parse_phone(value)


validate_mobile = validate_phone  # the name before landlines were accepted


def is_valid_phone(value: str) -> bool:
    try:
        return parse_phone(value) is not None
    except ValidationError:
        return False


def normalize_phone(value: str) -> str:
    """The stored form when `value` is a phone; otherwise what was typed with spaces and
    dashes dropped and full-width characters made ASCII (for a validator to refuse). Never
    raises."""
    try:
        return clean_phone(value)
    except ValidationError:
        return re.sub(r"[\s-]", "", _typed(value))


def _stored(value: str) -> phonenumbers.PhoneNumber | None:
    """A stored phone read back, or a grid area's public phone as typed before this module;
    None when it is no number libphonenumber knows (then it is shown as it is, masked by
    its digits)."""
    try:
        phone = parse_phone(value)
    except ValidationError:
        return None
    return phone.number if phone else None


def _stored_landline(value: str) -> tuple[str, str, str] | None:
    """(area code, subscriber number, extension) of a Chinese landline in its stored form,
    without libphonenumber (a 50,000-row export masks each phone): the area code is 2 digits
    after 1 or 2 (010, 021), 3 otherwise (0571), as libphonenumber's metadata has it."""
    if not (match := _STORED_LANDLINE_RE.match(value or "")):
        return None
    national = match[1]
    area_length = 2 if national[0] in "12" else 3
    return national[:area_length], national[area_length:], match[2] or ""


def format_phone(value: str) -> str:
    """A stored phone as the pages show it; what is stored when it is no phone at all."""
    if match := _STORED_MOBILE_RE.match(value or ""):
        return match[1]
    if landline := _stored_landline(value):
        area, subscriber, extension = landline
        return f"0{area}-{subscriber[:-4]} {subscriber[-4:]}" + (f" 转 {extension}" if extension else "")
    number = _stored(value)
    return _formatted(number, masked=False) if number is not None else (value or "")


def mask_phone(value: str) -> str:
    """A phone for lists and exports: 139****5678, 021-****1234."""
    if match := _STORED_MOBILE_RE.match(value or ""):
        return match[1][:3] + "****" + match[1][-4:]
    if landline := _stored_landline(value):
        return f"0{landline[0]}-****{landline[1][-4:]}"
    number = _stored(value)
    if number is not None:
        return _formatted(number, masked=True)
    phone = re.sub(r"[\s-]", "", _typed(value))
    if len(phone) < 7:
        return phone[:1] + "*" * max(len(phone) - 1, 0)
    return phone[:3] + "****" + phone[-4:]


PHONE_TAIL_SHORTEST = 4  # fewer digits than this match too many residents to be a search
PHONE_TAIL_LONGEST = 10  # more is a whole number: 11 for a mobile or Shanghai's 021-6555 1234, 12 for 0571-8888 1234


def phone_digits(text: str) -> str:
    """The digits of a search typed as a phone (spaces, dashes, brackets, +86 allowed); ""
    when the text is not a phone or too short to search by."""
    digits = _SEPARATORS_RE.sub("", _typed(text))
    digits = re.sub(r"^(?:\+86|0086)(?=\d{9})", "", digits)
    return digits if digits.isdigit() and PHONE_TAIL_SHORTEST <= len(digits) <= PHONE_TAIL_LONGEST + 2 else ""


def phone_match(field: str, value: str) -> Q:
    """Rows whose phone in `field` is the whole number typed in `value`, in either stored
    form (E.164, or a mobile's 11 digits from before), with or without an extension when
    none was typed; Q() (matching nothing asked) when `value` is no valid phone."""
    try:
        phone = parse_phone(value)
    except ValidationError:
        phone = None
    if phone is None:
        return Q()
    if phone.extension:
        return Q(**{field: phone.stored})
    if phone.is_mobile:  # no extension: one index look-up for both forms
        return Q(**{f"{field}__in": [phone.e164, phone.legacy] if phone.legacy else [phone.e164]})
    return Q(**{field: phone.e164}) | Q(**{f"{field}__startswith": phone.e164 + "x"})


def phone_lookup(field: str, text: str) -> Q:
    """Rows whose phone in `field` matches what a worker typed: the whole number (as
    `phone_match`), or its last 4 to 10 digits (the way residents and the notice's tear-off
    read them out), a landline's before its extension too; Q() when the text is not a phone
    search (test it for truth)."""
    digits = phone_digits(text)
    if digits and len(digits) <= PHONE_TAIL_LONGEST:
        return _tail(field, digits)
    if whole := phone_match(field, text):
        return whole
    return _tail(field, digits) if digits else Q()  # a number libphonenumber does not know, stored before


def _tail(field: str, digits: str) -> Q:
    return Q(**{f"{field}__endswith": digits}) | Q(**{f"{field}__contains": digits + "x"})
