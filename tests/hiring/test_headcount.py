"""The headcount guidance as a pure function: plain data in, plain data out, no database."""

from decimal import Decimal

import pytest

from hiring import headcount
from hiring.headcount import PlanInput, RequisitionSeats, hiring_plan, ratio_advice, requisition_warnings, stage_advice


def _plan_input(
    *, use_cases: int = 3, multiplier: str = "3", stage: str = "series_b", existing=None, requisitions=()
) -> PlanInput:
    return PlanInput(
        company_stage=stage,
        cap_multiplier=Decimal(multiplier),
        accepted_use_cases=use_cases,
        existing=existing or {},
        requisitions=list(requisitions),
    )


def _balanced(ml: int) -> dict[str, int]:
    """A team with exactly 1 : 2 : 4, so only the cap can warn."""
    return {"applied_scientist": ml, "data_engineer": 2 * ml, "analytics_engineer": 4 * ml}


def _codes(warnings) -> list[str]:
    return [warning.code for warning in warnings]


# --- the cap -----------------------------------------------------------------------------------


def test_the_cap_is_three_times_accepted_use_cases_by_default():
    """With the default multiplier, three accepted use cases allow nine ML scientists."""
    plan = hiring_plan(_plan_input(use_cases=3, multiplier=str(headcount.DEFAULT_CAP_MULTIPLIER)))
    assert plan.cap == 9
    assert plan.use_cases == 3


@pytest.mark.parametrize(
    ("multiplier", "cap"),
    [("2", 6), ("2.5", 7), ("2.75", 8), ("3", 9)],
)
def test_the_cap_follows_the_multiplier_between_2_and_3(multiplier, cap):
    """Whole people: multiplier × use cases, rounded down (2.5 × 3 = 7.5 → 7)."""
    assert hiring_plan(_plan_input(use_cases=3, multiplier=multiplier)).cap == cap


@pytest.mark.parametrize(("multiplier", "warns"), [("2", True), ("2.5", True), ("3", False)])
def test_eight_ml_scientists_on_three_use_cases_warn_below_a_multiplier_of_3(multiplier, warns):
    """Eight ML scientists exceed 2 × 3 = 6 and 2.5 × 3 = 7.5 but not 3 × 3 = 9."""
    plan = hiring_plan(_plan_input(use_cases=3, multiplier=multiplier, existing=_balanced(8)))
    assert ("over_cap" in _codes(plan.warnings)) is warns
    assert plan.ml_scientists.total == 8


def test_the_cap_warning_shows_its_numbers():
    """The message names the count, the cap, the multiplier, the use cases and the excess."""
    plan = hiring_plan(_plan_input(use_cases=2, multiplier="2.5", existing=_balanced(6)))
    (warning,) = [w for w in plan.warnings if w.code == "over_cap"]
    assert warning.message == headcount.OVER_CAP.format(total=6, cap=5, multiplier="2.5", use_cases=2, over=1)
    assert "6 ML scientists (filled + open) exceed the cap of 5 = 2.5 × 2 accepted use cases by 1" in warning.message
    assert dict(warning.numbers) == {"ml_scientists": 6, "cap": 5, "use_cases": 2}
    assert plan.over_cap_by == 1


def test_exactly_at_the_cap_is_not_a_warning():
    """Reaching the cap is allowed; only going above it warns."""
    plan = hiring_plan(_plan_input(use_cases=2, multiplier="3", existing=_balanced(6)))
    assert plan.warnings == ()
    assert plan.over_cap_by == 0


def test_ml_scientists_without_any_accepted_use_case_are_over_a_cap_of_zero():
    """No use case, no ML scientists: the cap is zero."""
    plan = hiring_plan(_plan_input(use_cases=0, existing=_balanced(1)))
    assert plan.cap == 0
    assert _codes(plan.warnings) == ["over_cap"]


@pytest.mark.parametrize("multiplier", ["1.5", "3.5", "0"])
def test_it_refuses_a_multiplier_outside_2_to_3(multiplier):
    """The multiplier is configurable only between 2 and 3."""
    with pytest.raises(ValueError, match="between 2 and 3"):
        hiring_plan(_plan_input(multiplier=multiplier))


# --- counting ----------------------------------------------------------------------------------


def test_it_counts_existing_team_hires_and_open_seats_but_not_drafts_or_closed():
    """Existing + hired through Loopwise + unfilled seats of open and on-hold requisitions."""
    requisitions = [
        RequisitionSeats(1, "open, one of three hired", "applied_scientist", "open", headcount=3, hired=1),
        RequisitionSeats(2, "on hold", "research_scientist", "on_hold", headcount=1),
        RequisitionSeats(3, "filled", "applied_scientist", "filled", headcount=2, hired=1),
        RequisitionSeats(4, "draft", "applied_scientist", "draft", headcount=5),
        RequisitionSeats(5, "closed after one hire", "applied_scientist", "closed", headcount=4, hired=1),
    ]
    plan = hiring_plan(_plan_input(existing={"applied_scientist": 2}, requisitions=requisitions))
    ml = plan.ml_scientists
    assert ml.existing == 2
    assert ml.hired == 1 + 2 + 1  # hired on the open one, the filled one's seats, the closed one's hire
    assert ml.open == 2 + 1  # two left on the open one, one on hold
    assert ml.total == 9
    assert {count.role_family: count.total for count in plan.families}["applied_scientist"] == 8


