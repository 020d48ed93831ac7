"""Demo data for `manage.py seed_demo`: idempotent, keyed on natural keys, never overwrites work.

Loops are laid out in every state so that each page has something real to show. The seed writes
models directly because it stands in for history (interviews that already happened, scorecards
already submitted) that the services would only ever produce over days.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.models import User
from decisions.codes import Trigger
from decisions.models import Decision, Vote
from decisions.services import loop_recommendation_refresh
from demo import content as demo_content
from demo.history import seed_history
from hiring.codes import CompanyStage, Level, RoleFamily, levels_for_family
from hiring.models import (
    Application,
    Candidate,
    Committee,
    ExistingHeadcount,
    HiringSettings,
    LadderLevel,
    Requisition,
    Team,
    UseCase,
)
from interviews.models import (
    CandidateWindow,
    Competency,
    Interview,
    InterviewAssignment,
    InterviewerProfile,
    Loop,
    LoopTemplate,
    Qualification,
    Rating,
    RoundType,
    RubricVersion,
    Scorecard,
    ScorecardRevision,
    TemplateRound,
)
from interviews.scheduling.services import interview_for_round
from interviews.services import interview_feedback_times, scorecard_content

DEMO_PASSWORD = "loopwise-demo"

# username, full name, roles, interviewer profile (senior leader, tz, {round: stage})
PEOPLE = [
    ("admin", "Avery Admin", [roles.ADMIN], None),
    ("recruiter", "Rita Recruiter", [roles.RECRUITER], None),
    (
        "manager",
        "Hana Manager",
        [roles.HIRING_MANAGER, roles.INTERVIEWER],
        (True, "Europe/London", {"overview": "qualified", "leadership": "qualified"}),
    ),
    (
        "chair",
        "Carmen Chair",
        [roles.COMMITTEE, roles.INTERVIEWER],
        (True, "Europe/Berlin", {"overview": "qualified", "leadership": "qualified", "depth": "qualified"}),
    ),
    ("committee", "Cole Committee", [roles.COMMITTEE], None),
    (
        "interviewer",
        "Ivy Interviewer",
        [roles.INTERVIEWER],
        (False, "Europe/London", {"ml_coding": "qualified", "breadth": "qualified", "depth": "shadow"}),
    ),
    (
        "lena",
        "Lena Lindqvist",
        [roles.INTERVIEWER, roles.COMMITTEE],
        (True, "Europe/Stockholm", {"overview": "qualified", "leadership": "qualified"}),
    ),
    (
        "omar",
        "Omar Haddad",
        [roles.INTERVIEWER],
        (False, "Europe/London", {"ml_coding": "qualified", "ml_systems": "qualified"}),
    ),
    (
        "priya",
        "Priya Raman",
        [roles.INTERVIEWER],
        (False, "Asia/Kolkata", {"breadth": "qualified", "depth": "qualified"}),
    ),
    (
        "kenji",
        "Kenji Watanabe",
        [roles.INTERVIEWER],
        (False, "America/New_York", {"depth": "qualified", "ml_systems": "qualified", "ml_coding": "reverse_shadow"}),
    ),
    (
        "sam",
        "Sam Okonkwo",
        [roles.INTERVIEWER],
        (False, "America/New_York", {"ml_coding": "qualified", "breadth": "qualified"}),
    ),
]

# The hiring plan's inputs: a Series B company whose data team is short of engineers and analysts
# for its ML scientists, with an ML-engineer requisition open early, so the plan shows its warnings.
COMPANY_NAME = "Northwind Analytics"
HIRING_STAGE = CompanyStage.SERIES_B
EXISTING_TEAM = {
    # The four applied scientists the team has were hired through Loopwise (demo/history.py's filled
    # requisition), so they are counted there, not here.
    RoleFamily.APPLIED_SCIENTIST: 0,
    RoleFamily.RESEARCH_SCIENTIST: 0,
    RoleFamily.ML_ENGINEER: 1,
    RoleFamily.DATA_SCIENTIST: 3,
    RoleFamily.DATA_ENGINEER: 9,
    RoleFamily.ANALYTICS_ENGINEER: 16,
    RoleFamily.ENGINEERING_MANAGER: 1,
}

TEAMS = {
    "Forecasting & Pricing": "Demand forecasting and inventory control.",
    "Trust & Safety": "Fraud and abuse detection.",
    "Personalisation": "Home feed and recommendations.",
    "Data Platform": "Pipelines, warehouse and analytics engineering.",
}

USE_CASES = [
    {
        "title": "Demand forecasting for inventory control",
        "category": UseCase.Category.FORECASTING,
        "team": "Forecasting & Pricing",
        "status": UseCase.Status.ACCEPTED,
        "problem": "Stock-outs on 8% of SKUs in peak weeks while slow movers tie up warehouse space.",
        "baseline_tried": "Seasonal-naive and a 4-week moving average per SKU, reordered at a fixed cover.",
        "why_baseline_insufficient": (
            "Promotions and price changes move demand 3–5×; the moving average lags by weeks and "
            "missed 41% of promo-week spikes in the last two quarters."
        ),
    },
    {
        "title": "Card-not-present fraud detection",
        "category": UseCase.Category.FRAUD,
        "team": "Trust & Safety",
        "status": UseCase.Status.ACCEPTED,
        "problem": "Chargebacks cost 0.9% of revenue; manual review queues take two days.",
        "baseline_tried": "Velocity rules (orders per card per hour) and a country block list.",
        "why_baseline_insufficient": (
            "Rules catch 35% of fraud at a 4% false-positive rate; fraud rings adapt to thresholds within a week."
        ),
    },
    {
        "title": "Home-feed recommendations",
        "category": UseCase.Category.RECOMMENDATIONS,
        "team": "Personalisation",
        "status": UseCase.Status.ACCEPTED,
        "problem": "The home feed shows the same bestsellers to everyone; click-through is flat.",
        "baseline_tried": "Most-popular per category and item-item KNN on co-purchases.",
        "why_baseline_insufficient": (
            "KNN covers only the 20% of users with five or more purchases; cold-start users see bestsellers only."
        ),
    },
    {
        "title": "Catalogue description generation",
        "category": UseCase.Category.GENERATIVE,
        "team": "Personalisation",
        "status": UseCase.Status.PROPOSED,
        "problem": "40k products lack descriptions; copywriters cover 500 a week.",
        "baseline_tried": "Templates filled from product attributes.",
        "why_baseline_insufficient": "",
    },
]

# title, family, level, team, use cases, status
REQUISITIONS = [
    (
        "Applied Scientist II — Forecasting",
        RoleFamily.APPLIED_SCIENTIST,
        Level.MLS2,
        "Forecasting & Pricing",
        ["Demand forecasting for inventory control"],
        Requisition.Status.OPEN,
    ),
    (
        "Senior Applied Scientist — Fraud",
        RoleFamily.APPLIED_SCIENTIST,
        Level.SENIOR,
        "Trust & Safety",
        ["Card-not-present fraud detection"],
        Requisition.Status.OPEN,
    ),
    (
        "Engineering Manager, ML — Personalisation",
        RoleFamily.ENGINEERING_MANAGER,
        Level.EM1,
        "Personalisation",
        ["Home-feed recommendations"],
        Requisition.Status.OPEN,
    ),
    (
        "ML Engineer — Recommendations platform",
        RoleFamily.ML_ENGINEER,
        Level.MLS2,
        "Personalisation",
        ["Home-feed recommendations"],
        Requisition.Status.OPEN,
    ),
    (
        "Research Scientist — Generative",
        RoleFamily.RESEARCH_SCIENTIST,
        Level.SENIOR,
        "Personalisation",
        ["Catalogue description generation"],
        Requisition.Status.DRAFT,
    ),
]

REQ, OPT = True, False  # required / optional rounds
# name, family, level, [(round, required, minutes)], bar, per-competency bars
TEMPLATES = [
    (
        "Applied Scientist MLS1",
        RoleFamily.APPLIED_SCIENTIST,
        Level.MLS1,
        [
            ("overview", REQ, 45),
            ("ml_coding", REQ, 60),
            ("breadth", REQ, 45),
            ("depth", REQ, 60),
            ("ml_systems", OPT, 60),
        ],
        "3.00",
        {},
    ),
    (
        "Applied Scientist MLS2",
        RoleFamily.APPLIED_SCIENTIST,
        Level.MLS2,
        [
            ("overview", REQ, 45),
            ("ml_coding", REQ, 60),
            ("breadth", REQ, 45),
            ("depth", REQ, 60),
            ("ml_systems", OPT, 60),
        ],
        "3.00",
        {},
    ),
    (
        "Applied Scientist Senior",
        RoleFamily.APPLIED_SCIENTIST,
        Level.SENIOR,
        [
            ("overview", REQ, 45),
            ("ml_coding", REQ, 60),
            ("breadth", REQ, 45),
            ("depth", REQ, 60),
            ("ml_systems", REQ, 60),
            ("leadership", OPT, 45),
        ],
        "3.00",
        {"system_design": "3.50"},
    ),
    (
        "ML Engineer MLS2",
        RoleFamily.ML_ENGINEER,
        Level.MLS2,
        [
            ("overview", REQ, 45),
            ("ml_coding", REQ, 60),
            ("breadth", REQ, 45),
            ("ml_systems", REQ, 60),
            ("depth", OPT, 60),
        ],
        "3.00",
        {"code_quality": "3.50"},
    ),
    (
        "Research Scientist Senior",
        RoleFamily.RESEARCH_SCIENTIST,
        Level.SENIOR,
        [
            ("overview", REQ, 45),
            ("ml_coding", REQ, 60),
            ("breadth", REQ, 45),
            ("depth", REQ, 75),
            ("ml_systems", REQ, 60),
        ],
        "3.00",
        {"technical_depth": "3.50"},
    ),
    (
        "Engineering Manager (ML) EM1",
        RoleFamily.ENGINEERING_MANAGER,
        Level.EM1,
        [
            ("overview", REQ, 45),
            ("ml_coding", REQ, 60),
            ("breadth", REQ, 45),
            ("leadership", REQ, 60),
            ("ml_systems", OPT, 60),
        ],
        "3.00",
        {},
    ),
    (
        "Engineering Manager (ML) EM2",
        RoleFamily.ENGINEERING_MANAGER,
        Level.EM2,
        [
            ("overview", REQ, 45),
            ("ml_coding", REQ, 60),
            ("breadth", REQ, 45),
            ("leadership", REQ, 60),
            ("ml_systems", REQ, 60),
        ],
        "3.00",
        {"people_leadership": "3.50"},
    ),
]

LADDER_TITLES = {
    Level.MLS1: "{family} I",
    Level.MLS2: "{family} II",
    Level.SENIOR: "Senior {family}",
    Level.STAFF: "Staff {family}",
    Level.EM1: "{family} I",
    Level.EM2: "{family} II",
}


@dataclass
class DemoLoop:
    """One candidate's loop in a given state; `cards` is round → (interviewer, scores, overall, extras)."""

    candidate: str
    email: str
    timezone: str
    requisition: str
    template: str
    status: str
    stage: str
    day_offset: int  # first interview day from today (calendar days), or last one before today (working days)
    interviewers: dict[str, str] = field(default_factory=dict)
    # round → (which interview day, 0-based; start on the candidate's clock). Chosen so every booked
    # loop passes the scheduler's own check: inside the candidate's windows and each interviewer's
    # working hours in any DST combination, overview first, 15-minute buffers, at most 4 rounds a day.
    schedule: dict[str, tuple[int, str]] = field(default_factory=dict)
    cards: dict[str, tuple] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)
    decision: tuple | None = None
    votes: dict[str, tuple[str, str]] = field(default_factory=dict)  # committee member → (vote, comment)


