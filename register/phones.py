"""A person's phones, mobiles and landlines alike, by the one rule every app uses
(utilities.phones, libphonenumber): stored in its E.164 form (a landline's extension after
"x"), with its kind for the register's lists."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from utilities.phones import parse_phone

from .choices import PhoneKind


def phone_clean(value: str, kind: str | None = None) -> tuple[str, str]:
    """(stored number, kind), or ValidationError. `kind`, when given, must match the number."""
    phone = parse_phone(value)
    if phone is None:
        raise ValidationError(_("请填写电话号码。"), code="required")
    found = PhoneKind.MOBILE if phone.is_mobile else PhoneKind.LANDLINE
    if kind and kind != found:
        raise ValidationError(_("这个号码不是所选的类型（手机或座机）。"), code="phone_kind")
    return phone.stored, found
