"""The admin's history pages (django-simple-history) in the user's language: a change
shows each field's value as the app shows it — a choice by its label, yes/no for a
flag, "（空）" for nothing — never Python's None, True or a stored code."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.template_utils import HistoricalRecordContextHelper


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return _("（空）")
        if isinstance(value, dt.datetime):
            return f"{timezone.localtime(value) if timezone.is_aware(value) else value:%Y-%m-%d %H:%M}"
        if isinstance(value, bool):
            return _("是") if value else _("否")
        choices = getattr(field, "flatchoices", None)
        if choices and not isinstance(value, list):
            return str(dict(choices).get(value, value))
        return value
