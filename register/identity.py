"""Residents' ID numbers: validation, masking, encryption at rest.

ID numbers (居民身份证号, GB 11643-1999) are checked for their birth date and check digit,
stored only encrypted (Fernet) beside a keyed hash for look-up and a masked form for
display, so lists, exports and history tables never hold them in clear. Phone numbers are in
utilities/phones.py.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ID_RE = re.compile(r"^\d{17}[\dX]$")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"


def normalize_id_number(value: str) -> str:
    return (value or "").strip().replace(" ", "").upper()


def id_check_char(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def validate_id_number(value: str) -> None:
    number = normalize_id_number(value)
    if not ID_RE.match(number):
        raise ValidationError(_("身份证号应为 18 位，前 17 位是数字，最后一位是数字或 X。"), code="id_format")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号中的出生日期无效。"), code="id_birth") from None
    if birth < dt.date(1900, 1, 1) or birth > dt.date.today():
        raise ValidationError(_("身份证号中的出生日期无效。"), code="id_birth")
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(_("身份证号校验位不正确，请核对。"), code="id_check")


def mask_id_number(value: str) -> str:
    number = normalize_id_number(value)
    if len(number) < 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def _key_material() -> bytes:
    configured = getattr(settings, "ID_NUMBER_KEY", "")
    if configured:
        return base64.urlsafe_b64decode(configured)
    # DEBUG only (settings refuse to start without a key otherwise).
    return hashlib.sha256(("id-number:" + settings.SECRET_KEY).encode()).digest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_key_material()))


def encrypt_id_number(value: str) -> str:
    return _fernet().encrypt(normalize_id_number(value).encode()).decode()


def decrypt_id_number(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def id_number_digest(value: str) -> str:
    """A keyed hash for finding earlier visits by ID number without storing it in clear."""
    mac = hmac.new(_key_material(), normalize_id_number(value).encode(), hashlib.sha256)
    return mac.hexdigest()


def id_upgrade_15(number: str) -> str:
    """An old 15-digit ID number (before 1999: two-digit year, no check character) as the
    18-digit number it became: "19" inserted before the year, the check character added."""
    first17 = number[:6] + "19" + number[6:15]
    return first17 + id_check_char(first17)


def encrypt_bytes(data: bytes) -> str:
    """A file held between the steps of an import (it lists ID numbers in clear): stored
    encrypted with the same key as the ID numbers."""
    return _fernet().encrypt(data).decode()


def decrypt_bytes(token: str) -> bytes:
    try:
        return _fernet().decrypt(token.encode())
    except InvalidToken:
        return b""
