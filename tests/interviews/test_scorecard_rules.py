"""The pure completeness rules, one by one, with their exact messages."""

from interviews import scorecard_rules as rules
from interviews.scorecard_rules import CompetencySpec, RatingInput, ScorecardInput

REQUIRED = CompetencySpec(1, "ML implementation", required=True)
OPTIONAL = CompetencySpec(2, "Numerical care", required=False)
SPECS = [REQUIRED, OPTIONAL]


def _content(**overrides) -> ScorecardInput:
    values = {
        "ratings": [RatingInput(1, 3, "Wrote a vectorised gradient.")],
        "overall": "yes",
        "summary": "",
        "brilliant_jerk": False,
        "jerk_evidence": "",
        "force_fit_concern": False,
        "force_fit_evidence": "",
    }
    values.update(overrides)
    return ScorecardInput(**values)


def _messages(content, *, depth=False) -> list[str]:
    return [p.message for p in rules.submit_problems(content, SPECS, is_depth_round=depth)]


def test_a_complete_scorecard_has_no_problems():
    """A complete scorecard has no problems."""
    assert _messages(_content()) == []


def test_a_required_competency_must_be_rated():
    """'Not assessed' is for optional competencies only."""
    assert _messages(_content(ratings=[RatingInput(1, None, "")])) == [
        rules.RATING_MISSING.format(name="ML implementation")
    ]


def test_a_rating_needs_evidence_even_when_optional():
    """A rating needs evidence even when optional."""
    assert _messages(_content(ratings=[RatingInput(1, 3, "  "), RatingInput(2, 2, "")])) == [
        rules.EVIDENCE_MISSING.format(name="ML implementation"),
        rules.EVIDENCE_MISSING.format(name="Numerical care"),
    ]


def test_an_optional_competency_may_be_left_not_assessed():
    """An optional competency may be left not assessed."""
    assert _messages(_content(ratings=[RatingInput(1, 4, "x"), RatingInput(2, None, "")])) == []


def test_the_overall_recommendation_is_required():
    """The overall recommendation is required."""
    assert _messages(_content(overall="")) == [rules.OVERALL_MISSING]


def test_a_jerk_flag_needs_the_observed_behaviour():
    """A jerk flag needs the observed behaviour."""
    assert _messages(_content(brilliant_jerk=True)) == [rules.JERK_EVIDENCE_MISSING]
    assert _messages(_content(brilliant_jerk=True, jerk_evidence="Mocked the interviewer.")) == []


def test_force_fit_belongs_to_depth_rounds_and_needs_evidence():
    """Force fit belongs to depth rounds and needs evidence."""
    assert _messages(_content(force_fit_concern=True)) == [rules.FORCE_FIT_NOT_DEPTH]
    assert _messages(_content(force_fit_concern=True), depth=True) == [rules.FORCE_FIT_EVIDENCE_MISSING]
    assert _messages(_content(force_fit_concern=True, force_fit_evidence="Wants research only."), depth=True) == []


def test_every_problem_is_reported_at_once():
    """Every problem is reported at once."""
    content = _content(ratings=[], overall="", brilliant_jerk=True)
    problems = rules.submit_problems(content, SPECS, is_depth_round=False)
    assert [(p.field, p.competency) for p in problems] == [("ratings", 1), ("overall", None), ("jerk_evidence", None)]
    assert rules.problems_by_field(problems) == {
        "ratings": [rules.RATING_MISSING.format(name="ML implementation")],
        "overall": [rules.OVERALL_MISSING],
        "jerk_evidence": [rules.JERK_EVIDENCE_MISSING],
    }


def test_a_draft_may_be_incomplete_but_not_off_the_scale_or_rubric():
    """A draft may be incomplete but not off the scale or rubric."""
    content = _content(ratings=[RatingInput(1, 5, ""), RatingInput(99, 2, "")], overall="")
    messages = [p.message for p in rules.draft_problems(content, SPECS, is_depth_round=False)]
    assert messages == [
        rules.SCORE_OFF_SCALE.format(name="ML implementation"),
        rules.UNKNOWN_COMPETENCY.format(competency=99),
    ]


def test_revision_changes_are_described_in_words():
    """Revision changes are described in words."""
    first = {
        "overall": "yes",
        "summary": "Good.",
        "brilliant_jerk": False,
        "ratings": [{"competency": 1, "score": 3, "evidence": "Vectorised."}],
    }
    second = dict(first, overall="no", brilliant_jerk=True, ratings=[{"competency": 1, "score": None, "evidence": "x"}])
    assert rules.revision_changes(None, first, {1: "ML implementation"}) == []
    assert rules.revision_changes(first, second, {1: "ML implementation"}) == [
        "Overall: yes → no",
        "ML implementation: 3 → not assessed",
        "ML implementation: evidence rewritten",
        "Brilliant-jerk flag raised",
    ]


def test_text_longer_than_the_limit_is_refused_even_in_a_draft():
    """Text longer than the limit is refused even in a draft."""
    content = _content(summary="x" * (rules.MAX_TEXT + 1), ratings=[RatingInput(1, 3, "y" * (rules.MAX_TEXT + 1))])
    messages = [p.message for p in rules.draft_problems(content, SPECS, is_depth_round=False)]
    assert messages == [
        rules.TEXT_TOO_LONG.format(label="Summary", length=rules.MAX_TEXT + 1, limit=rules.MAX_TEXT),
        rules.TEXT_TOO_LONG.format(
            label="Evidence for ML implementation", length=rules.MAX_TEXT + 1, limit=rules.MAX_TEXT
        ),
    ]
