"""Scheduler benchmark (a script, not a test): the solver on generated loops, feasible and infeasible.

    .venv/bin/python benchmarks/scheduler_benchmark.py [--instances 100] [--infeasible 100] [--seed 1]

Two sets, timed separately, each reporting the median, p95 and max time of
`interviews.scheduling.solver.propose` (which for an infeasible loop includes explaining why):

- *random*: 6 rounds, 200 interviewers in 6 zones (1–3 round types each, 20% senior leaders, trainees
  mixed in), 2–5 busy blocks per working day over two weeks, up to 3 existing interviews each, four
  candidate windows, shadows on. Almost all have a plan.
- *infeasible*: loops built to have none, over 8 candidate days, in five kinds: two rounds only one
  person can run; a small, busy pool of interviewers; windows too short for the day's rounds;
  overview leaders free only after everyone else; and everyone at their weekly cap. Some "small
  pool" loops turn out to have a plan; they are reported with the feasible ones.

Goals: feasible median under 100 ms, infeasible p95 under 100 ms, on a 2-core machine.
"""

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from interviews.scheduling.solver import Interval, Interviewer, Options, Problem, Round, propose

ROUNDS = [
    ("overview", "overview", 45, True),
    ("ml_coding", "ML coding", 60, False),
    ("breadth", "breadth", 45, False),
    ("depth", "depth", 60, False),
    ("ml_systems", "ML systems", 60, False),
    ("leadership", "leadership", 45, True),
]
ZONES = ["Europe/London", "Europe/Berlin", "Europe/Stockholm", "America/New_York", "Asia/Kolkata", "Africa/Lagos"]
FIRST_DAY = dt.date(2026, 12, 7)  # a Monday
DAYS = [FIRST_DAY + dt.timedelta(days=d) for d in range(14)]
WORKING_DAYS = [day for day in DAYS if day.weekday() < 5]


def _local(day: dt.date, hour: float, zone: str) -> dt.datetime:
    base = dt.datetime.combine(day, dt.time(0), tzinfo=ZoneInfo(zone))
    return (base + dt.timedelta(minutes=round(hour * 60))).astimezone(dt.UTC)


def _rounds() -> tuple[Round, ...]:
    return tuple(
        Round(key=i, round_type=c, label=label, minutes=m, requires_senior_leader=s)
        for i, (c, label, m, s) in enumerate(ROUNDS)
    )


def _person(rng: random.Random, pid: int, *, busy_per_day: tuple[int, int] = (2, 5)) -> Interviewer:
    zone = rng.choice(ZONES)
    codes = rng.sample([code for code, *_ in ROUNDS], rng.randint(1, 3))
    qualifications = {
        code: rng.choice(["qualified", "qualified", "qualified", "reverse_shadow", "shadow"]) for code in codes
    }
    busy = []
    for day in WORKING_DAYS:
        for _ in range(rng.randint(*busy_per_day)):
            start = _local(day, rng.randrange(16, 34) / 2, zone)
            busy.append(Interval(start, start + dt.timedelta(minutes=rng.choice([30, 60, 90, 120]))))
    booked = []
    for _ in range(rng.randint(0, 3)):
        start = _local(rng.choice(DAYS), rng.randrange(18, 32) / 2, zone)
        booked.append(Interval(start, start + dt.timedelta(minutes=60)))
    return Interviewer(
        id=pid,
        name=f"Interviewer {pid}",
        timezone=zone,
        work_start=dt.time(rng.choice([8, 9, 10])),
        work_end=dt.time(rng.choice([16, 17, 18])),
        weekdays=(0, 1, 2, 3, 4),
        weekly_cap=rng.randint(2, 5),
        senior_leader=rng.random() < 0.2,
        qualifications=qualifications,
        busy=tuple(busy),
        booked=tuple(booked),
    )


def generate(rng: random.Random, interviewers: int = 200) -> Problem:
    """A random loop (the *random* set)."""
    people = [_person(rng, pid) for pid in range(1, interviewers + 1)]
    candidate_zone = rng.choice(ZONES)
    window_days = sorted(rng.sample(WORKING_DAYS, 4))
    windows = tuple(
        Interval(_local(day, rng.choice([9, 10]), candidate_zone), _local(day, rng.choice([16, 17]), candidate_zone))
        for day in window_days
    )
    return Problem(
        rounds=_rounds(),
        interviewers=tuple(people),
        windows=windows,
        candidate_timezone=candidate_zone,
        options=Options(add_shadows=True),
    )


def _eight_days(rng: random.Random, problem: Problem, *, opens: float = 9, closes: float = 17) -> Problem:
    zone = problem.candidate_timezone
    windows = tuple(Interval(_local(day, opens, zone), _local(day, closes, zone)) for day in WORKING_DAYS[:8])
    return replace(problem, windows=windows)


