"""Small builders for scheduler problems (plain dataclasses, no database)."""

import datetime as dt
from zoneinfo import ZoneInfo

from interviews.scheduling.solver import Interval, Interviewer, Options, Problem, Round

LABELS = {
    "overview": "overview",
    "ml_coding": "ML coding",
    "breadth": "breadth",
    "depth": "depth",
    "ml_systems": "ML systems",
    "leadership": "leadership",
}
SENIOR_ROUNDS = {"overview", "leadership"}


def at(day: str, clock: str, zone: str = "UTC") -> dt.datetime:
    """An aware datetime from a local date and wall-clock time in a zone."""
    return dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=ZoneInfo(zone))


def window(day: str, start: str, end: str, zone: str = "UTC") -> Interval:
    return Interval(at(day, start, zone), at(day, end, zone))


def rnd(code: str, minutes: int = 60, key: str | None = None) -> Round:
    return Round(
        key=key or code,
        round_type=code,
        label=LABELS[code],
        minutes=minutes,
        requires_senior_leader=code in SENIOR_ROUNDS,
    )


def person(pid: int, *codes: str, stage: str = "qualified", **fields) -> Interviewer:
    fields.setdefault("name", f"Person {pid}")
    fields.setdefault("qualifications", {code: stage for code in codes})
    return Interviewer(id=pid, **fields)


def problem(rounds, people, windows, zone: str = "UTC", **options) -> Problem:
    return Problem(
        rounds=tuple(rounds),
        interviewers=tuple(people),
        windows=tuple(windows),
        candidate_timezone=zone,
        options=Options(**options),
    )
