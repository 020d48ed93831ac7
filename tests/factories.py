"""factory_boy factories for the domain; every related object is real (no mocks)."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from hiring.codes import Level, RoleFamily
from hiring.models import Application, Candidate, Committee, Requisition, Team, UseCase
from interviews.models import (
    Competency,
    Interview,
    InterviewerProfile,
    Loop,
    LoopTemplate,
    Qualification,
    RoundType,
    RubricVersion,
    Scorecard,
    TemplateRound,
)
from interviews.services import interview_feedback_times

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Faker("name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        codes = list(extracted or [])
        if codes:
            self.groups.set([Group.objects.get_or_create(name=code)[0] for code in codes])
            self.is_staff = "admin" in codes
        self.save()


class RoundTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundType
        django_get_or_create = ["code"]

    code = RoundType.Code.ML_CODING
    name = factory.LazyAttribute(lambda rt: RoundType.Code(rt.code).label)
    purpose = "Implement a basic ML algorithm from scratch."
    default_minutes = 60


class RubricVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RubricVersion

    round_type = factory.SubFactory(RoundTypeFactory)
    version = factory.Sequence(lambda n: n + 1)


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    rubric = factory.SubFactory(RubricVersionFactory)
    code = factory.Sequence(lambda n: f"competency_{n}")
    name = factory.LazyAttribute(lambda c: c.code.replace("_", " ").title())
    weight = Decimal("1.00")
    required = True
    anchor_1 = "Could not start without step-by-step help."
    anchor_2 = "Partial solution with errors they did not notice."
    anchor_3 = "Working solution, checked on a toy example."
    anchor_4 = "Clean, vectorised, tested, and explained trade-offs unprompted."


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Team {n}")


class UseCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UseCase

    title = factory.Sequence(lambda n: f"Use case {n}")
    problem = "Stock-outs in peak weeks."
    category = UseCase.Category.FORECASTING
    baseline_tried = "4-week moving average."
    why_baseline_insufficient = "Misses promotion spikes."
    status = UseCase.Status.ACCEPTED


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Committee {n}")
    chair = factory.SubFactory(UserFactory, roles=["committee"])

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        self.members.set([self.chair, *(extracted or [])])


class RequisitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requisition

    role_family = RoleFamily.APPLIED_SCIENTIST
    level = Level.MLS2
    team = factory.SubFactory(TeamFactory)
    hiring_manager = factory.SubFactory(UserFactory, roles=["hiring_manager"])


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"candidate{n}@example.org")
    timezone = "Europe/London"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    candidate = factory.SubFactory(CandidateFactory)
    requisition = factory.SubFactory(RequisitionFactory)
    stage = Application.Stage.LOOP


class LoopTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoopTemplate

    name = factory.Sequence(lambda n: f"Template {n}")
    role_family = RoleFamily.APPLIED_SCIENTIST
    level = Level.MLS2


class TemplateRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TemplateRound

    template = factory.SubFactory(LoopTemplateFactory)
    rubric = factory.SubFactory(RubricVersionFactory)
    round_type = factory.SelfAttribute("rubric.round_type")
    minutes = 60
    order = factory.Sequence(lambda n: n + 1)


class LoopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Loop

    application = factory.SubFactory(ApplicationFactory)
    template = factory.SubFactory(LoopTemplateFactory)
    status = Loop.Status.SCHEDULED


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    loop = factory.SubFactory(LoopFactory)
    rubric = factory.SubFactory(RubricVersionFactory)
    round_type = factory.SelfAttribute("rubric.round_type")
    order = factory.Sequence(lambda n: n + 1)
    minutes = 60
    start = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=1))
    end = factory.LazyAttribute(lambda i: i.start + dt.timedelta(minutes=i.minutes))
    status = Interview.Status.SCHEDULED
    # The stored feedback times follow from the end, as the scheduling services write them.
    scorecard_due_at = factory.LazyAttribute(lambda i: interview_feedback_times(end=i.end)["scorecard_due_at"])
    scorecard_overdue_at = factory.LazyAttribute(lambda i: interview_feedback_times(end=i.end)["scorecard_overdue_at"])
    scorecard_late_at = factory.LazyAttribute(lambda i: interview_feedback_times(end=i.end)["scorecard_late_at"])


class ScorecardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scorecard

    interview = factory.SubFactory(InterviewFactory)
    interviewer = factory.SubFactory(UserFactory, roles=["interviewer"])
    rubric = factory.SelfAttribute("interview.rubric")


class InterviewerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterviewerProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, roles=["interviewer"])
    weekdays = [0, 1, 2, 3, 4]

    @factory.post_generation
    def timezone(self, create, extracted, **kwargs):
        """`timezone=` sets the person's one zone (on their user); Europe/London by default."""
        zone = extracted or "Europe/London"
        if self.user.timezone != zone:
            self.user.timezone = zone
            self.user.save(update_fields=["timezone"])


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification

    profile = factory.SubFactory(InterviewerProfileFactory)
    round_type = factory.SubFactory(RoundTypeFactory)
    stage = Qualification.Stage.QUALIFIED
