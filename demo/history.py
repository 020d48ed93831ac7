"""The demo's past: two dozen decided loops from the last five months, so every analytics chart shows a
real pattern instead of one dot per round.

What the numbers are made to show (README "What the demo data holds"):
- inter-rater reliability: most rounds had two interviewers scoring the same candidate; their ratings
  share the candidate's ability, so alpha is about .6 for ML coding and .2 for overview (which sees
  little of it) instead of being empty;
- calibration: Lena Lindqvist and Sam Okonkwo rate half a point above the panel (lenient), Kenji
  Watanabe and Omar Haddad below it (severe); everyone else sits near the panel;
- time to submit: each interviewer has their own habit (Lena within hours, Omar often past 48 h);
- funnel and round validity: four of the candidates were hired, and the rounds' yes/no mostly agrees
  with the decision (depth and ML coding better than overview).

Deterministic (one seeded random generator) and idempotent like the rest of the seed: a candidate who is
already there is left alone. These loops are records, not plans: they are placed on past working days
one per candidate, not run through the scheduler.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from decisions.codes import Trigger
from decisions.models import Decision, Vote
from decisions.services import loop_recommendation_refresh
from hiring.models import Application, Candidate, Requisition, UseCase
from interviews.models import (
    Interview,
    InterviewAssignment,
    Loop,
    LoopTemplate,
    Rating,
    Scorecard,
    ScorecardRevision,
)
from interviews.scheduling.services import interview_for_round
from interviews.services import interview_feedback_times, scorecard_content

SEED = 2026
PAST_TITLE = "Applied Scientist II — Forecasting (first cohort)"
PAST_HIRES = 4  # the demo's existing applied scientists were hired through these loops

CANDIDATES = [
    ("Amara Nwosu", "Africa/Lagos"),
    ("Benedikt Vogel", "Europe/Berlin"),
    ("Camila Restrepo", "America/Bogota"),
    ("Daniel Okoro", "Europe/London"),
    ("Elif Demir", "Europe/Istanbul"),
    ("Farid Rahimi", "Asia/Dubai"),
    ("Giulia Ferri", "Europe/Rome"),
    ("Haruto Sato", "Asia/Tokyo"),
    ("Ines Carvalho", "Europe/Lisbon"),
    ("Jonas Lindgren", "Europe/Stockholm"),
    ("Kavya Iyer", "Asia/Kolkata"),
    ("Lucas Moreau", "Europe/Paris"),
    ("Maya Goldberg", "America/New_York"),
    ("Nikhil Rao", "Asia/Kolkata"),
    ("Olga Petrenko", "Europe/Kyiv"),
    ("Pablo Ortega", "Europe/Madrid"),
    ("Qing Zhao", "Asia/Shanghai"),
    ("Rosa Jiménez", "America/Mexico_City"),
    ("Stefan Novak", "Europe/Prague"),
    ("Tomás Silva", "America/Sao_Paulo"),
    ("Uma Krishnan", "America/Los_Angeles"),
    ("Viktor Horvat", "Europe/Zagreb"),
    ("Wen Li", "Asia/Singapore"),
    ("Yara Haddad", "Asia/Beirut"),
]

# Who may interview which round (the demo people's qualifications), and how each of them rates and writes.
PANELS = {
    "overview": ["lena", "chair", "manager"],
    "ml_coding": ["omar", "interviewer", "sam"],
    "breadth": ["priya", "interviewer", "sam"],
    "depth": ["kenji", "priya", "chair"],
    "ml_systems": ["omar", "kenji"],
}
LENIENCY = {"lena": 0.55, "sam": 0.35, "kenji": -0.55, "omar": -0.4}  # points on the 1–4 scale
SUBMIT_HOURS = {  # median hours from the interview's end to the submitted scorecard
    "lena": 2,
    "manager": 6,
    "interviewer": 5,
    "sam": 9,
    "priya": 12,
    "chair": 20,
    "kenji": 26,
    "omar": 40,
}
# How much each round sees of the candidate's ability (overview is mostly about conduct and motivation).
SIGNAL = {"overview": 0.35, "ml_coding": 0.9, "breadth": 0.75, "depth": 0.95, "ml_systems": 0.8}
SUMMARIES = {
    "strong_yes": "Well above the bar for the level; I would fight for this hire.",
    "yes": "Meets the bar for the level on what this round covers.",
    "no": "Below the bar on what this round covers.",
    "strong_no": "Well below the bar.",
}
HIRE_RATIONALE = "The committee weighed the technical rounds above the rest; we take the risk."
NO_HIRE_RATIONALE = "Not enough depth for the level; we would rather keep looking."


@dataclass(frozen=True)
class PastCandidate:
    name: str
    timezone: str
    ability: float  # the latent skill every round sees a part of
    hired: bool
    day: dt.date


def seed_history(*, report, users: dict[str, User], template: LoopTemplate, today: dt.date) -> None:
    """The past candidates, their decided loops and the filled requisition they were hired for."""
    rng = random.Random(SEED)
    requisition = _past_requisition(report, users)
    for candidate in _candidates(rng, today):
        _past_loop(report, rng, candidate, users=users, template=template, requisition=requisition)


def _past_requisition(report, users: dict[str, User]) -> Requisition:
    forecast = Requisition.objects.filter(title="Applied Scientist II — Forecasting").first()
    requisition, created = Requisition.objects.get_or_create(
        title=PAST_TITLE,
        defaults={
            "role_family": forecast.role_family,
            "level": forecast.level,
            "team": forecast.team,
            "hiring_manager": users["manager"],
            "committee": forecast.committee,
            "status": Requisition.Status.FILLED,
            "headcount": PAST_HIRES,
            "opened_at": timezone.now() - dt.timedelta(days=190),
        },
    )
    report.count("requisitions", created)
    if created:
        requisition.use_cases.set(UseCase.objects.filter(title="Demand forecasting for inventory control"))
        requisition.recruiters.set([users["recruiter"]])
    return requisition


def _candidates(rng: random.Random, today: dt.date) -> list[PastCandidate]:
    """Abilities drawn once; the strongest PAST_HIRES are the hires. One loop every four working days,
    the last three weeks before today."""
    abilities = [rng.gauss(0, 1) for _ in CANDIDATES]
    best = set(sorted(range(len(CANDIDATES)), key=lambda i: -abilities[i])[:PAST_HIRES])
    days, day, working = [], today - dt.timedelta(days=21), 0
    while len(days) < len(CANDIDATES):
        day -= dt.timedelta(days=1)
        if day.weekday() >= 5:
            continue
        if working % 4 == 0:
            days.append(day)
        working += 1
    return [PastCandidate(name, zone, abilities[i], i in best, days[i]) for i, (name, zone) in enumerate(CANDIDATES)]


def _past_loop(report, rng, past: PastCandidate, *, users, template: LoopTemplate, requisition: Requisition) -> None:
    candidate, created = Candidate.objects.get_or_create(
        email=f"{slugify(past.name)}@example.org",
        defaults={"name": past.name, "timezone": past.timezone, "source": "Inbound"},
    )
    report.count("candidates", created)
    stage = Application.Stage.HIRED if past.hired else Application.Stage.REJECTED
    application, _ = Application.objects.get_or_create(
        candidate=candidate, requisition=requisition, defaults={"stage": stage}
    )
    if application.loops.exists():
        return
    loop = Loop.objects.create(
        application=application, template=template, status=Loop.Status.DECIDED, created_by=users["recruiter"]
    )
    report.count("loops", True)
    start = dt.datetime.combine(past.day, dt.time(9), tzinfo=dt.UTC)
    taken: set[str] = set()
    submitted: list[dt.datetime] = []
    for template_round in template.rounds.select_related("round_type", "rubric").order_by("order"):
        code = template_round.round_type.code
        if code not in PANELS:
            continue
        end = start + dt.timedelta(minutes=template_round.minutes)
        interview = interview_for_round(
            loop=loop, round_=template_round, start=start, end=end, status=Interview.Status.COMPLETED
        )
        for name, value in interview_feedback_times(end=end).items():
            setattr(interview, name, value)
        interview.location = f"Video: https://meet.loopwise.example/{interview.ical_uid.hex[:10]}"
        interview.save()
        for username in _panel(rng, code, taken):
            submitted.append(_scorecard(rng, interview, users[username], username, past.ability))
        start = end + dt.timedelta(minutes=15)
    _decide(loop, users, hired=past.hired, at=max(submitted) + dt.timedelta(days=1))  # after the last scorecard


def _panel(rng: random.Random, code: str, taken: set[str]) -> list[str]:
    """One interviewer, or two (most rounds) — never someone already on this loop."""
    free = [name for name in PANELS[code] if name not in taken]
    chosen = rng.sample(free, k=min(len(free), 2 if rng.random() < 0.7 else 1))
    taken.update(chosen)
    return chosen


def _scorecard(rng: random.Random, interview: Interview, person: User, username: str, ability: float) -> dt.datetime:
    """A submitted scorecard; → when it was submitted."""
    InterviewAssignment.objects.create(interview=interview, interviewer=person)
    card = Scorecard.objects.create(interview=interview, interviewer=person, rubric=interview.rubric)
    signal = SIGNAL[interview.round_type.code]
    scores = []
    for competency in interview.rubric.competencies.order_by("order"):
        raw = 2.6 + signal * ability + LENIENCY.get(username, 0) + rng.gauss(0, 0.45)
        score = min(4, max(1, round(raw)))
        scores.append(score)
        Rating.objects.create(
            scorecard=card,
            competency=competency,
            score=score,
            evidence=f"Observed: {competency.anchors[str(score)]}",
        )
    mean = sum(scores) / len(scores)
    card.overall = "strong_yes" if mean >= 3.5 else "yes" if mean >= 2.75 else "no" if mean >= 1.75 else "strong_no"
    card.summary = SUMMARIES[card.overall]
    card.status = Scorecard.Status.SUBMITTED
    hours = SUBMIT_HOURS.get(username, 8) * rng.lognormvariate(0, 0.5)
    card.submitted_at = interview.end + dt.timedelta(hours=hours)
    card.version = 2
    card.save()
    ScorecardRevision.objects.create(scorecard=card, number=1, content=scorecard_content(scorecard=card), author=person)
    return card.submitted_at


def _decide(loop: Loop, users: dict[str, User], *, hired: bool, at: dt.datetime) -> None:
    outcome = Decision.Choice.HIRE if hired else Decision.Choice.NO_HIRE
    for username in ("chair", "committee", "lena"):
        Vote.objects.create(loop=loop, voter=users[username], vote=outcome, first_vote=outcome, comment="")
    record = loop_recommendation_refresh(loop=loop, trigger=Trigger.DEMO_SEED)
    override = record.outcome != outcome
    decision = Decision.objects.create(
        loop=loop,
        outcome=outcome,
        rationale=(HIRE_RATIONALE if hired else NO_HIRE_RATIONALE) if override else "",
        decided_by=users["chair"],
        recommendation=record,
        is_override=override,
    )
    Decision.objects.filter(pk=decision.pk).update(decided_at=at)  # when it was decided, not when seeded
