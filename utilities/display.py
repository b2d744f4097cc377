"""`get_FOO_display()` without rebuilding the field's choices on every call.

Django's version makes a dict of all the field's choices, each label made hashable, for
every call: a ledger page of 50 visits showing channel and outcome spent more time there
(about 3,500 translation look-ups) than in its SQL. `ChoiceLabels` keeps one dict per field
of the value's lazy label; the label is still translated when shown, in the language of the
request."""

from django.utils.encoding import force_str

_labels: dict[int, dict] = {}


class ChoiceLabels:
    """Mix into a model before models.Model."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        labels = _labels.get(id(field))
        if labels is None:
            labels = _labels[id(field)] = dict(field.flatchoices)
        try:
            label = labels.get(value, value)
        except TypeError:  # an unhashable value (a list in a JSON field): Django's way
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)