MLS2 = "Applied Scientist MLS2"
SENIOR = "Applied Scientist Senior"
REQ_FORECAST, REQ_FRAUD, REQ_EM, REQ_MLE = (r[0] for r in REQUISITIONS[:4])

LOOPS = [
    DemoLoop(
        "Ada Okafor",
        "ada.okafor@example.org",
        "Africa/Lagos",
        REQ_FORECAST,
        MLS2,
        Loop.Status.SCHEDULING,
        Application.Stage.LOOP,
        7,
        links=["https://arxiv.org/abs/2101.00001"],
    ),
    DemoLoop(
        "Bruno Silva",
        "bruno.silva@example.org",
        "America/Sao_Paulo",
        REQ_FORECAST,
        MLS2,
        Loop.Status.SCHEDULED,
        Application.Stage.LOOP,
        3,
        interviewers={"overview": "manager", "ml_coding": "omar", "breadth": "interviewer", "depth": "kenji"},
        schedule={"overview": (0, "09:00"), "ml_coding": (0, "10:00"), "breadth": (0, "11:15"), "depth": (0, "12:15")},
    ),
    DemoLoop(
        "Chen Wei",
        "chen.wei@example.org",
        "Asia/Shanghai",
        REQ_FORECAST,
        MLS2,
        Loop.Status.AWAITING_FEEDBACK,
        Application.Stage.LOOP,
        -1,
        interviewers={"overview": "lena", "ml_coding": "interviewer", "breadth": "priya", "depth": "chair"},
        schedule={"overview": (0, "16:00"), "depth": (0, "17:00"), "breadth": (1, "16:00"), "ml_coding": (1, "17:00")},
        cards={"overview": (3, "yes"), "breadth": (3, "yes"), "depth": (4, "strong_yes")},
        links=["https://github.com/example/chen-forecasting"],
    ),
    DemoLoop(
        "Dana Kowalski",
        "dana.kowalski@example.org",
        "Europe/Warsaw",
        REQ_FRAUD,
        SENIOR,
        Loop.Status.READY_FOR_REVIEW,
        Application.Stage.COMMITTEE,
        -6,
        interviewers={
            "overview": "chair",
            "ml_coding": "omar",
            "breadth": "interviewer",
            "depth": "priya",
            "ml_systems": "kenji",
        },
        schedule={
            "overview": (0, "09:00"),
            "depth": (0, "10:00"),
            "ml_coding": (0, "11:15"),
            "breadth": (1, "15:00"),
            "ml_systems": (1, "16:00"),
        },
        cards={
            "overview": (4, "strong_yes"),
            "ml_coding": (3, "yes"),
            "breadth": (4, "strong_yes"),
            "depth": (4, "strong_yes"),
            "ml_systems": (4, "yes"),
        },
        # Quorum not reached: Cole has voted, and the committee of three needs two votes.
        votes={"committee": ("hire", "Strong across the board; the systems round sealed it for me.")},
    ),
    DemoLoop(
        "Evan Brooks",
        "evan.brooks@example.org",
        "America/Chicago",
        REQ_FRAUD,
        SENIOR,
        Loop.Status.READY_FOR_REVIEW,
        Application.Stage.COMMITTEE,
        -4,
        interviewers={
            "overview": "lena",
            "ml_coding": "sam",
            "breadth": "interviewer",
            "depth": "chair",
            "ml_systems": "omar",
        },
        schedule={
            "overview": (0, "08:00"),
            "ml_systems": (0, "09:00"),
            "ml_coding": (0, "10:15"),
            "depth": (1, "08:00"),
            "breadth": (1, "09:15"),
        },
        cards={
            "overview": (2, "no", {"brilliant_jerk": True, "conduct": 1}),
            "ml_coding": (4, "strong_yes"),
            "breadth": (4, "strong_yes"),
            "depth": (4, "strong_yes"),
            "ml_systems": (4, "strong_yes"),
        },
    ),
    DemoLoop(
        "Farah Haddad",
        "farah.haddad@example.org",
        "Asia/Dubai",
        REQ_EM,
        "Engineering Manager (ML) EM1",
        Loop.Status.READY_FOR_REVIEW,
        Application.Stage.COMMITTEE,
        -3,
        interviewers={"overview": "lena", "ml_coding": "omar", "breadth": "priya", "leadership": "chair"},
        schedule={
            "overview": (0, "12:00"),
            "ml_coding": (0, "13:00"),
            "breadth": (0, "14:15"),
            "leadership": (0, "15:15"),
        },
        cards={
            "overview": (4, "strong_yes"),
            "ml_coding": (2, "no"),
            "breadth": (2, "no"),
            "leadership": (4, "strong_yes"),
        },
    ),
    DemoLoop(
        "Grace Liu",
        "grace.liu@example.org",
        "Asia/Singapore",
        REQ_FORECAST,
        MLS2,
        Loop.Status.DECIDED,
        Application.Stage.OFFER,
        -10,
        interviewers={"overview": "lena", "ml_coding": "omar", "breadth": "interviewer", "depth": "priya"},
        schedule={"overview": (0, "16:00"), "ml_coding": (0, "17:00"), "depth": (1, "15:00"), "breadth": (1, "17:00")},
        cards={"overview": (3, "yes"), "ml_coding": (3, "yes"), "breadth": (3, "yes"), "depth": (4, "strong_yes")},
        decision=("hire", "Clear yes across the panel; strong depth on hierarchical forecasting."),
    ),
    DemoLoop(
        "Hugo Martin",
        "hugo.martin@example.org",
        "Europe/Paris",
        REQ_MLE,
        "ML Engineer MLS2",
        Loop.Status.CANCELLED,
        Application.Stage.WITHDRAWN,
        5,
    ),
    DemoLoop(
        "Isla Novak",
        "isla.novak@example.org",
        "Europe/Prague",
        REQ_MLE,
        "ML Engineer MLS2",
        Loop.Status.DRAFT,
        Application.Stage.LOOP,
        10,
    ),
]


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, created: bool) -> None:
        if created:
            self.created[what] = self.created.get(what, 0) + 1


