"""A large company's volume for the benchmarks (`manage.py generate_load_data --candidates N`).

On top of the demo data (seeded first): requisitions (every template at least once), recruiters, hiring
managers, committees and interviewers in proportion to N, then N candidates with their applications, and
for about 28% of them a loop of every round of its template (booked mostly in the last two years), panels
of one to three interviewers, a scorecard per panellist with a rating per competency, and decisions (some
hires, so the engineering-manager check has past hires to compare with). At N = 100,000: about 28k loops,
145k interviews, 320k scorecards and 1.2M ratings.

Everything goes in with `bulk_create` in batches, with a progress line per table; the same `seed` gives
the same data. Nothing here is used by the product.
"""

import datetime as dt
import random
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from accounts import roles
from accounts.models import User
from decisions.models import Decision
from demo.seed import DEMO_PASSWORD, seed_demo
from hiring.models import Application, Candidate, Committee, Requisition, Team
from interviews.models import (
    Competency,
    Interview,
    InterviewAssignment,
    InterviewerProfile,
    Loop,
    LoopTemplate,
    Rating,
    Scorecard,
)
from interviews.scheduling.services import interview_for_round
from interviews.services import interview_feedback_times

BATCH = 5000
LOOP_SHARE = 0.28  # candidates who get as far as a loop
PANEL_SIZES = (1, 2, 2, 3, 3)  # interviewers per round: one to three, two on average
FIRST = ["Ada", "Amir", "Bea", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jia", "Kofi", "Lena"]
FIRST += ["Mateo", "Nia", "Omar", "Priya", "Quinn", "Ravi", "Sara", "Tomas", "Uma", "Vik", "Wen", "Yara", "Zoe"]
LAST = ["Abara", "Berg", "Costa", "Diaz", "Eze", "Fujita", "Garcia", "Haddad", "Ito", "Jensen", "Kaur", "Li"]
LAST += ["Moreau", "Novak", "Okafor", "Petrov", "Quist", "Rossi", "Sato", "Tanaka", "Ueda", "Varga", "Weber"]
OVERALLS = ("strong_no", "no", "yes", "yes", "strong_yes")


@dataclass
class Counts:
    candidates: int = 0
    applications: int = 0
    loops: int = 0
    interviews: int = 0
    scorecards: int = 0
    ratings: int = 0
    decisions: int = 0


def _progress(label: str, done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r  {label:<13} [{'#' * filled}{'.' * (width - filled)}] {done:>9,}/{total:,}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _insert(label: str, model, rows: Iterable, total: int) -> list:
    """bulk_create `rows` in batches (ids come back), with a progress line."""
    made, batch = [], []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            made += model.objects.bulk_create(batch)
            batch = []
            _progress(label, len(made), total)
    if batch:
        made += model.objects.bulk_create(batch)
    _progress(label, len(made), max(total, len(made)))
    return made


def _people(prefix: str, count: int, role_codes: list[str], rng: random.Random) -> list[User]:
    password = make_password(DEMO_PASSWORD)
    start = User.objects.filter(username__startswith=f"{prefix}-").count()
    users = User.objects.bulk_create(
        [
            User(
                username=f"{prefix}-{start + n:05d}",
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                email=f"{prefix}-{start + n:05d}@load.example.org",
                password=password,
                is_staff=roles.ADMIN in role_codes,
            )
            for n in range(count)
        ]
    )
    through = User.groups.through
    groups = [Group.objects.get_or_create(name=code)[0] for code in role_codes]
    through.objects.bulk_create([through(user_id=u.pk, group_id=g.pk) for u in users for g in groups])
    return users


def generate(*, candidates: int, seed: int = 7, now: dt.datetime | None = None) -> Counts:
    """Add the volume for `candidates` candidates (see the module docstring)."""
    rng = random.Random(seed)
    now = now or timezone.now()
    seed_demo()
    counts = Counts()
    with transaction.atomic():
        templates = list(
            LoopTemplate.objects.filter(is_active=True).prefetch_related("rounds__round_type", "rounds__rubric")
        )
        competencies = {}
        for competency in Competency.objects.all():
            competencies.setdefault(competency.rubric_id, []).append(competency.pk)
        recruiters = _people("load-recruiter", max(2, candidates // 5000), [roles.RECRUITER], rng)
        managers = _people("load-manager", max(2, candidates // 10000), [roles.HIRING_MANAGER], rng)
        interviewers = _people("load-interviewer", max(10, candidates // 200), [roles.INTERVIEWER], rng)
        InterviewerProfile.objects.bulk_create([InterviewerProfile(user=u) for u in interviewers])
        committees = _committees(max(1, candidates // 20000), rng)
        count = max(len(templates), candidates // 500)
        requisitions = _requisitions(count, templates, recruiters, managers, committees, rng)
        candidate_rows = _insert("candidates", Candidate, _candidates(candidates, rng), candidates)
        counts.candidates = len(candidate_rows)
        applications = _insert(
            "applications", Application, _applications(candidate_rows, requisitions, rng), candidates
        )
        counts.applications = len(applications)
        looped = [a for a in applications if a.stage == Application.Stage.LOOP]
        template_of = {r.pk: t for r, t in requisitions}
        loops = _insert("loops", Loop, (_loop(a, template_of[a.requisition_id]) for a in looped), len(looped))
        counts.loops = len(loops)
        planned = list(_interviews(loops, template_of, {a.pk: a for a in looped}, now, rng))
        interviews = _insert("interviews", Interview, (i for i, _ in planned), len(planned))
        counts.interviews = len(interviews)
        panels = [
            (interview, rng.sample(interviewers, k)) for interview, (_, k) in zip(interviews, planned, strict=True)
        ]
        _insert(
            "assignments",
            InterviewAssignment,
            (InterviewAssignment(interview=i, interviewer=u) for i, people in panels for u in people),
            sum(len(p) for _, p in panels),
        )
        cards = _insert("scorecards", Scorecard, _scorecards(panels, now, rng), sum(len(p) for _, p in panels))
        counts.scorecards = len(cards)
        submitted = [c for c in cards if c.status == Scorecard.Status.SUBMITTED]
        total = sum(len(competencies.get(c.rubric_id, [])) for c in submitted)
        counts.ratings = len(_insert("ratings", Rating, _ratings(submitted, competencies, rng), total))
        counts.decisions = _decide(loops, {a.pk: a for a in looped}, committees, rng)
    if connection.vendor == "postgresql":
        # Fresh statistics: without them the planner takes a bulk-loaded table for empty and scans it.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts


def _committees(count: int, rng: random.Random) -> list[Committee]:
    made, start = [], Committee.objects.filter(name__startswith="Load committee").count()
    for n in range(count):
        members = _people("load-committee", 5, [roles.COMMITTEE], rng)
        committee = Committee.objects.create(name=f"Load committee {start + n + 1}", chair=members[0])
        committee.members.set(members)
        made.append(committee)
    return made


def _requisitions(count, templates, recruiters, managers, committees, rng) -> list[tuple[Requisition, LoopTemplate]]:
    team = Team.objects.get_or_create(name="Load testing", defaults={"description": "Generated requisitions."})[0]
    made, start = [], Requisition.objects.filter(team=team).count()
    for n in range(count):
        template = templates[n % len(templates)]
        requisition = Requisition.objects.create(
            title=f"{template.name} — load {start + n + 1}",
            role_family=template.role_family,
            level=template.level,
            team=team,
            hiring_manager=rng.choice(managers),
            committee=rng.choice(committees),
            status=Requisition.Status.OPEN,
            opened_at=timezone.now(),
            headcount=rng.randint(1, 4),
        )
        requisition.recruiters.set(rng.sample(recruiters, min(2, len(recruiters))))
        made.append((requisition, template))
    return made


def _candidates(count: int, rng: random.Random) -> Iterator[Candidate]:
    start = Candidate.objects.count()
    for n in range(count):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}-{start + n}"
        yield Candidate(name=name, email=f"candidate-{start + n}@load.example.org", timezone="Europe/London")


def _applications(candidates: list[Candidate], requisitions, rng: random.Random) -> Iterator[Application]:
    stages = [Application.Stage.APPLIED, Application.Stage.SCREEN, Application.Stage.REJECTED]
    for candidate in candidates:
        requisition = rng.choice(requisitions)[0]
        looped = rng.random() < LOOP_SHARE
        yield Application(
            candidate=candidate, requisition=requisition, stage=Application.Stage.LOOP if looped else rng.choice(stages)
        )


def _loop(application: Application, template: LoopTemplate) -> Loop:
    return Loop(application=application, template=template, status=Loop.Status.AWAITING_FEEDBACK)


def _interviews(loops, template_of, applications, now, rng) -> Iterator[tuple[Interview, int]]:
    for loop in loops:
        template = template_of[applications[loop.application_id].requisition_id]
        # Most loops in the last two years, some still to come.
        day = now - dt.timedelta(days=rng.randint(-14, 730))
        start = day.replace(hour=9, minute=0, second=0, microsecond=0)
        for template_round in template.rounds.all():
            end = start + dt.timedelta(minutes=template_round.minutes)
            status = Interview.Status.COMPLETED if end < now else Interview.Status.SCHEDULED
            booking = {"start": start, "end": end, "status": status, **interview_feedback_times(end=end)}
            yield interview_for_round(loop=loop, round_=template_round, **booking), rng.choice(PANEL_SIZES)
            start = end + dt.timedelta(minutes=15)


def _scorecards(panels, now, rng) -> Iterator[Scorecard]:
    for interview, people in panels:
        for person in people:
            done = interview.end < now and rng.random() < 0.97
            yield Scorecard(
                interview=interview,
                interviewer=person,
                rubric_id=interview.rubric_id,
                status=Scorecard.Status.SUBMITTED if done else Scorecard.Status.DRAFT,
                overall=rng.choice(OVERALLS) if done else "",
                summary="Generated for the benchmarks." if done else "",
                submitted_at=interview.end + dt.timedelta(hours=rng.uniform(0.5, 60)) if done else None,
            )


def _ratings(cards: list[Scorecard], competencies: dict[int, list[int]], rng) -> Iterator[Rating]:
    weights = (1, 2, 4, 3)
    for card in cards:
        for competency_id in competencies.get(card.rubric_id, []):
            score = rng.choices((1, 2, 3, 4), weights=weights)[0]
            yield Rating(scorecard=card, competency_id=competency_id, score=score, evidence="Observed in the round.")


def _decide(loops: list[Loop], applications: dict[int, Application], committees, rng) -> int:
    """Decide about 60% of the loops whose rounds are all past: a third hires (to offer or hired)."""
    past = set(
        Interview.objects.filter(loop__in=loops, status=Interview.Status.SCHEDULED).values_list("loop_id", flat=True)
    )
    decided = [loop for loop in loops if loop.pk not in past and rng.random() < 0.6]
    chair_of = {c.pk: c.chair_id for c in committees}
    decisions, hired, rejected = [], [], []
    for loop in decided:
        application = applications[loop.application_id]
        hire = rng.random() < 0.33
        chair = chair_of.get(application.requisition.committee_id) or committees[0].chair_id
        decisions.append(Decision(loop=loop, outcome="hire" if hire else "no_hire", decided_by_id=chair))
        (hired if hire else rejected).append(application.pk)
    _insert("decisions", Decision, decisions, len(decisions))
    Loop.objects.filter(pk__in=[loop.pk for loop in decided]).update(status=Loop.Status.DECIDED)
    Application.objects.filter(pk__in=hired).update(stage=Application.Stage.HIRED)
    Application.objects.filter(pk__in=rejected).update(stage=Application.Stage.REJECTED)
    return len(decisions)
