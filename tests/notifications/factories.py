"""Factories and builders for notification tests (real rows, no mocks)."""

import datetime as dt

import factory

from decisions.models import Decision
from interviews.models import Interview, InterviewAssignment
from notifications.models import Notification
from tests.factories import (
    CommitteeFactory,
    InterviewerProfileFactory,
    InterviewFactory,
    ScorecardFactory,
    UserFactory,
)

# A Monday, 14:00 UTC: the interview in most tests runs 14:00–15:00 and its scorecard falls due at 16:00.
MONDAY_2PM = dt.datetime(2026, 3, 2, 14, 0, tzinfo=dt.UTC)

ICS_TEMPLATE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Loopwise//EN\r\nMETHOD:{method}\r\nBEGIN:VEVENT\r\n"
    "UID:{uid}\r\nSEQUENCE:{sequence}\r\nDTSTAMP:20260301T120000Z\r\nDTSTART:20260302T140000Z\r\n"
    "DTEND:20260302T150000Z\r\nSUMMARY:Interview\r\n{status}END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def ics_for(interview: Interview, method: str = "REQUEST") -> str:
    status = "STATUS:CANCELLED\r\n" if method == "CANCEL" else ""
    return ICS_TEMPLATE.format(method=method, uid=interview.ical_uid, sequence=interview.ical_sequence, status=status)


def interview_with_panel(
    *, start: dt.datetime = MONDAY_2PM, panel: int = 1, shadows: int = 0, recruiters: int = 1, **fields
) -> Interview:
    """A scheduled interview with `panel` scoring interviewers (each with a draft scorecard) and `shadows`.

    Its requisition has `recruiters` recruiters and a committee of chair + one member.
    """
    interview = InterviewFactory(start=start, end=start + dt.timedelta(minutes=60), location="Room 4", **fields)
    requisition = interview.loop.application.requisition
    requisition.recruiters.set([UserFactory(roles=["recruiter"]) for _ in range(recruiters)])
    requisition.committee = CommitteeFactory(members=[UserFactory(roles=["committee"])])
    requisition.save()
    for _ in range(panel):
        profile = InterviewerProfileFactory(timezone="Europe/Berlin")
        InterviewAssignment.objects.create(interview=interview, interviewer=profile.user)
        ScorecardFactory(interview=interview, interviewer=profile.user)
    for _ in range(shadows):
        trainee = UserFactory(roles=["interviewer"])
        InterviewAssignment.objects.create(interview=interview, interviewer=trainee, role="shadow")
    return interview


def decision_for(interview: Interview, **fields) -> Decision:
    loop = interview.loop
    chair = loop.application.requisition.committee.chair
    return Decision.objects.create(loop=loop, outcome=fields.pop("outcome", "hire"), decided_by=chair, **fields)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    kind = "decision_recorded"
    dedupe_key = factory.Sequence(lambda n: f"test:{n}")
    recipient = factory.SubFactory(UserFactory)
    to_email = factory.LazyAttribute(lambda n: n.recipient.email if n.recipient else "someone@example.org")
    subject = factory.Sequence(lambda n: f"Subject {n}")
    body = "Body.\n"
