"""The pure decision module: every rule of PRODUCT.md §4 and how they interact. No database."""

import dataclasses
import datetime as dt

import pytest

from decisions import engine as d
from interviews import feedback_timing

END = dt.datetime(2026, 11, 2, 12, 0, tzinfo=dt.UTC)

# round code → (name, [(competency code, weight, required)])
RUBRICS = {
    "overview": ("Overview / culture", [("conduct", 2, True), ("collaboration", 1.5, True)]),
    "ml_coding": ("ML coding from scratch", [("ml_implementation", 2, True), ("code_quality", 1, True)]),
    "breadth": ("Breadth", [("ml_fundamentals", 1.5, True), ("statistics", 1.5, True)]),
    "depth": ("Depth", [("technical_depth", 2, True), ("baseline_thinking", 1.5, True)]),
    "ml_systems": ("ML systems", [("system_design", 2, True), ("tradeoffs", 1.5, True)]),
    "leadership": ("Leadership", [("people_leadership", 2, True), ("hiring_bar", 1, False)]),
}
SCIENTIST_ROUNDS = [("overview", True), ("ml_coding", True), ("breadth", True), ("depth", True), ("ml_systems", False)]
EM_ROUNDS = [("overview", True), ("ml_coding", True), ("breadth", True), ("leadership", True)]
ROUND_IDS = {code: i for i, code in enumerate(RUBRICS, start=1)}
COMPETENCIES = {
    code: d.CompetencyInput(id=ROUND_IDS[round_code] * 10 + i, code=code, name=code.replace("_", " ").capitalize(),
                            weight=weight, required=required)
    for round_code, (_, comps) in RUBRICS.items()
    for i, (code, weight, required) in enumerate(comps)
}  # fmt: skip
SCORECARD_ID = {code: 100 + i for code, i in ROUND_IDS.items()}


def card(score=3, overall="yes", *, scores=None, submitted=True, late_hours=3, interviewer=None, **flags):
    return {
        "score": score,
        "overall": overall,
        "scores": scores or {},
        "submitted": submitted,
        "late_hours": late_hours,
        "interviewer": interviewer,
        **flags,
    }


def good(**overrides):
    """A clear yes on every round of a scientist loop."""
    cards = {code: card() for code, required in SCIENTIST_ROUNDS if required}
    cards.update(overrides)
    return cards


def build(
    cards,
    *,
    rounds=SCIENTIST_ROUNDS,
    family="applied_scientist",
    level="MLS2",
    bar=3,
    bars=None,
    em_reference=None,
    extra_cards=(),
    cancelled=(),
    no_interview=(),
):
    round_inputs, scorecards = [], []
    for code, required in rounds:
        name, comps = RUBRICS[code]
        interview_id = None if code in no_interview else ROUND_IDS[code]
        round_inputs.append(
            d.RoundInput(
                code=code,
                name=name,
                required=required,
                interview_id=interview_id,
                cancelled=code in cancelled,
                ends_at=END,
                late_at=feedback_timing.feedback_times(END).late_at,
                competencies=tuple(COMPETENCIES[c] for c, _, _ in comps),
            )
        )
    extras = [(code, spec, 200 + i) for i, (code, spec) in enumerate(extra_cards)]
    for code, spec, scorecard_id in [*((c, s, SCORECARD_ID[c]) for c, s in cards.items()), *extras]:
        _, comps = RUBRICS[code]
        ratings = tuple(
            d.RatingInput(COMPETENCIES[c], spec["scores"].get(c, spec["score"]), f"Observed {c}.")
            for c, _, _ in comps
            if spec["scores"].get(c, spec["score"]) != "absent"
        )
        scorecards.append(
            d.ScorecardInput(
                id=scorecard_id,
                interview_id=ROUND_IDS[code],
                interviewer_id=scorecard_id + 1000,
                interviewer_name=spec["interviewer"] or f"{code} interviewer",
                submitted=spec["submitted"],
                overall=spec["overall"] if spec["submitted"] else "",
                ratings=ratings,
                brilliant_jerk=spec.get("jerk", False),
                jerk_evidence=spec.get("jerk_evidence", "Sneered at the junior engineer's question."),
                force_fit_concern=spec.get("force_fit", False),
                force_fit_evidence=spec.get("force_fit_evidence", "Only ever worked on the modelling step."),
                submitted_at=END + dt.timedelta(hours=spec["late_hours"]) if spec["submitted"] else None,
            )
        )
    return d.LoopInput(
        loop_id=1,
        role_family=family,
        level=level,
        policy=d.PolicyInput(name="Template", competency_bar=bar, competency_bars=bars or {}),
        rounds=tuple(round_inputs),
        scorecards=tuple(scorecards),
        em_reference=em_reference,
    )


