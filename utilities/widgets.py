"""Form widgets written in Python where Django's template-per-option rendering is too slow.

Django renders every <option> of a <select> through two small templates, after building a
dict of attributes per option. A street admin's filter lists some 300 workers and 100 grid
areas: that alone cost tens of milliseconds per page, more than the page's SQL.
`QuickSelect` writes the same markup (same name, id, attributes, selected option,
optgroups) straight from the choices with `format_html`, which escapes every value and
label."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        selected_one = False

        def option(option_value, label):
            # Django's rule: the first option whose value matches is selected (all, if multiple).
            nonlocal selected_one
            option_value = "" if option_value is None else str(option_value)
            selected = option_value in chosen and (self.allow_multiple_selected or not selected_one)
            selected_one |= selected
            return format_html('<option value="{}"{}>{}</option>', option_value, SELECTED if selected else "", label)

        parts = []
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):  # an optgroup
                parts.append(
                    format_html(
                        '<optgroup label="{}">{}</optgroup>',
                        option_value,
                        mark_safe("".join(option(v, sub) for v, sub in label)),
                    )
                )
            else:
                parts.append(option(option_value, label))
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), mark_safe("".join(parts)))


SELECTED = mark_safe(" selected")


class QuickSelectForm(forms.Form):
    """A form whose plain selects render as `QuickSelect` (the filter sets' `Meta.form`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                quick = QuickSelect(attrs=field.widget.attrs)
                quick.choices = field.widget.choices  # for a model choice field: its lazy iterator
                quick.is_required = field.widget.is_required
                field.widget = quick


class OptionList:
    """The <option>s of one list of choices, written once, for many selects that differ only
    in the option selected: the roster's hand-edit table has a select of every worker for
    each duty of the month (60 workers and 1,000 duties are 60,000 options)."""

    def __init__(self, choices):
        self._index: dict[str, int] = {}
        self._plain, self._selected = [], []
        for position, (value, label) in enumerate(choices):
            value = "" if value is None else str(value)
            self._index.setdefault(value, position)
            self._plain.append(format_html('<option value="{}">{}</option>', value, label))
            self._selected.append(format_html('<option value="{}"{}>{}</option>', value, SELECTED, label))

    def html(self, selected):
        """The options, the first with this value selected (as Django's select does)."""
        parts = list(self._plain)
        position = self._index.get("" if selected is None else str(selected))
        if position is not None:
            parts[position] = self._selected[position]
        return mark_safe("".join(parts))


class ServiceItemSelect(forms.Select):
    """A service item's <select> that the pinyin search (static/js/pick-item.js) can filter:
    each option carries the item's name, pinyin initials and line, as the desk's list does.
    Give the queryset `select_related("line")`."""

    def __init__(self, attrs=None):
        label = _("查找事项（中文、拼音首字母或条线，如 jzzm）")
        super().__init__({"data-pick-item": "", "data-pick-label": label, **(attrs or {})})

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        item = getattr(value, "instance", None)
        if item is not None:
            line = getattr(getattr(item, "line", None), "name", "")
            option["attrs"]["data-search"] = f"{item.name} {getattr(item, 'pinyin_initials', '')} {line}".lower()
        return option