@transaction.atomic
def seed_demo(*, today: dt.date | None = None) -> SeedReport:
    """Seed everything missing; `today` places the demo loops around another date (tests use it)."""
    report = SeedReport()
    today = today or timezone.now().astimezone(dt.UTC).date()
    round_types, rubrics = _seed_rubrics(report)
    users = _seed_people(report, round_types)
    templates = _seed_templates(report, round_types, rubrics)
    _seed_ladder()
    requisitions = _seed_hiring(report, users)
    _seed_hiring_settings(report)
    for spec in LOOPS:
        _seed_loop(report, spec, users, templates[spec.template], requisitions[spec.requisition], today)
    seed_history(report=report, users=users, template=templates[MLS2], today=today)
    _seed_recommendations(report)
    return report


def _seed_people(report: SeedReport, round_types: dict[str, RoundType]) -> dict[str, User]:
    for code in roles.ALL_ROLES:
        Group.objects.get_or_create(name=code)
    users = {}
    for username, name, role_codes, profile in PEOPLE:
        user, created = User.objects.get_or_create(
            username=username, defaults={"name": name, "email": f"{username}@loopwise.example"}
        )
        report.count("users", created)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_superuser = roles.ADMIN in role_codes
            user.is_staff = roles.ADMIN in role_codes
            user.save()
            user.groups.set(Group.objects.filter(name__in=role_codes))
        if profile is not None:
            senior, tz, qualified = profile
            if created:
                user.timezone = tz  # an interviewer's one zone: their pages, e-mails and working hours
                user.save(update_fields=["timezone"])
            prof, made = InterviewerProfile.objects.get_or_create(
                user=user, defaults={"senior_leader": senior, "weekdays": [0, 1, 2, 3, 4], "weekly_cap": 5}
            )
            if made:
                for code, stage in qualified.items():
                    Qualification.objects.create(profile=prof, round_type=round_types[code], stage=stage)
        users[username] = user
    return users


