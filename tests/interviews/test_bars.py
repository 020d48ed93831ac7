"""interviews.bars, pure: the bar a competency is held to, and what a rating under it means."""

from fractions import Fraction

from interviews import bars
from interviews import scorecard_rules as rules


def test_a_codes_own_bar_wins_over_the_default_and_stays_exact():
    """3.5 is 7/2, not a float."""
    assert bars.bar_for(default="3.00", bars={"x": 3.5}, code="x") == Fraction(7, 2)
    assert bars.bar_for(default="3.00", bars={"x": 3.5}, code="y") == 3


def test_held_to_bar_needs_a_required_round_and_a_required_or_named_competency():
    """Optional rounds never hold; a named code holds even when optional."""
    assert bars.held_to_bar(round_required=True, competency_required=True, code="a", bars={})
    assert not bars.held_to_bar(round_required=False, competency_required=True, code="a", bars={})
    assert not bars.held_to_bar(round_required=True, competency_required=False, code="a", bars={})
    assert bars.held_to_bar(round_required=True, competency_required=False, code="a", bars={"a": 3})


def test_below_bar_explains_each_rating_under_it():
    """Alone, unless others, optional; exactly the bar is not under it."""
    specs = {
        1: bars.BarSpec(1, "Alpha", Fraction(3), held=True, rated_elsewhere=False),
        2: bars.BarSpec(2, "Beta", Fraction(7, 2), held=True, rated_elsewhere=True),
        3: bars.BarSpec(3, "Gamma", Fraction(3), held=False, rated_elsewhere=False),
        4: bars.BarSpec(4, "Delta", Fraction(3), held=True, rated_elsewhere=False),
    }
    found = bars.below_bar(scores={1: 2, 2: 3, 3: 1, 4: 3}, specs=specs)
    assert [f.message for f in found] == [
        bars.BELOW_ALONE.format(name="Alpha", score=2, bar="3"),
        bars.BELOW_UNLESS_OTHERS.format(name="Beta", score=3, bar="3.5"),
        bars.BELOW_OPTIONAL.format(name="Gamma", score=1, bar="3"),
    ]
    assert bars.below_bar(scores={1: None}, specs=specs) == []


def _content(**fields):
    base = {
        "ratings": [rules.RatingInput(1, 3, "Saw it.")],
        "overall": "yes",
        "summary": "Solid.",
        "brilliant_jerk": False,
        "jerk_evidence": "",
        "force_fit_concern": False,
        "force_fit_evidence": "",
    }
    return rules.ScorecardInput(**{**base, **fields})


def test_an_amendment_must_change_what_a_reader_sees():
    """Whitespace at the ends and evidence for an unraised flag are no change; a score, a word or a flag is."""
    before = _content()
    assert rules.amendment_problem(before, _content(summary="  Solid. ")) is not None
    assert rules.amendment_problem(before, _content(jerk_evidence="ignored while unflagged")) is not None
    assert rules.amendment_problem(before, _content(ratings=[rules.RatingInput(1, 3, " Saw it.")])) is not None
    assert rules.amendment_problem(before, _content(ratings=[rules.RatingInput(1, 2, "Saw it.")])) is None
    assert rules.amendment_problem(before, _content(summary="Solid, on reflection.")) is None
    assert rules.amendment_problem(before, _content(brilliant_jerk=True, jerk_evidence="Rude.")) is None
