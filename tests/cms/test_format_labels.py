"""The format's kinds of support and ways of awarding are labelled once, for every value the
engine accepts."""

from cms.constants import AwardMode, Benefit
from eligibility.engine import AWARD_MODES, BENEFITS


def test_every_benefit_of_the_format_has_a_label():
    assert tuple(Benefit.values) == BENEFITS


def test_every_award_mode_of_the_format_has_a_label():
    assert tuple(AwardMode.values) == AWARD_MODES
