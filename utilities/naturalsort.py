"""The natural order of names people number: 一、二、三 … 十、十一 and 1, 2, 10 before
lexical order. One key, used by every list of grid areas (board, forms, filters)."""

import re

import django_filters
from django import forms
from django.forms.models import ModelChoiceIterator

CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
NUMBER_RE = re.compile(r"\d+|[零〇一二两三四五六七八九十百千]+")


def chinese_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 一百零五 → 105; a plain run of digits
    (一二三 as in a year) is read digit by digit."""
    if not any(ch in CHINESE_UNITS for ch in text):
        value = 0
        for ch in text:
            value = value * 10 + CHINESE_DIGITS[ch]
        return value
    total, digit = 0, None
    for ch in text:
        if ch in CHINESE_UNITS:
            total += (1 if digit is None else digit) * CHINESE_UNITS[ch]
            digit = None
        else:
            digit = CHINESE_DIGITS[ch]
    return total + (digit or 0)


def natural_key(text: str) -> tuple:
    """A sort key: runs of Arabic or Chinese numerals compare as numbers, the rest as text."""
    key = []
    position = 0
    for match in NUMBER_RE.finditer(text or ""):
        key.append((0, text[position : match.start()], 0))
        run = match.group()
        key.append((1, "", int(run) if run.isdigit() else chinese_number(run)))
        position = match.end()
    key.append((0, (text or "")[position:], 0))
    return tuple(key)


def naturally_sorted(items, *, key=lambda item: str(item)):
    """`items` sorted by the natural key of `key(item)` (the item's text by default)."""
    return sorted(items, key=lambda item: natural_key(key(item)))


class NaturalOrderIterator(ModelChoiceIterator):
    """A model choice field's options in the natural order of their labels."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in naturally_sorted(self.queryset, key=self.field.label_from_instance):
            yield self.choice(obj)


class NaturalOrderModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField listing its choices naturally ordered (the queryset still validates)."""

    iterator = NaturalOrderIterator


class NaturalOrderModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = NaturalOrderModelChoiceField