def test_every_role_family_is_listed_even_at_zero():
    """The plan's table has a row per role family."""
    plan = hiring_plan(_plan_input())
    assert [count.role_family for count in plan.families] == [
        "applied_scientist",
        "research_scientist",
        "ml_engineer",
        "data_scientist",
        "data_engineer",
        "analytics_engineer",
        "engineering_manager",
    ]
    assert all(count.total == 0 for count in plan.families)


# --- the ratio ---------------------------------------------------------------------------------


def test_a_team_short_of_data_engineers_is_told_to_hire_data_engineers_next():
    """4 ML scientists with 3 data engineers (of 8) and 16 analytics engineers: data engineers next."""
    ratio = ratio_advice(ml_scientists=4, data_engineers=3, analytics_engineers=16)
    assert ratio.hire_next == "data_engineer"
    assert ratio.short_data_engineers == 5
    assert ratio.short_analytics_engineers == 0
    assert ratio.advice == "Hire data engineers next: 3 of 8 for 4 ML scientists at 1 : 2 : 4."
    assert ratio.actual_text == "4 : 3 : 16"


def test_a_team_short_of_analytics_engineers_is_told_to_hire_analytics_engineers_next():
    """2 ML scientists with 4 data engineers and 3 analytics engineers (of 8)."""
    ratio = ratio_advice(ml_scientists=2, data_engineers=4, analytics_engineers=3)
    assert ratio.hire_next == "analytics_engineer"
    assert ratio.short_analytics_engineers == 5
    assert ratio.advice == "Hire analytics engineers next: 3 of 8 for 2 ML scientists at 1 : 2 : 4."


def test_when_short_of_both_the_one_furthest_below_target_comes_first():
    """6 ML scientists: data engineers 9 of 12 (75%), analytics engineers 16 of 24 (67%)."""
    ratio = ratio_advice(ml_scientists=6, data_engineers=9, analytics_engineers=16)
    assert ratio.hire_next == "analytics_engineer"
    assert ratio.advice == (
        "Hire analytics engineers next: 16 of 24 for 6 ML scientists at 1 : 2 : 4. Then data engineers: 9 of 12."
    )


def test_an_equal_shortfall_goes_to_data_engineers_first():
    """Pipelines before analytics when both are equally far below target."""
    assert ratio_advice(ml_scientists=2, data_engineers=2, analytics_engineers=4).hire_next == "data_engineer"


def test_a_team_at_the_ratio_can_support_another_ml_scientist():
    """At or above 1 : 2 : 4 the next hire may be an applied scientist."""
    ratio = ratio_advice(ml_scientists=2, data_engineers=5, analytics_engineers=8)
    assert ratio.hire_next == "applied_scientist"
    assert ratio.advice == headcount.RATIO_MET.format(actual="2 : 5 : 8")


def test_without_ml_scientists_the_ratio_gives_no_advice():
    """No ML scientists: nothing to compare against."""
    ratio = ratio_advice(ml_scientists=0, data_engineers=3, analytics_engineers=1)
    assert ratio.hire_next is None
    assert ratio.advice == headcount.RATIO_NO_ML


def test_the_plan_warns_for_each_family_the_team_is_short_of():
    """One warning per short family, with its numbers."""
    plan = hiring_plan(_plan_input(existing={"applied_scientist": 3, "data_engineer": 2, "analytics_engineer": 12}))
    assert _codes(plan.warnings) == ["ratio_short_data_engineers"]
    assert (
        plan.warnings[0].message == "3 ML scientists call for 6 data engineers at 1 : 2 : 4; the team has 2 (4 short)."
    )


# --- company stage -----------------------------------------------------------------------------


@pytest.mark.parametrize("stage", ["seed", "series_a", "series_b"])
def test_early_stages_hire_applied_scientists_data_and_analytics_engineers(stage):
    """Series A/B: applied scientists, data engineers, analytics engineers; not yet MLEs or research."""
    advice = stage_advice(stage)
    assert advice.hire == ("applied_scientist", "data_engineer", "analytics_engineer")
    assert advice.not_yet == ("ml_engineer", "research_scientist")
    assert advice.message.startswith(f"At {advice.label}, hire applied scientists")


def test_series_c_adds_ml_engineers():
    """Series C and later: add ML engineers / MLOps."""
    advice = stage_advice("series_c")
    assert "ml_engineer" in advice.hire
    assert advice.not_yet == ("research_scientist",)


