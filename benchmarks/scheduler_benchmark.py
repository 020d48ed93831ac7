"""Scheduler benchmark (a script, not a test): 6 rounds, 200 interviewers, two weeks of busy blocks.

    .venv/bin/python benchmarks/scheduler_benchmark.py [--instances 50] [--seed 1]

Prints the median and 95th-percentile solve time of `interviews.scheduling.solver.propose` over
generated instances, and how many were feasible. The aim is a median under 100 ms on a 2-core machine.
"""

import argparse
import datetime as dt
import random
import statistics
import sys
import time
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


def _local(day: dt.date, hour: float, zone: str) -> dt.datetime:
    base = dt.datetime.combine(day, dt.time(0), tzinfo=ZoneInfo(zone))
    return (base + dt.timedelta(minutes=round(hour * 60))).astimezone(dt.UTC)


def generate(rng: random.Random, interviewers: int = 200) -> Problem:
    days = [FIRST_DAY + dt.timedelta(days=d) for d in range(14)]
    people = []
    for pid in range(1, interviewers + 1):
        zone = rng.choice(ZONES)
        codes = rng.sample([code for code, *_ in ROUNDS], rng.randint(1, 3))
        qualifications = {
            code: rng.choice(["qualified", "qualified", "qualified", "reverse_shadow", "shadow"]) for code in codes
        }
        busy = []
        for day in days:
            if day.weekday() >= 5:
                continue
            for _ in range(rng.randint(2, 5)):
                start = _local(day, rng.randrange(16, 34) / 2, zone)
                busy.append(Interval(start, start + dt.timedelta(minutes=rng.choice([30, 60, 90, 120]))))
        booked = []
        for _ in range(rng.randint(0, 3)):
            start = _local(rng.choice(days), rng.randrange(18, 32) / 2, zone)
            booked.append(Interval(start, start + dt.timedelta(minutes=60)))
        people.append(
            Interviewer(
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
        )
    candidate_zone = rng.choice(ZONES)
    window_days = sorted(rng.sample([d for d in days if d.weekday() < 5], 4))
    windows = tuple(
        Interval(_local(day, rng.choice([9, 10]), candidate_zone), _local(day, rng.choice([16, 17]), candidate_zone))
        for day in window_days
    )
    rounds = tuple(
        Round(key=i, round_type=c, label=label, minutes=m, requires_senior_leader=s)
        for i, (c, label, m, s) in enumerate(ROUNDS)
    )
    return Problem(
        rounds=rounds,
        interviewers=tuple(people),
        windows=windows,
        candidate_timezone=candidate_zone,
        options=Options(add_shadows=True),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    times, feasible, days = [], 0, []
    for _ in range(args.instances):
        problem = generate(rng)
        began = time.perf_counter()
        proposal = propose(problem)
        times.append((time.perf_counter() - began) * 1000)
        if proposal.feasible:
            feasible += 1
            days.append(proposal.days)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    print(f"instances: {args.instances} (6 rounds, 200 interviewers, two weeks of busy blocks)")
    print(f"feasible: {feasible}; days used: {dict(sorted((d, days.count(d)) for d in set(days)))}")
    print(f"median: {statistics.median(times):.1f} ms   p95: {p95:.1f} ms   max: {times[-1]:.1f} ms")


if __name__ == "__main__":
    main()
