"""A schedulable loop in the database: template, requisition with a recruiter, qualified interviewers."""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from accounts.models import User
from hiring.models import Application
from interviews.models import Loop, LoopTemplate, Qualification, RoundType, RubricVersion, TemplateRound
from interviews.scheduling import services
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    InterviewerProfileFactory,
    RequisitionFactory,
    RoundTypeFactory,
    RubricVersionFactory,
    UserFactory,
)

# code, minutes, required
ROUNDS = [("overview", 45, True), ("ml_coding", 60, True), ("ml_systems", 60, False)]


def next_monday(weeks_ahead: int = 1) -> dt.date:
    today = dt.date.today()
    return today + dt.timedelta(days=(7 - today.weekday()) + 7 * (weeks_ahead - 1))


@dataclass
class Setup:
    recruiter: User
    application: Application
    template: LoopTemplate
    rubrics: dict[str, RubricVersion]
    people: dict[str, User] = field(default_factory=dict)
    day: dt.date = field(default_factory=next_monday)

    def at(self, clock: str, day: dt.date | None = None, zone: str = "Europe/London") -> dt.datetime:
        moment = dt.datetime.combine(day or self.day, dt.time.fromisoformat(clock), tzinfo=ZoneInfo(zone))
        return moment.astimezone(dt.UTC)


def round_type(code: str) -> RoundType:
    return RoundTypeFactory(code=code, requires_senior_leader=code in {"overview", "leadership"})


def make_setup(*, recruiter: User | None = None, candidate_zone: str = "Europe/London", suffix: str = "") -> Setup:
    recruiter = recruiter or UserFactory(roles=["recruiter"], email="rita@example.org", name="Rita Recruiter")
    template, created = LoopTemplate.objects.get_or_create(
        name="AS MLS2 test", role_family="applied_scientist", level="MLS2"
    )
    rubrics = {}
    for order, (code, minutes, required) in enumerate(ROUNDS, start=1):
        if not created:
            rubrics[code] = template.rounds.get(round_type__code=code).rubric
            continue
        rubric = RubricVersionFactory(round_type=round_type(code))
        rubrics[code] = rubric
        TemplateRound.objects.create(
            template=template,
            round_type=rubric.round_type,
            rubric=rubric,
            required=required,
            minutes=minutes,
            order=order,
        )
    requisition = RequisitionFactory()
    requisition.recruiters.add(recruiter)
    application = ApplicationFactory(
        requisition=requisition, candidate=CandidateFactory(timezone=candidate_zone, name="Ada Okafor")
    )
    setup = Setup(recruiter=recruiter, application=application, template=template, rubrics=rubrics)
    setup.people["lena"] = interviewer(f"lena{suffix}", {"overview": "qualified"}, senior=True)
    setup.people["omar"] = interviewer(f"omar{suffix}", {"ml_coding": "qualified", "ml_systems": "qualified"})
    setup.people["kenji"] = interviewer(f"kenji{suffix}", {"ml_systems": "qualified", "ml_coding": "shadow"})
    return setup


def interviewer(username: str, qualifications: dict[str, str], *, senior: bool = False, zone: str = "Europe/London"):
    user = UserFactory(username=username, name=username.rstrip("0123456789").title(), roles=["interviewer"])
    profile = InterviewerProfileFactory(user=user, senior_leader=senior, timezone=zone, weekly_cap=5)
    for code, stage in qualifications.items():
        Qualification.objects.create(profile=profile, round_type=round_type(code), stage=stage)
    return user


def loop_for(setup: Setup, *, skip: tuple[str, ...] = ("ml_systems",)) -> Loop:
    return services.loop_create(
        application_id=setup.application.pk, template_id=setup.template.pk, actor=setup.recruiter, skip_rounds=skip
    )


def with_windows(setup: Setup, loop: Loop, *spans: tuple[str, str]) -> Loop:
    windows = [{"start": setup.at(a), "end": setup.at(b)} for a, b in spans or [("09:00", "17:00")]]
    return services.loop_set_availability(loop=loop, windows=windows, actor=setup.recruiter)
