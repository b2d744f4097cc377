"""QuickSelect and OptionList write the markup Django's Select would, only faster."""

import pytest
from django import forms
from django.test.html import parse_html

from committee.models import Line
from utilities.widgets import OptionList, QuickSelect, QuickSelectForm

from .. import factories


def same_markup(widget_class, name, value, choices, attrs=None):
    django_html = forms.Select(attrs=attrs, choices=choices).render(name, value)
    quick_html = widget_class(attrs=attrs, choices=choices).render(name, value)
    assert parse_html(quick_html) == parse_html(django_html)
    return quick_html


@pytest.mark.parametrize("value", [None, "", "b", 2])
def test_plain_choices_with_a_selection(value):
    same_markup(
        QuickSelect,
        "outcome",
        value,
        [("", "---------"), ("a", "甲"), ("b", "乙"), (2, "二")],
        attrs={"id": "id_outcome", "aria-describedby": "help"},
    )


def test_groups_and_escaping():
    html = same_markup(QuickSelect, "x", "<b>", [("组<1>", [("<b>", '"粗" & <i>')]), ("c", "丙")])
    assert "<b>" not in html and "&lt;b&gt;" in html


@pytest.mark.django_db
def test_a_form_swaps_its_plain_selects_and_keeps_the_model_choices():
    factories.line(code="minzheng", name="民政")

    class LineForm(QuickSelectForm):
        line = forms.ModelChoiceField(queryset=Line.objects.none(), required=False)
        kind = forms.ChoiceField(choices=[("a", "甲")], widget=forms.RadioSelect)

    form = LineForm()
    form.fields["line"].queryset = Line.objects.all()  # set after the swap, as the filter sets do
    assert isinstance(form.fields["line"].widget, QuickSelect)
    assert not isinstance(form.fields["kind"].widget, QuickSelect)
    assert "民政" in str(form["line"]) and 'id="id_line"' in str(form["line"])


def test_a_multiple_select_marks_every_chosen_option():
    django_html = forms.SelectMultiple(choices=[("a", "甲"), ("b", "乙"), ("c", "丙")]).render("x", ["a", "c"])

    class QuickMultiple(QuickSelect):
        allow_multiple_selected = True

    quick_html = QuickMultiple(choices=[("a", "甲"), ("b", "乙"), ("c", "丙")]).render("x", ["a", "c"])
    assert parse_html(quick_html) == parse_html(django_html)


def test_only_the_first_of_two_equal_values_is_selected():
    same_markup(QuickSelect, "x", "a", [("a", "甲"), ("a", "甲二")])


@pytest.mark.parametrize("selected", [None, 7, "8", 99])
def test_an_option_list_is_the_options_of_a_select(selected):
    choices = [(7, "张<敏>"), (8, "李 & 王"), (8, "重复"), (9, "赵")]
    options = OptionList(choices)
    django_html = forms.Select(choices=choices).render("worker", selected)
    assert parse_html(f'<select name="worker">{options.html(selected)}</select>') == parse_html(django_html)
    assert options.html(8).count("selected") == 1  # the first of equal values, as Django does