def _seed_rubrics(report: SeedReport) -> tuple[dict[str, RoundType], dict[str, RubricVersion]]:
    round_types, rubrics = {}, {}
    for spec in demo_content.ROUND_TYPES:
        values = {k: v for k, v in spec.items() if k != "code"}
        round_type, created = RoundType.objects.get_or_create(code=spec["code"], defaults=values)
        if not created and not round_type.candidate_description:  # a database seeded before the field existed
            round_type.candidate_description = spec["candidate_description"]
            round_type.save(update_fields=["candidate_description"])
        report.count("round types", created)
        round_types[spec["code"]] = round_type
        rubric = RubricVersion.objects.filter(round_type=round_type).order_by("-version").first()
        if rubric is None:
            content = demo_content.RUBRICS[spec["code"]]
            rubric = RubricVersion.objects.create(round_type=round_type, version=1, notes=content["notes"])
            report.count("rubrics", True)
            for order, comp in enumerate(content["competencies"], start=1):
                Competency.objects.create(
                    rubric=rubric,
                    code=comp["code"],
                    name=comp["name"],
                    description=comp["description"],
                    weight=Decimal(str(comp["weight"])),
                    required=comp["required"],
                    order=order,
                    **{f"anchor_{point}": comp["anchors"][str(point)] for point in range(1, 5)},
                )
        rubrics[spec["code"]] = rubric
    return round_types, rubrics