def shared_sole_interviewer(rng: random.Random) -> Problem:
    """ML coding and breadth can only be run by the same one person (no one may interview twice)."""
    problem = _eight_days(rng, generate(rng))
    pair = rng.sample(["ml_coding", "breadth", "depth", "ml_systems"], 2)
    people = []
    for person in problem.interviewers:
        qualifications = {code: stage for code, stage in person.qualifications.items() if code not in pair}
        if person.id == 1:
            qualifications = dict.fromkeys(pair, "qualified")
            person = replace(person, busy=(), booked=(), weekly_cap=10)
        people.append(replace(person, qualifications=qualifications))
    return replace(problem, interviewers=tuple(people))


def small_busy_pool(rng: random.Random) -> Problem:
    """Ten to twenty interviewers with full calendars."""
    people = tuple(_person(rng, pid, busy_per_day=(4, 7)) for pid in range(1, rng.randint(10, 20) + 1))
    return _eight_days(rng, replace(generate(rng, interviewers=1), interviewers=people))


def windows_too_short(rng: random.Random) -> Problem:
    """Ninety-minute windows: never two rounds a day with a buffer, and six rounds need six days' worth."""
    problem = generate(rng)
    zone = problem.candidate_timezone
    days = WORKING_DAYS[:5]
    windows = tuple(Interval(_local(day, 10, zone), _local(day, 11.5, zone)) for day in days)
    return replace(problem, windows=windows)


def overview_free_too_late(rng: random.Random) -> Problem:
    """Overview leaders are free only after every other interviewer's working day has ended."""
    problem = _eight_days(rng, generate(rng), opens=6, closes=22)
    people = []
    for person in problem.interviewers:
        if person.qualifications.get("overview") == "qualified":
            person = replace(person, timezone="UTC", work_start=dt.time(19), work_end=dt.time(22), busy=(), booked=())
        else:
            person = replace(person, timezone="UTC", work_start=dt.time(7), work_end=dt.time(18))
        people.append(person)
    return replace(problem, interviewers=tuple(people), candidate_timezone="UTC")


def everyone_at_cap(rng: random.Random) -> Problem:
    """Every interviewer already has their weekly cap of interviews in both weeks."""
    problem = _eight_days(rng, generate(rng))
    people = []
    for person in problem.interviewers:
        booked = tuple(
            Interval(
                _local(FIRST_DAY + dt.timedelta(days=7 * week), 1 + i, person.timezone),
                _local(FIRST_DAY + dt.timedelta(days=7 * week), 1.5 + i, person.timezone),
            )
            for week in (0, 1)
            for i in range(person.weekly_cap)
        )
        people.append(replace(person, booked=booked))
    return replace(problem, interviewers=tuple(people))


INFEASIBLE_KINDS = [
    shared_sole_interviewer,
    small_busy_pool,
    windows_too_short,
    overview_free_too_late,
    everyone_at_cap,
]


def _summary(times: list[float]) -> str:
    if not times:
        return "none"
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return f"median {statistics.median(times):.1f} ms   p95 {p95:.1f} ms   max {times[-1]:.1f} ms   (n = {len(times)})"


def _timed(problem: Problem):
    began = time.perf_counter()
    proposal = propose(problem)
    return proposal, (time.perf_counter() - began) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=100, help="random loops")
    parser.add_argument("--infeasible", type=int, default=100, help="loops built to have no plan")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    feasible_times, infeasible_times, days, gave_up = [], [], [], 0
    reasons: dict[str, int] = {}
    instances = [generate(rng) for _ in range(args.instances)]
    instances += [INFEASIBLE_KINDS[i % len(INFEASIBLE_KINDS)](rng) for i in range(args.infeasible)]
    for problem in instances:
        proposal, ms = _timed(problem)
        if proposal.feasible:
            feasible_times.append(ms)
            days.append(proposal.days)
        else:
            infeasible_times.append(ms)
            for reason in proposal.reasons:
                reasons[reason.code] = reasons.get(reason.code, 0) + 1
            gave_up += any(reason.code == "search_limit" for reason in proposal.reasons)
    print(f"instances: {args.instances} random + {args.infeasible} built to be infeasible (seed {args.seed})")
    print(f"feasible:   {_summary(feasible_times)}; days used: {dict(sorted((d, days.count(d)) for d in set(days)))}")
    print(f"infeasible: {_summary(infeasible_times)}; search limit reached: {gave_up}")
    print(f"reasons given: {dict(sorted(reasons.items()))}")


if __name__ == "__main__":
    main()
