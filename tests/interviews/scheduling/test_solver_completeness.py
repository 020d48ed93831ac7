"""The scheduler against a brute-force enumerator on many small random instances (seeded).

The enumerator knows nothing of the search: it tries every combination of (start, interviewer) per
round and keeps those that `check_plan` accepts. The solver must find a plan exactly when one exists,
with the fewest days, and with the lightest interviewer load among those.
"""

import datetime as dt
import itertools
import random
from dataclasses import replace

import pytest

from interviews.scheduling.solver import Interval, Problem, Slot, check_plan, propose
from tests.interviews.scheduling.builders import at, person, problem, rnd

ZONES = ["UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney"]
CODES = ["overview", "ml_coding", "breadth", "depth"]
SEEDS = range(300)


def _random_problem(rng: random.Random) -> Problem:
    zone = rng.choice(ZONES)
    first = dt.date(2026, 3, 2) + dt.timedelta(days=rng.randrange(0, 40))
    days = [str(first + dt.timedelta(days=offset)) for offset in range(3)]
    windows = []
    for _ in range(rng.randint(1, 2)):
        start = rng.randint(8, 13)
        windows.append(Interval(at(rng.choice(days), f"{start:02d}:00", zone), at(days[0], "00:00", zone)))
        windows[-1] = replace(windows[-1], end=windows[-1].start + dt.timedelta(hours=rng.randint(1, 3)))
    codes = rng.sample(CODES, rng.randint(2, 3))
    rounds = [rnd(code, rng.choice([30, 60])) for code in codes]
    people = []
    for pid in range(1, rng.randint(3, 5) + 1):
        pzone = rng.choice([zone, zone, zone, *ZONES])
        qualified = {code: rng.choice(["qualified", "qualified", "qualified", "shadow"]) for code in codes}
        busy, booked = [], []
        for target, most in ((busy, 2), (booked, 1)):
            for _ in range(rng.randint(0, most)):
                start = at(rng.choice(days), f"{rng.randint(6, 18):02d}:{rng.choice(['00', '30'])}", pzone)
                target.append(Interval(start, start + dt.timedelta(minutes=rng.choice([30, 60, 120]))))
        people.append(
            person(
                pid,
                qualifications=qualified,
                timezone=pzone,
                work_start=dt.time(rng.randint(6, 10)),
                work_end=dt.time(rng.randint(15, 20)),
                weekdays=tuple(sorted(rng.sample(range(7), rng.randint(5, 7)))),
                weekly_cap=rng.randint(1, 2),
                senior_leader=rng.random() < 0.7,
                busy=tuple(busy),
                booked=tuple(booked),
            )
        )
    return problem(
        rounds,
        people,
        windows,
        zone,
        buffer_minutes=rng.choice([0, 15, 30]),
        max_rounds_per_day=rng.choice([1, 2, 3]),
        slot_minutes=rng.choice([30, 60]),
    )


def _single_round_options(prob: Problem, round_) -> list[Slot]:
    """Every (start, interviewer) for one round that passes check_plan on its own."""
    alone = replace(prob, rounds=(round_,))
    options = []
    for w in prob.windows:
        t = w.start.replace(second=0, microsecond=0)
        while t + dt.timedelta(minutes=round_.minutes) <= w.end:
            for p in prob.interviewers:
                slot = Slot(round_.key, t, t + dt.timedelta(minutes=round_.minutes), p.id)
                if not check_plan(alone, [slot]):
                    options.append(slot)
            t += dt.timedelta(minutes=5)
    return list(dict.fromkeys(options))


def _brute_force(prob: Problem) -> list[tuple[int, int]]:
    """(days, load) of every valid plan."""
    per_round = [_single_round_options(prob, r) for r in prob.rounds]
    loads = {p.id: p.load for p in prob.interviewers}
    zone = at("2026-01-01", "00:00", prob.candidate_timezone).tzinfo
    found = []
    for combo in itertools.product(*per_round):
        if not check_plan(prob, list(combo)):
            days = len({s.start.astimezone(zone).date() for s in combo})
            found.append((days, sum(loads[s.interviewer_id] for s in combo)))
    return found


@pytest.mark.parametrize("seed", SEEDS)
def test_it_finds_a_plan_exactly_when_brute_force_does(seed):
    """Feasible iff brute force finds a plan; the plan is valid, uses the fewest days and the least load."""
    prob = _random_problem(random.Random(seed))
    plans = _brute_force(prob)
    proposal = propose(prob)
    assert proposal.feasible == bool(plans)
    if not plans:
        assert proposal.reasons
        return
    assert check_plan(prob, proposal.slots) == []
    best_days = min(days for days, _ in plans)
    assert proposal.days == best_days
    zone = at("2026-01-01", "00:00", prob.candidate_timezone).tzinfo
    assert len({s.start.astimezone(zone).date() for s in proposal.slots}) == best_days
    loads = {p.id: p.load for p in prob.interviewers}
    best_load = min(load for days, load in plans if days == best_days)
    assert sum(loads[s.interviewer_id] for s in proposal.slots) == best_load


def test_the_random_instances_cover_both_outcomes():
    """The seeds give both feasible and infeasible instances, so the comparison means something."""
    outcomes = [propose(_random_problem(random.Random(seed))) for seed in SEEDS]
    feasible = [p for p in outcomes if p.feasible]
    assert len(feasible) >= 50
    assert len(outcomes) - len(feasible) >= 50
    assert {p.days for p in feasible} == {1, 2}