def _seed_templates(report, round_types, rubrics) -> dict[str, LoopTemplate]:
    templates = {}
    for name, family, level, rounds, bar, bars in TEMPLATES:
        template, created = LoopTemplate.objects.get_or_create(
            role_family=family,
            level=level,
            name=name,
            defaults={"competency_bar": Decimal(bar), "competency_bars": {k: float(v) for k, v in bars.items()}},
        )
        report.count("loop templates", created)
        if created:
            for order, (code, required, minutes) in enumerate(rounds, start=1):
                TemplateRound.objects.create(
                    template=template,
                    round_type=round_types[code],
                    rubric=rubrics[code],
                    required=required,
                    minutes=minutes,
                    order=order,
                )
        templates[name] = template
    return templates


def _seed_ladder() -> None:
    for family in RoleFamily:
        for rank, level in enumerate(levels_for_family(family), start=1):
            title = LADDER_TITLES[Level(level)].format(family=family.label.split(" (")[0])
            LadderLevel.objects.get_or_create(role_family=family, level=level, defaults={"rank": rank, "title": title})


def _seed_hiring(report: SeedReport, users: dict[str, User]) -> dict[str, Requisition]:
    teams = {name: Team.objects.get_or_create(name=name, defaults={"description": d})[0] for name, d in TEAMS.items()}
    use_cases = {}
    for spec in USE_CASES:
        # Four eyes: the recruiter proposes, the hiring manager accepts.
        values = dict(spec, team=teams[spec["team"]], proposed_by=users["recruiter"])
        if spec["status"] == UseCase.Status.ACCEPTED:
            values.update(accepted_by=users["manager"], accepted_at=timezone.now())
        use_case, created = UseCase.objects.get_or_create(title=spec["title"], defaults=values)
        report.count("use cases", created)
        use_cases[spec["title"]] = use_case
    committee, created = Committee.objects.get_or_create(name="ML Hiring Committee", defaults={"chair": users["chair"]})
    if created:
        committee.members.set([users["chair"], users["committee"], users["lena"]])
    requisitions = {}
    for title, family, level, team, cases, status in REQUISITIONS:
        requisition, created = Requisition.objects.get_or_create(
            title=title,
            defaults={
                "role_family": family,
                "level": level,
                "team": teams[team],
                "hiring_manager": users["manager"],
                "committee": committee,
                "status": status,
                "opened_at": timezone.now() if status == Requisition.Status.OPEN else None,
            },
        )
        report.count("requisitions", created)
        if created:
            requisition.use_cases.set([use_cases[c] for c in cases])
            requisition.recruiters.set([users["recruiter"]])
        requisitions[title] = requisition
    return requisitions