def codes(recommendation):
    return [reason.code for reason in recommendation.reasons]


def decisive(recommendation):
    return [reason.code for reason in recommendation.reasons if reason.decisive]


MLS_REFERENCE = d.EmReference(
    policies=(
        d.PolicyInput(name="Applied Scientist MLS1", competency_bar=3),
        d.PolicyInput(name="Applied Scientist MLS2", competency_bar=3),
    )
)


def em_cards(coding=3, breadth=3, leadership=4, **overrides):
    cards = {
        "overview": card(4, "strong_yes"),
        "ml_coding": card(coding, "yes" if coding >= 3 else "no"),
        "breadth": card(breadth, "yes" if breadth >= 3 else "no"),
        "leadership": card(leadership, "strong_yes" if leadership == 4 else "yes"),
    }
    cards.update(overrides)
    return cards


def em(cards, **overrides):
    """An engineering-manager (ML) EM1 loop measured against the MLS templates."""
    options = {"rounds": EM_ROUNDS, "family": "engineering_manager", "level": "EM1", "em_reference": MLS_REFERENCE}
    return build(cards, **(options | overrides))


# (id, loop, outcome, reason codes in order, decisive codes)
CASES = [
    ("clear hire", build(good()), d.HIRE, ["overall_yes"], ["overall_yes"]),
    (
        "missing required round is incomplete",
        build(good(depth=card(submitted=False))),
        d.INCOMPLETE,
        ["missing_round"],
        ["missing_round"],
    ),
    (
        "required round without any scorecard is incomplete",
        build({code: card() for code in ("overview", "ml_coding", "breadth")}),
        d.INCOMPLETE,
        ["missing_round"],
        ["missing_round"],
    ),
    (
        "a missing optional round does not block",
        build(good(), rounds=SCIENTIST_ROUNDS),
        d.HIRE,
        ["overall_yes"],
        ["overall_yes"],
    ),
    (
        "an optional round still owed does not block",
        build(good(ml_systems=card(submitted=False))),
        d.HIRE,
        ["overall_yes"],
        ["overall_yes"],
    ),
    (
        "a second interviewer still owing feedback on a required round blocks",
        build(good(), extra_cards=[("depth", card(submitted=False))]),
        d.INCOMPLETE,
        ["missing_round"],
        ["missing_round"],
    ),
    (
        "a cancelled required round blocks",
        build(good(depth=card(submitted=False)), cancelled={"depth"}),
        d.INCOMPLETE,
        ["missing_round"],
        ["missing_round"],
    ),
    (
        "a jerk flag on an otherwise strong-yes loop is no hire",
        build(
            {
                "overview": card(4, "strong_yes", jerk=True),
                "ml_coding": card(4, "strong_yes"),
                "breadth": card(4, "strong_yes"),
                "depth": card(4, "strong_yes"),
            }
        ),
        d.NO_HIRE,
        ["brilliant_jerk", "overall_yes"],
        ["brilliant_jerk"],
    ),
    (
        "a jerk flag shows while the loop is still incomplete",
        build(good(overview=card(jerk=True), depth=card(submitted=False))),
        d.INCOMPLETE,
        ["missing_round", "brilliant_jerk"],
        ["missing_round"],
    ),
    (
        "a strong no needs discussion",
        build(good(breadth=card(3, "strong_no"))),
        d.NEEDS_DISCUSSION,
        ["strong_no", "overall_yes"],
        ["strong_no"],
    ),
    (
        "a strong no with a competency below the bar is no hire",
        build(good(breadth=card(2, "strong_no"))),
        d.NO_HIRE,
        ["strong_no", "below_bar", "overall_yes"],
        ["below_bar"],
    ),
    (
        "a strong no with a jerk flag is no hire",
        build(good(overview=card(3, "strong_no", jerk=True))),
        d.NO_HIRE,
        ["brilliant_jerk", "strong_no", "overall_yes"],
        ["brilliant_jerk"],
    ),
    (
        "a required competency below the bar is no hire even when everyone says yes",
        build(good(ml_coding=card(3, "yes", scores={"code_quality": 2}))),
        d.NO_HIRE,
        ["below_bar", "overall_yes"],
        ["below_bar"],
    ),
    (
        "a template's higher bar for a competency is applied",
        build(good(), bars={"technical_depth": 3.5}),
        d.NO_HIRE,
        ["below_bar", "overall_yes"],
        ["below_bar"],
    ),
    (
        "a template's lower default bar lets a 2.5 mean pass",
        build(good(ml_coding=card(3, scores={"code_quality": 2})), bar=2),
        d.HIRE,
        ["overall_yes"],
        ["overall_yes"],
    ),
    (
        "an optional round below the bar is context only",
        build(good(ml_systems=card(2, "no"))),
        d.HIRE,
        ["optional_below_bar", "overall_yes"],
        ["overall_yes"],
    ),
    (
        "a force-fit concern needs discussion",
        build(good(depth=card(force_fit=True))),
        d.NEEDS_DISCUSSION,
        ["force_fit", "overall_yes"],
        ["force_fit"],
    ),
    (
        "a force-fit concern with a jerk flag is no hire",
        build(good(overview=card(jerk=True), depth=card(force_fit=True))),
        d.NO_HIRE,
        ["brilliant_jerk", "force_fit", "overall_yes"],
        ["brilliant_jerk"],
    ),
    (
        "a strong no and a force-fit concern both need discussion",
        build(good(breadth=card(3, "strong_no"), depth=card(force_fit=True))),
        d.NEEDS_DISCUSSION,
        ["strong_no", "force_fit", "overall_yes"],
        ["strong_no", "force_fit"],
    ),
    (
        "an even split leans no",
        build(good(overview=card(3, "no"), ml_coding=card(3, "no"))),
        d.NO_HIRE,
        ["overall_no"],
        ["overall_no"],
    ),
    (
        "strong yeses outweigh plain noes",
        build(
            {
                "overview": card(3, "strong_yes"),
                "ml_coding": card(3, "no"),
                "breadth": card(3, "no"),
                "depth": card(3, "yes"),
            }
        ),
        d.HIRE,
        ["overall_yes"],
        ["overall_yes"],
    ),
    (
        "an EM who aces leadership but misses the coding bar is no hire",
        em(em_cards(coding=2)),
        d.NO_HIRE,
        ["below_bar", "em_below_mls_bar", "em_percentile", "overall_yes"],
        ["below_bar", "em_below_mls_bar"],
    ),
    (
        "an EM template with a lower bar still holds coding to the MLS bar",
        em(em_cards(coding=2), bar=2),
        d.NO_HIRE,
        ["em_below_mls_bar", "em_percentile", "overall_yes"],
        ["em_below_mls_bar"],
    ),
    (
        "an EM meeting the MLS bar is hired",
        em(em_cards()),
        d.HIRE,
        ["em_meets_mls_bar", "em_percentile", "overall_yes"],
        ["overall_yes"],
    ),
    (
        "an EM template without a breadth round is incomplete",
        em(em_cards(), rounds=[r for r in EM_ROUNDS if r[0] != "breadth"]),
        d.INCOMPLETE,
        ["missing_round", "em_percentile"],
        ["missing_round"],
    ),
    (
        "an EM template marking ML coding optional still needs it",
        em(
            {k: v for k, v in em_cards().items() if k != "ml_coding"},
            rounds=[("ml_coding", False) if r[0] == "ml_coding" else r for r in EM_ROUNDS],
        ),
        d.INCOMPLETE,
        ["missing_round", "em_percentile"],
        ["missing_round"],
    ),
    (
        "a late scorecard is reported but does not change the outcome",
        build(good(breadth=card(late_hours=49))),
        d.HIRE,
        ["overall_yes", "late_scorecard"],
        ["overall_yes"],
    ),
    (
        "exactly 48 hours is not late",
        build(good(breadth=card(late_hours=48))),
        d.HIRE,
        ["overall_yes"],
        ["overall_yes"],
    ),
    (
        "a competency nobody assessed is a coverage gap, not a veto",
        build(good(depth=card(scores={"baseline_thinking": None}))),
        d.HIRE,
        ["overall_yes", "coverage_gap"],
        ["overall_yes"],
    ),
]


