"""The use-case gate as a pure function: what stops an ML-scientist requisition from opening."""

import pytest

from hiring import gate
from hiring.gate import UseCaseFacts, gate_problems

GOOD = UseCaseFacts("Fraud", "accepted", "Velocity rules.", "Catch 35% of fraud.")


@pytest.mark.parametrize("family", ["applied_scientist", "research_scientist"])
def test_an_ml_scientist_requisition_without_use_cases_is_refused(family):
    """No use case linked: the headline and what to do."""
    problems = gate_problems(role_family=family, use_cases=[])
    label = "Applied scientist" if family == "applied_scientist" else "Research scientist"
    assert problems == [gate.GATE_HEADLINE.format(family=label), gate.GATE_NONE_LINKED]


def test_it_names_what_each_linked_use_case_is_missing():
    """Every linked use case is listed with exactly what it lacks."""
    problems = gate_problems(
        role_family="applied_scientist",
        use_cases=[
            UseCaseFacts("Descriptions", "proposed", "Templates.", ""),
            UseCaseFacts("Churn", "accepted", "", ""),
            UseCaseFacts("Old", "retired", "Moving average.", "Lags by weeks."),
        ],
    )
    assert problems[1:] == [
        "“Churn”: no baseline tried; no reason why the baseline is not enough.",
        "“Descriptions”: not accepted by a hiring manager (it is proposed); no reason why the baseline is not enough.",
        "“Old”: not accepted by a hiring manager (it is retired).",
    ]


def test_one_accepted_justified_use_case_is_enough():
    """Others may be incomplete as long as one passes."""
    assert gate_problems(role_family="applied_scientist", use_cases=[UseCaseFacts("X", "proposed"), GOOD]) == []


def test_blank_justifications_do_not_count():
    """Whitespace is not a justification."""
    blank = UseCaseFacts("Blank", "accepted", "   ", "\n")
    assert gate_problems(role_family="research_scientist", use_cases=[blank]) != []


@pytest.mark.parametrize(
    "family", ["ml_engineer", "data_scientist", "data_engineer", "analytics_engineer", "engineering_manager"]
)
def test_other_families_are_not_gated(family):
    """Only applied and research scientists need a use case to open."""
    assert gate_problems(role_family=family, use_cases=[]) == []