def _seed_hiring_settings(report: SeedReport) -> None:
    settings, created = HiringSettings.objects.get_or_create(
        pk=HiringSettings.SINGLETON_PK, defaults={"company_stage": HIRING_STAGE, "company_name": COMPANY_NAME}
    )
    report.count("hiring settings", created)
    for family, count in EXISTING_TEAM.items():
        _, made = ExistingHeadcount.objects.get_or_create(
            settings=settings, role_family=family, defaults={"count": count}
        )
        report.count("existing-team counts", made)


def _seed_loop(report, spec: DemoLoop, users, template: LoopTemplate, requisition: Requisition, today: dt.date) -> None:
    candidate, created = Candidate.objects.get_or_create(
        email=spec.email,
        defaults={
            "name": spec.candidate,
            "timezone": spec.timezone,
            "links": spec.links,
            "source": "Referral",
            "phone": "+44 20 7946 0000",
        },
    )
    report.count("candidates", created)
    application, _ = Application.objects.get_or_create(
        candidate=candidate, requisition=requisition, defaults={"stage": spec.stage}
    )
    if application.loops.exists():
        return
    loop = Loop.objects.create(
        application=application, template=template, status=spec.status, created_by=users["recruiter"]
    )
    report.count("loops", True)
    day = dt.datetime.combine(today, dt.time(9), tzinfo=dt.UTC) + dt.timedelta(days=spec.day_offset)
    while day.weekday() >= 5:  # interviews on working days
        day += dt.timedelta(days=1 if spec.day_offset >= 0 else -1)
    starts = _demo_starts(spec, today)
    if starts:
        _seed_windows(loop, starts, template, ZoneInfo(spec.timezone))
    if spec.status == Loop.Status.SCHEDULING:
        for offset in (0, 1):
            CandidateWindow.objects.create(
                loop=loop, start=day + dt.timedelta(days=offset), end=day + dt.timedelta(days=offset, hours=8)
            )
    scheduled = spec.status not in {Loop.Status.DRAFT, Loop.Status.SCHEDULING, Loop.Status.CANCELLED}
    rounds = template.rounds.select_related("round_type", "rubric").order_by("order")
    for template_round in rounds:
        code = template_round.round_type.code
        if not template_round.required and code not in spec.interviewers:
            continue
        status = Interview.Status.CANCELLED if spec.status == Loop.Status.CANCELLED else Interview.Status.UNSCHEDULED
        interview = interview_for_round(loop=loop, round_=template_round, status=status)
        interview.save()
        if not scheduled:
            continue
        interview.start = starts[code]
        interview.end = interview.start + dt.timedelta(minutes=template_round.minutes)
        for name, value in interview_feedback_times(end=interview.end).items():
            setattr(interview, name, value)
        interview.location = f"Video: https://meet.loopwise.example/{interview.ical_uid.hex[:10]}"
        interview.status = Interview.Status.COMPLETED if spec.day_offset < 0 else Interview.Status.SCHEDULED
        interview.save()
        interviewer = users[spec.interviewers[code]]
        InterviewAssignment.objects.create(interview=interview, interviewer=interviewer)
        scorecard = Scorecard.objects.create(interview=interview, interviewer=interviewer, rubric=interview.rubric)
        if code in spec.cards:
            _submit_demo_scorecard(scorecard, spec.cards[code], interviewer)
    for username, (vote, comment) in spec.votes.items():
        Vote.objects.create(loop=loop, voter=users[username], vote=vote, first_vote=vote, comment=comment)
    if spec.decision:
        _decide_demo_loop(loop, spec.decision, users)