@pytest.mark.parametrize("stage", ["series_d", "series_e", "ipo"])
def test_research_scientists_come_from_series_d_or_around_ipo(stage):
    """Series D/E or around an IPO: research scientists too."""
    advice = stage_advice(stage)
    assert "research_scientist" in advice.hire
    assert advice.not_yet == ()


def test_stage_advice_carries_the_pay_note():
    """Applied scientists are the end-to-end default and paid above ML engineers."""
    assert "paid above ML engineers" in stage_advice("series_a").pay_note


@pytest.mark.parametrize(
    ("family", "stage", "warns"),
    [
        ("research_scientist", "series_c", True),
        ("research_scientist", "series_d", False),
        ("ml_engineer", "series_b", True),
        ("ml_engineer", "series_c", False),
        ("applied_scientist", "seed", False),
        ("data_engineer", "series_a", False),
    ],
)
def test_a_requisition_against_the_stage_advice_warns(family, stage, warns):
    """Research scientists before Series D and ML engineers before Series C run against the advice."""
    requisition = RequisitionSeats(7, "The req", family, "open", headcount=1)
    plan = hiring_plan(_plan_input(stage=stage, use_cases=5, existing=_balanced(1), requisitions=[requisition]))
    stage_warnings = [w for w in plan.warnings if w.code.startswith("stage_")]
    assert bool(stage_warnings) is warns
    if warns:
        assert stage_warnings[0].requisition_id == 7
        assert stage_warnings[0].message.startswith("The req: ")


def test_closed_and_filled_requisitions_do_not_warn_about_the_stage():
    """History is not advice."""
    requisitions = [
        RequisitionSeats(1, "old research", "research_scientist", "closed", headcount=1),
        RequisitionSeats(2, "filled research", "research_scientist", "filled", headcount=1, hired=1),
    ]
    plan = hiring_plan(_plan_input(stage="series_a", use_cases=5, existing=_balanced(1), requisitions=requisitions))
    assert not [w for w in plan.warnings if w.code.startswith("stage_")]


# --- one requisition's warnings ----------------------------------------------------------------


def test_a_draft_is_counted_as_if_it_opened():
    """Opening 3 seats on top of 5 ML scientists passes a cap of 6 (2 × 3)."""
    draft = RequisitionSeats(9, "Big draft", "applied_scientist", "draft", headcount=3)
    plan_input = _plan_input(
        use_cases=3,
        multiplier="2",
        existing={"applied_scientist": 5, "data_engineer": 100, "analytics_engineer": 100},
        requisitions=[draft],
    )
    assert hiring_plan(plan_input).warnings == ()
    warnings = requisition_warnings(plan_input, draft)
    assert _codes(warnings) == ["over_cap"]
    assert warnings[0].message == headcount.REQUISITION_OVER_CAP.format(
        seats=3, total=8, cap=6, multiplier="2", use_cases=3
    )


def test_an_open_requisition_is_not_counted_twice():
    """Its seats are already in the plan; the requisition's view does not add them again."""
    open_one = RequisitionSeats(1, "Open", "applied_scientist", "open", headcount=2)
    existing = {"applied_scientist": 1, "data_engineer": 6, "analytics_engineer": 12}
    plan_input = _plan_input(use_cases=1, multiplier="3", existing=existing, requisitions=[open_one])
    assert hiring_plan(plan_input).ml_scientists.total == 3
    assert requisition_warnings(plan_input, open_one) == ()


def test_an_ml_scientist_requisition_warns_when_the_team_is_short_of_engineers():
    """Adding ML scientists while short of data engineers runs against 1 : 2 : 4."""
    draft = RequisitionSeats(3, "AS", "applied_scientist", "draft", headcount=1)
    plan_input = _plan_input(
        use_cases=5,
        existing={"applied_scientist": 2, "data_engineer": 4, "analytics_engineer": 12},
        requisitions=[draft],
    )
    warnings = requisition_warnings(plan_input, draft)
    assert _codes(warnings) == ["ratio_short_data_engineers"]
    assert warnings[0].numbers["ml_scientists"] == 3
    assert warnings[0].numbers["short"] == 2


def test_a_data_engineer_requisition_gets_no_ratio_or_cap_warning():
    """Hiring the people the ratio asks for never warns about the ratio."""
    draft = RequisitionSeats(3, "DE", "data_engineer", "draft", headcount=4)
    plan_input = _plan_input(use_cases=0, existing={"applied_scientist": 2}, requisitions=[draft])
    assert requisition_warnings(plan_input, draft) == ()


def test_filled_and_closed_requisitions_have_no_warnings():
    """History is not advice."""
    for status in ("filled", "closed"):
        requisition = RequisitionSeats(1, "R", "research_scientist", status, headcount=9)
        assert requisition_warnings(_plan_input(use_cases=0, stage="seed"), requisition) == ()
