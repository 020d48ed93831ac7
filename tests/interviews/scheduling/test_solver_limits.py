"""The scheduler answers quickly when no plan exists: checks before the search, forward checking in it, a
node budget on it, and an honest answer when the budget runs out (search nodes counted, not seconds)."""

import importlib.util
import random
import sys
from pathlib import Path

import pytest

from interviews.scheduling import solver
from interviews.scheduling.solver import propose
from tests.interviews.scheduling.builders import person, problem, rnd, window

WEEKDAYS = ["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11"]
NEXT_WEEK = ["2026-12-14", "2026-12-15", "2026-12-16"]
EIGHT_DAYS = WEEKDAYS + NEXT_WEEK
BENCHMARK = Path(__file__).resolve().parents[3] / "benchmarks" / "scheduler_benchmark.py"


def _six_round_loop(people, windows, **options):
    rounds = [rnd("overview", 45), rnd("ml_coding"), rnd("breadth", 45), rnd("depth"), rnd("ml_systems")]
    return problem(rounds, people, windows, **options)


def _crowd():
    """Plenty of free people for every round but ML coding and breadth."""
    crowd = [person(10 + i, "overview", senior_leader=True) for i in range(3)]
    crowd += [person(20 + i, "depth", "ml_systems") for i in range(6)]
    return crowd


def test_two_rounds_only_one_person_can_run_are_refused_before_any_search():
    """Eight candidate days, many combinations of the other rounds: the whole-loop matching check answers."""
    sole = person(1, "ml_coding", "breadth", weekly_cap=20)
    prob = _six_round_loop([sole, *_crowd()], [window(day, "09:00", "17:00") for day in EIGHT_DAYS])
    model = solver._Model(prob)
    assert model.search() is None
    assert model.nodes == 0
    reasons = solver.explain(prob, model)
    assert [reason.code for reason in reasons] == ["not_enough_interviewers"]
    assert "Person 1" in reasons[0].message


def test_windows_that_hold_too_few_rounds_are_named_without_a_search():
    """Five one-hour windows hold one round a day, buffer or not: six rounds do not fit, and the search
    never starts (no number of days can hold them)."""
    people = [person(1, "ml_coding"), person(2, "breadth"), person(3, "depth"), person(4, "ml_systems")]
    people += [person(5, "overview", senior_leader=True), person(6, "leadership", senior_leader=True)]
    rounds = [rnd("overview", 45), rnd("ml_coding"), rnd("breadth", 45), rnd("depth"), rnd("ml_systems")]
    rounds.append(rnd("leadership", 45))
    prob = problem(rounds, people, [window(day, "10:00", "11:00") for day in WEEKDAYS])
    model = solver._Model(prob)
    assert model.search() is None
    assert model.nodes == 0
    reasons = solver.explain(prob, model)
    assert [reason.code for reason in reasons] == ["windows_too_few"]
    assert reasons[0].message == solver.WINDOWS_HOLD_TOO_FEW.format(fit=5, count=6, buffer=15, cap=4)


def test_a_spent_budget_says_so_and_never_claims_that_no_plan_exists():
    """With one node to spend the search gives up: "search_limit", not "no_combination"; with the default
    budget the same loop has a plan."""
    people = [person(1, "ml_coding"), person(2, "breadth"), person(3, "overview", senior_leader=True)]
    prob = problem(
        [rnd("overview", 45), rnd("ml_coding"), rnd("breadth", 45)], people, [window(WEEKDAYS[0], "09:00", "17:00")]
    )
    starved = propose(prob, budget=1)
    assert not starved.feasible
    assert [reason.code for reason in starved.reasons] == ["search_limit"]
    assert starved.reasons[0].message == solver.SEARCH_LIMIT
    assert propose(prob).feasible


def _benchmark():
    spec = importlib.util.spec_from_file_location("scheduler_benchmark", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("scheduler_benchmark", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("kind", range(5))
def test_the_benchmarks_infeasible_loops_are_explained_within_a_small_part_of_the_budget(kind):
    """Each kind of loop built to have no plan (benchmarks/scheduler_benchmark.py) is answered with a
    specific reason after a few hundred nodes at most, never by running out of budget."""
    benchmark = _benchmark()
    build = benchmark.INFEASIBLE_KINDS[kind]
    rng = random.Random(kind)
    for _ in range(3):
        prob = build(rng)
        model = solver._Model(prob)
        found = model.search()
        if found is not None:
            continue  # a small busy pool sometimes does have a plan
        assert not model.gave_up
        assert model.nodes < solver.SEARCH_BUDGET // 20
        codes = [reason.code for reason in solver.explain(prob, model)]
        assert codes
        assert "search_limit" not in codes