def _demo_days(spec: DemoLoop, today: dt.date) -> list[dt.date]:
    """The working days a loop runs on: from `day_offset` calendar days ahead, or ending
    `-day_offset` working days ago (so a past loop never spills into today)."""
    count = 1 + max((day for day, _ in spec.schedule.values()), default=0)
    if spec.day_offset >= 0:
        day = today + dt.timedelta(days=spec.day_offset)
        days = []
        while len(days) < count:
            if day.weekday() < 5:
                days.append(day)
            day += dt.timedelta(days=1)
        return days
    day, back = today, -spec.day_offset
    days = []
    while back or len(days) < count:
        day -= dt.timedelta(days=1)
        if day.weekday() >= 5:
            continue
        if back:
            back -= 1
        if not back:
            days.append(day)
    return sorted(days)


def _demo_starts(spec: DemoLoop, today: dt.date) -> dict[str, dt.datetime]:
    """Each scheduled round's start in UTC, from its day and its time on the candidate's clock."""
    if not spec.schedule:
        return {}
    days, zone = _demo_days(spec, today), ZoneInfo(spec.timezone)
    return {
        code: dt.datetime.combine(days[index], dt.time.fromisoformat(clock), tzinfo=zone).astimezone(dt.UTC)
        for code, (index, clock) in spec.schedule.items()
    }


