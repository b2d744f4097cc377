"""ChoiceLabels gives the label Django's get_FOO_display would, in the request's language."""

import pytest
from django.utils import translation

from casework.models import Case
from reception.choices import Channel, Outcome
from reception.models import Visit


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_labels_are_djangos_in_each_language(language):
    with translation.override(language):
        for channel, outcome in zip(Channel.values, Outcome.values, strict=False):
            visit = Visit(channel=channel, outcome=outcome)
            assert visit.get_channel_display() == str(Channel(channel).label)
            assert visit.get_outcome_display() == str(Outcome(outcome).label)
        for status in Case._meta.get_field("status").choices:
            assert Case(status=status[0]).get_status_display() == str(status[1])


def test_an_unknown_value_is_shown_as_it_is():
    assert Visit(channel="fax").get_channel_display() == "fax"
    assert Visit(channel=None).get_channel_display() is None


def test_the_label_follows_the_language_of_the_moment():
    visit = Visit(channel=Channel.WALK_IN)
    with translation.override("zh-hans"):
        chinese = visit.get_channel_display()
    with translation.override("en"):
        assert visit.get_channel_display() != chinese
