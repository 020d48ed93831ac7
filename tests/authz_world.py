"""The world the authorization matrix runs in: two requisitions, each with its recruiter, a loop and an
interviewer who still owes a scorecard, so every role has something of its own and something foreign.

`home` is requisition R1's side (its recruiter, hiring manager, committee, loop L1, interviewer I1);
`away` is requisition R2's (its recruiter, loop L2, interviewer I2). The roles the matrix signs in as
are the keys of `World.people` (anonymous is None).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core import signing
from django.utils import timezone

from accounts.models import ApiToken, User
from accounts.tokens import token_issue
from hiring.models import UseCase
from interviews.models import BusyBlock, InterviewerProfile, Loop
from interviews.scheduling.services import AVAILABILITY_SALT
from notifications.models import Notification
from tests.decisions import factories as f
from tests.factories import RequisitionFactory, UseCaseFactory, UserFactory

ROLES = (
    "anonymous",
    "interviewer_on",
    "interviewer_off",
    "recruiter_of",
    "recruiter_other",
    "hiring_manager",
    "member",
    "chair",
    "admin",
)


@dataclass
class Side:
    loop: Loop
    interviewer: User
    recruiter: User
    ids: dict[str, int] = field(default_factory=dict)


@dataclass
class World:
    people: dict[str, User | None]
    home: Side
    away: Side
    kwargs: dict[str, object]


def add_side(template, *, committee=None) -> Side:
    loop = f.loop(template_=template, committee_=committee, status=Loop.Status.AWAITING_FEEDBACK)
    interviewer = UserFactory(roles=["interviewer"])
    overview = f.interview(loop, "overview")
    draft = f.draft(overview, interviewer=interviewer)
    submitted = f.submit(f.interview(loop, "ml_coding"))
    recruiter = UserFactory(roles=["recruiter"])
    requisition = loop.application.requisition
    requisition.recruiters.add(recruiter)
    use_case = UseCaseFactory(team=requisition.team, status=UseCase.Status.ACCEPTED)
    requisition.use_cases.add(use_case)
    profile, _ = InterviewerProfile.objects.get_or_create(user=interviewer)
    start = timezone.now() + dt.timedelta(days=3)
    block = BusyBlock.objects.create(profile=profile, start=start, end=start + dt.timedelta(hours=1))
    note = Notification.objects.create(
        kind="scorecard_reminder",
        dedupe_key=f"matrix:{interviewer.pk}",
        recipient=interviewer,
        to_email=interviewer.email,
        subject="Due",
        body="Due.",
    )
    token, _ = token_issue(user=interviewer)
    ids = {
        "loop": loop.pk,
        "interview": overview.pk,
        "draft": draft.pk,
        "scorecard": submitted.pk,
        "application": loop.application_id,
        "candidate": loop.application.candidate_id,
        "requisition": requisition.pk,
        "committee": requisition.committee_id,
        "team": requisition.team_id,
        "use_case": use_case.pk,
        "profile": profile.pk,
        "block": block.pk,
        "notification": note.pk,
        "token": token.pk,
        "interviewer": interviewer.pk,
        "template": loop.template_id,
        "rubric": overview.rubric_id,
        "round_type": overview.round_type_id,
    }
    return Side(loop=loop, interviewer=interviewer, recruiter=recruiter, ids=ids)


def build() -> World:
    template = f.template()
    home = add_side(template)
    away = add_side(template)
    requisition = home.loop.application.requisition
    committee = requisition.committee
    chair = committee.chair
    member = committee.members.exclude(pk=chair.pk).get()
    RequisitionFactory()  # a requisition nobody here works on
    people = {
        "anonymous": None,
        "interviewer_on": home.interviewer,
        "interviewer_off": away.interviewer,
        "recruiter_of": home.recruiter,
        "recruiter_other": away.recruiter,
        "hiring_manager": requisition.hiring_manager,
        "member": member,
        "chair": chair,
        "admin": UserFactory(roles=["admin"], is_superuser=True),
    }
    token = signing.Signer(salt=AVAILABILITY_SALT).sign_object(
        {"loop": home.loop.pk, "exp": int((timezone.now() + dt.timedelta(days=7)).timestamp())}, compress=True
    )
    kwargs = {
        "pk": None,  # per route: the home side's object of the route's kind
        "loop_id": home.ids["loop"],
        "interview_id": home.ids["interview"],
        "application_id": home.ids["application"],
        "profile_id": home.ids["profile"],
        "block_id": home.ids["block"],
        "token": token,
        "uidb64": "MQ",
        "token_reset": "set-password",
    }
    return World(people=people, home=home, away=away, kwargs=kwargs)


def api_tokens_of(user: User) -> list[int]:
    return list(ApiToken.objects.filter(user=user).values_list("pk", flat=True))
