"""Phone numbers, of residents and of workers alike: normalised, validated (mobiles), and
masked in lists and exports."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalize_phone(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def validate_mobile(value: str) -> None:
    if not MOBILE_RE.match(normalize_phone(value)):
        raise ValidationError(_("请输入 11 位手机号码，例如 13912345678。"), code="mobile")


def mask_phone(value: str) -> str:
    phone = normalize_phone(value)
    if len(phone) < 7:
        return phone[:1] + "*" * max(len(phone) - 1, 0)
    return phone[:3] + "****" + phone[-4:]