def _seed_windows(loop: Loop, starts: dict[str, dt.datetime], template: LoopTemplate, zone: ZoneInfo) -> None:
    """The windows the candidate gave: each interview day from an hour before the first round to an hour
    after the last one ends, in whole hours on their clock."""
    minutes = {r.round_type.code: r.minutes for r in template.rounds.select_related("round_type")}
    spans: dict[dt.date, list[dt.datetime]] = {}
    for code, start in starts.items():
        local = start.astimezone(zone)
        spans.setdefault(local.date(), []).extend([local, local + dt.timedelta(minutes=minutes[code])])
    for moments in spans.values():
        first, last = min(moments), max(moments)
        opens = first.replace(minute=0) - dt.timedelta(hours=1)
        closes = last.replace(minute=0) + dt.timedelta(hours=2 if last.minute else 1)
        CandidateWindow.objects.create(loop=loop, start=opens.astimezone(dt.UTC), end=closes.astimezone(dt.UTC))


def _submit_demo_scorecard(scorecard: Scorecard, card: tuple, interviewer: User) -> None:
    score, overall = card[0], card[1]
    extras = card[2] if len(card) > 2 else {}
    competencies = scorecard.rubric.competencies.order_by("order")
    for comp in competencies:
        value = extras.get(comp.code, score)
        anchor = comp.anchors[str(value)]
        Rating.objects.create(scorecard=scorecard, competency=comp, score=value, evidence=f"Observed: {anchor}")
    scorecard.overall = overall
    scorecard.summary = {
        "strong_yes": "Well above the bar for the level; I would fight for this hire.",
        "yes": "Meets the bar for the level on what this round covers.",
        "no": "Below the bar on what this round covers.",
        "strong_no": "Well below the bar.",
    }[overall]
    if extras.get("brilliant_jerk"):
        scorecard.brilliant_jerk = True
        scorecard.jerk_evidence = (
            "Called the previous team's forecasting work 'idiotic' three times, interrupted every follow-up "
            "question, and described a junior colleague's bug fix as 'cleaning up after the help'."
        )
        scorecard.summary = "Technically sharp, but dismissive and condescending toward colleagues throughout."
    scorecard.status = Scorecard.Status.SUBMITTED
    scorecard.submitted_at = scorecard.interview.end + dt.timedelta(hours=3)
    scorecard.version = 2
    scorecard.save()
    ScorecardRevision.objects.create(
        scorecard=scorecard, number=1, content=scorecard_content(scorecard=scorecard), author=interviewer
    )


def _decide_demo_loop(loop: Loop, decision: tuple, users: dict[str, User]) -> None:
    outcome, rationale = decision
    for username in ("chair", "committee", "lena"):
        Vote.objects.create(
            loop=loop, voter=users[username], vote=outcome, first_vote=outcome, comment="Agree with the panel."
        )
    # The decision is linked to the recommendation the chair saw, as a decision recorded live is.
    record = loop_recommendation_refresh(loop=loop, trigger=Trigger.DEMO_SEED)
    Decision.objects.create(
        loop=loop,
        outcome=outcome,
        rationale=rationale,
        decided_by=users["chair"],
        recommendation=record,
        is_override=record.outcome != outcome,
    )


def _seed_recommendations(report: SeedReport) -> None:
    """Compute and keep the recommendation of every loop with feedback, once: the committee sees why."""
    loops = Loop.objects.filter(
        interviews__scorecards__status=Scorecard.Status.SUBMITTED, recommendations__isnull=True
    ).distinct()
    for loop in loops.order_by("id"):
        loop_recommendation_refresh(loop=loop, trigger=Trigger.DEMO_SEED)
        report.count("recommendations", True)
