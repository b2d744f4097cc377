"""Form widgets written in Python where Django's template-per-option rendering is too slow.

Django renders every <option> of a <select> through two small templates. A street admin's
filter lists some 300 workers and 100 grid areas: that rendering alone cost tens of
milliseconds per page, more than the page's SQL. `QuickSelect` writes the same markup
(same name, id, attributes, selected option, optgroups) with `format_html`, which escapes
every value and label."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "", "<option value=\"{}\"{}>{}</option>",
                ((option["value"] if option["value"] is not None else "", flatatt(option["attrs"]), option["label"])
                 for option in options),
            )
            parts.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
                         if group_name else rendered)
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]),
                           mark_safe("".join(parts)))


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