@pytest.mark.parametrize(("loop", "outcome", "reason_codes", "decisive_codes"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_each_rule_and_interaction(loop, outcome, reason_codes, decisive_codes):
    """Each rule fires on its own and the most severe one decides."""
    recommendation = d.recommend(loop)
    assert recommendation.outcome == outcome
    assert codes(recommendation) == reason_codes
    assert decisive(recommendation) == decisive_codes


def test_every_reason_has_a_known_code_and_severity():
    """Reasons carry a code, a message and a severity from the fixed lists."""
    for _, loop, *_ in CASES:
        for reason in d.recommend(loop).reasons:
            assert reason.code in d.SEVERITY_OF
            assert reason.severity == d.SEVERITY_OF[reason.code]
            assert reason.message


def test_missing_rounds_are_named():
    """Incomplete names each missing required round and who still owes feedback."""
    loop = build(
        good(depth=card(submitted=False, interviewer="Kenji")),
        extra_cards=[("breadth", card(submitted=False, interviewer="Priya"))],
    )
    messages = [r.message for r in d.recommend(loop).reasons if r.code == d.MISSING_ROUND]
    assert messages == [
        d.MSG_ROUND_WAITING.format(round="Breadth", names="Priya"),
        d.MSG_ROUND_WAITING.format(round="Depth", names="Kenji"),
    ]


def test_a_round_without_an_interview_is_named():
    """A required template round that never got an interview is named as missing."""
    loop = build(good(), no_interview={"depth"})
    reasons = d.recommend(loop).reasons
    assert reasons[0].message == d.MSG_ROUND_NOT_IN_LOOP.format(round="Depth")
    assert reasons[0].rounds == ("depth",)


def test_the_jerk_reason_quotes_the_evidence_and_rests_on_that_scorecard():
    """The veto shows the observed behaviour and the one scorecard that raised it."""
    loop = build(good(overview=card(jerk=True, jerk_evidence="Called a colleague 'the help'.", interviewer="Lena")))
    reason = d.recommend(loop).reasons[0]
    assert reason.code == d.BRILLIANT_JERK
    assert reason.message == d.MSG_JERK.format(
        name="Lena", round="Overview / culture", evidence="Called a colleague 'the help'."
    )
    assert reason.scorecards == (SCORECARD_ID["overview"],)
    assert reason.severity == d.CRITICAL


def test_competency_means_are_weighted_and_exact():
    """Two interviewers' 2 and 4 average to exactly the bar of 3 and meet it."""
    loop = build(good(ml_coding=card(3, scores={"ml_implementation": 2})), extra_cards=[("ml_coding", card(4))])
    recommendation = d.recommend(loop)
    by_code = {c.code: c for c in recommendation.competencies}
    assert by_code["ml_implementation"].mean == 3.0
    assert by_code["ml_implementation"].meets_bar is True
    assert by_code["code_quality"].mean == 3.5
    assert by_code["ml_implementation"].scorecards == (SCORECARD_ID["ml_coding"], 200)
    assert recommendation.outcome == d.HIRE


def test_a_competency_shared_by_two_rounds_uses_each_rubric_weight():
    """A code rated in two rounds is averaged with each rubric's weight."""
    heavy = dataclasses.replace(COMPETENCIES["technical_depth"], id=999, weight=3)
    loop = build(good(depth=card(4)))
    breadth_round = loop.rounds[2]
    rounds = list(loop.rounds)
    rounds[2] = dataclasses.replace(breadth_round, competencies=(*breadth_round.competencies, heavy))
    scorecards = [
        dataclasses.replace(s, ratings=(*s.ratings, d.RatingInput(heavy, 2, "Shallow.")))
        if s.interview_id == ROUND_IDS["breadth"]
        else s
        for s in loop.scorecards
    ]
    loop = dataclasses.replace(loop, rounds=tuple(rounds), scorecards=tuple(scorecards))
    result = {c.code: c for c in d.recommend(loop).competencies}["technical_depth"]
    # depth rates it 4 with weight 2, breadth 2 with weight 3: (8 + 6) / 5
    assert result.mean == 2.8
    assert result.rounds == ("breadth", "depth")


def test_below_bar_names_each_competency_with_its_mean_and_bar():
    """The below-bar reason lists the competencies, their means and bars, and the scorecards."""
    loop = build(good(ml_coding=card(3, scores={"code_quality": 2}), depth=card(3)), bars={"technical_depth": 3.5})
    reason = next(r for r in d.recommend(loop).reasons if r.code == d.BELOW_BAR)
    assert reason.message == d.MSG_BELOW_BAR.format(
        count=2, plural="ies", items="Code quality 2.0 (bar 3.0); Technical depth 3.0 (bar 3.5)"
    )
    assert reason.competencies == ("code_quality", "technical_depth")
    assert reason.scorecards == (SCORECARD_ID["ml_coding"], SCORECARD_ID["depth"])


def test_an_optional_competency_below_the_bar_is_not_held():
    """Only required competencies (or ones the template names) are held to the bar."""
    loop = em(em_cards() | {"leadership": card(4, "yes", scores={"hiring_bar": 1})})
    recommendation = d.recommend(loop)
    hiring_bar = {c.code: c for c in recommendation.competencies}["hiring_bar"]
    assert hiring_bar.held_to_bar is False
    assert hiring_bar.meets_bar is False
    assert recommendation.outcome == d.HIRE
    assert d.OPTIONAL_BELOW_BAR in codes(recommendation)


def test_a_template_bar_holds_an_optional_competency():
    """Naming an optional competency in the template's bars holds it to that bar."""
    loop = em(em_cards() | {"leadership": card(4, "yes", scores={"hiring_bar": 2})}, bars={"hiring_bar": 3})
    recommendation = d.recommend(loop)
    assert recommendation.outcome == d.NO_HIRE
    assert next(r for r in recommendation.reasons if r.code == d.BELOW_BAR).competencies == ("hiring_bar",)


def test_the_em_check_shows_the_gap_per_competency():
    """Below the MLS bar: every technical competency with its mean, bar and gap."""
    loop = em(em_cards(coding=2) | {"breadth": card(3, scores={"statistics": 2})})
    recommendation = d.recommend(loop)
    check = recommendation.em_check
    assert check.status == "below"
    assert check.meets_bar is False
    gaps = {c.code: (c.mean, c.bar, c.gap, c.meets_bar) for c in check.competencies}
    assert gaps == {
        "ml_implementation": (2.0, 3.0, 1.0, False),
        "code_quality": (2.0, 3.0, 1.0, False),
        "ml_fundamentals": (3.0, 3.0, 0.0, True),
        "statistics": (2.0, 3.0, 1.0, False),
    }
    reason = next(r for r in recommendation.reasons if r.code == d.EM_BELOW_MLS_BAR)
    assert reason.message == d.MSG_EM_BELOW.format(
        items="Ml implementation 2.0 vs 3.0 (gap 1.0); Code quality 2.0 vs 3.0 (gap 1.0); "
        "Statistics 2.0 vs 3.0 (gap 1.0)"
    )
    assert reason.scorecards == (SCORECARD_ID["ml_coding"], SCORECARD_ID["breadth"])
    assert check.bar_source == ("Applied Scientist MLS1", "Applied Scientist MLS2")


def test_the_em_check_uses_the_strictest_mls_bar():
    """When MLS1 and MLS2 differ, the technical rounds meet the higher bar."""
    reference = d.EmReference(
        policies=(
            d.PolicyInput(name="MLS1", competency_bar=3),
            d.PolicyInput(name="MLS2", competency_bar=3, competency_bars={"code_quality": 3.5}),
        )
    )
    loop = em(em_cards(), em_reference=reference)
    check = d.recommend(loop).em_check
    assert {c.code: c.bar for c in check.competencies}["code_quality"] == 3.5
    assert check.status == "below"


def test_the_em_check_defaults_to_the_meets_bar_without_mls_templates():
    """No MLS templates configured: the default bar of 3 applies."""
    loop = em(em_cards(coding=2), em_reference=None)
    check = d.recommend(loop).em_check
    assert {c.bar for c in check.competencies} == {3.0}
    assert check.bar_source == ()


@pytest.mark.parametrize(
    ("past_scores", "percentile", "reference_hires"),
    [
        ([], None, 0),
        ([2, 3, 4, 3], None, 4),
        ([2, 2.5, 3, 3.5, 4], 50.0, 5),
        ([2, 2, 2, 2, 2, 4], 83.3, 6),
        ([3.5, 3.5, 4, 4, 4], 0.0, 5),
    ],
)
def test_the_em_percentile_needs_five_past_hires(past_scores, percentile, reference_hires):
    """The percentile against past MLS hires appears once five of them have technical scores."""
    hires = tuple(d.PastHire(loop_id=i, ratings=((1, score),)) for i, score in enumerate(past_scores))
    hires += (d.PastHire(loop_id=99, ratings=((1, None),)),)  # no technical scores: not counted
    reference = dataclasses.replace(MLS_REFERENCE, past_hires=hires)
    loop = em(em_cards(), em_reference=reference)
    check = d.recommend(loop).em_check
    assert check.technical_score == 3.0
    assert check.percentile == percentile
    assert check.reference_hires == reference_hires
    reason = next(r for r in d.recommend(loop).reasons if r.code == d.EM_PERCENTILE)
    if percentile is None:
        assert reason.message == d.MSG_EM_TOO_FEW_HIRES.format(minimum=5, count=reference_hires)
    else:
        ordinal = {50.0: "50th", 83.3: "83rd", 0.0: "0th"}[percentile]
        assert reason.message == d.MSG_EM_PERCENTILE.format(score="3.0", percentile=ordinal, count=reference_hires)


def test_the_em_check_is_pending_until_the_technical_rounds_are_in():
    """An EM loop still owed its coding scorecard has a pending check."""
    cards = em_cards() | {"ml_coding": card(submitted=False)}
    loop = em(cards)
    check = d.recommend(loop).em_check
    assert check.status == "pending"
    assert check.meets_bar is None


def test_non_em_loops_have_no_em_check():
    """The EM check only applies to engineering-manager loops."""
    assert d.recommend(build(good())).em_check is None


def test_late_scorecards_are_listed_with_the_delay():
    """A scorecard submitted more than 48 hours after the interview is late."""
    recommendation = d.recommend(build(good(breadth=card(late_hours=60, interviewer="Sam"))))
    assert recommendation.late_scorecards == (
        d.LateScorecard(
            scorecard=SCORECARD_ID["breadth"],
            interviewer="Sam",
            round="breadth",
            round_name="Breadth",
            hours_after_interview=60.0,
        ),
    )
    assert recommendation.reasons[-1].message == d.MSG_LATE.format(name="Sam", round="Breadth", hours="60.0")


def test_coverage_names_competencies_nobody_assessed():
    """Competencies of held rounds without any rating are named; rounds not held are not."""
    loop = build(good(depth=card(scores={"baseline_thinking": None}), ml_systems=card(submitted=False)))
    assert d.recommend(loop).coverage == (
        d.CoverageGap(
            code="baseline_thinking", name="Baseline thinking", round="depth", round_name="Depth", required=True
        ),
    )


def test_the_lean_counts_strong_opinions_double():
    """The lean message shows the tally and the net pull."""
    loop = build(good(overview=card(3, "strong_yes"), ml_coding=card(3, "no")))
    reason = d.recommend(loop).reasons[-1]
    assert reason.message == d.MSG_OVERALL.format(lean="yes", tally="1 strong yes, 2 yes, 1 no", net=3)
    assert reason.scorecards == tuple(sorted(SCORECARD_ID[c] for c in ("overview", "ml_coding", "breadth", "depth")))


def test_the_output_is_deterministic_whatever_the_input_order():
    """Shuffled scorecards give the very same recommendation."""
    loop = build(good(overview=card(jerk=True), breadth=card(2, "strong_no", late_hours=50)))
    shuffled = dataclasses.replace(loop, scorecards=tuple(reversed(loop.scorecards)))
    assert d.recommend(loop) == d.recommend(shuffled)


def test_a_loop_without_any_feedback_is_incomplete_without_a_lean():
    """Nothing submitted: incomplete, every required round named, no lean."""
    recommendation = d.recommend(build({}))
    assert recommendation.outcome == d.INCOMPLETE
    assert codes(recommendation) == ["missing_round"] * 4
    assert recommendation.competencies == ()


def test_every_reason_code_has_a_label_for_people():
    """The pages name each reason in words (the API keeps the codes); a new code without a label fails here."""
    assert set(d.SEVERITY_OF) <= set(d.REASON_LABELS)
    assert len(set(d.REASON_LABELS.values())) == len(d.REASON_LABELS)
    assert d.Reason(code=d.BELOW_BAR, message="m", severity="critical").label == "Below the bar"
