"""Invites are built per recipient: the candidate gets one itinerary per loop (company, every round in their
zone with length, place and what to expect, the recruiter's contact, one .ics per round, updates on changes);
the panel's invites carry no candidate contact and the candidate's carry no interviewer guidance."""

import datetime as dt
import email

import pytest
from icalendar import Calendar

from hiring.models import HiringSettings
from interviews.models import RoundType
from interviews.notifications import STALE_ITINERARY_SUPERSEDED
from interviews.scheduling import services
from notifications.messages import local_time
from notifications.models import Notification
from notifications.outbox import notification_deliver
from tests.interviews.scheduling.scheduled import scheduled_loop
from tests.interviews.scheduling.setup import make_setup

pytestmark = pytest.mark.django_db

GUIDANCE = "Spot the brilliant jerk early."
EXPECT = "A conversation about your past projects; no coding."


@pytest.fixture
def setup():
    HiringSettings.objects.create(pk=HiringSettings.SINGLETON_PK, company_name="Northwind Analytics")
    s = make_setup(candidate_zone="America/New_York")
    RoundType.objects.filter(code="overview").update(
        purpose="Overview and culture.", what_to_probe=GUIDANCE, candidate_description=EXPECT
    )
    return s


def _itineraries(loop):
    return Notification.objects.filter(about__loop=loop.pk, kind__startswith="candidate_itinerary").order_by("pk")


def _events(ics: str) -> list:
    return list(Calendar.from_ical(ics).walk("VEVENT"))


def test_booking_a_loop_sends_the_candidate_one_itinerary_with_an_ics_per_round(
    setup, django_capture_on_commit_callbacks, mailoutbox
):
    """One message: company, both rounds in New York time, length, place, what to expect, the recruiter; two .ics."""
    with django_capture_on_commit_callbacks(execute=True):
        s, loop = scheduled_loop(setup)
    candidate = loop.application.candidate
    to_candidate = [m for m in mailoutbox if candidate.email in m.to[0]]
    assert len(to_candidate) == 1
    message = to_candidate[0]
    assert message.subject.startswith("Your interviews with Northwind Analytics:")
    body = message.body
    assert "Thank you for interviewing with Northwind Analytics." in body
    overview = loop.interviews.get(round_type__code="overview")
    assert f"When:   {local_time(overview.start, 'America/New_York')} (45 minutes)" in body
    assert "(60 minutes)" in body
    assert "Where:  Room 1" in body
    assert f"What to expect: {EXPECT}" in body
    assert "Rita Recruiter <rita@example.org>" in body
    assert GUIDANCE not in body
    parsed = email.message_from_bytes(message.message().as_bytes())
    calendars = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    names = [p.get_filename() for p in calendars]
    assert len(names) == 2
    assert names[0].startswith("1-overview")
    assert names[1].startswith("2-ml-coding")
    for part in calendars:
        text = part.get_payload(decode=True).decode()
        (event,) = _events(text)
        attendees = [
            str(a)
            for a in (event.get("attendee") if isinstance(event.get("attendee"), list) else [event.get("attendee")])
        ]
        assert attendees == [f"mailto:{candidate.email}"]
        assert GUIDANCE not in text
        assert "Overview and culture." not in text
        assert s.people["omar"].email not in text
        assert str(event.get("summary")).startswith("Interview with Northwind Analytics:")


def test_the_panels_invites_carry_no_candidate_contact(setup):
    """Every interviewer row: no candidate e-mail in the body or the .ics; the interviewers are the attendees."""
    s, loop = scheduled_loop(setup)
    candidate = loop.application.candidate
    panel = Notification.objects.filter(kind="interview_invite")
    assert panel.count() == 2
    for row in panel:
        assert candidate.email not in row.ics
        assert candidate.email not in row.body
        assert row.to_email != candidate.email


def test_moving_a_round_sends_an_update_that_supersedes_a_waiting_itinerary(
    setup, django_capture_on_commit_callbacks, mailoutbox
):
    """The update lists every round, marks the moved one, attaches both at their current SEQUENCE; the old one,
    still waiting, is skipped at delivery."""
    s, loop = scheduled_loop(setup)
    first = _itineraries(loop).get()
    coding = loop.interviews.get(round_type__code="ml_coding")
    with django_capture_on_commit_callbacks(execute=True):
        services.interview_reschedule(interview=coding, actor=s.recruiter, start=s.at("13:00"))
    first_again, update = _itineraries(loop)
    assert first_again.pk == first.pk
    assert update.kind == "candidate_itinerary_updated"
    assert update.subject == "Updated: your interviews with Northwind Analytics"
    assert f"{coding.round_type.name} — changed" in update.body
    sequences = {
        str(_events(a["content"])[0].get("uid")): int(_events(a["content"])[0].get("sequence"))
        for a in update.attachments
    }
    coding.refresh_from_db()
    assert sequences[f"{coding.ical_uid}@loopwise"] == coding.ical_sequence == 1
    assert notification_deliver(notification_id=first.pk) == "skipped"
    first.refresh_from_db()
    assert first.last_error == STALE_ITINERARY_SUPERSEDED


def test_cancelling_a_round_sends_an_update_with_its_cancel(setup):
    """The cancelled round is marked and attached as METHOD:CANCEL; the other stays a REQUEST."""
    s, loop = scheduled_loop(setup)
    coding = loop.interviews.get(round_type__code="ml_coding")
    services.interview_cancel(interview=coding, actor=s.recruiter, now=coding.start - dt.timedelta(days=1))
    update = _itineraries(loop).last()
    assert f"{coding.round_type.name} — CANCELLED" in update.body
    assert sorted(a["method"] for a in update.attachments) == ["CANCEL", "REQUEST"]


def test_the_same_state_is_never_sent_twice_and_an_anonymized_candidate_gets_nothing(setup):
    """Booking again without a change adds no itinerary; after anonymization none is written."""
    from interviews.notifications import notify_candidate_itinerary

    s, loop = scheduled_loop(setup)
    assert notify_candidate_itinerary(loop=loop, changed=[], method="REQUEST") == []
    candidate = loop.application.candidate
    candidate.anonymized_at = candidate.created_at
    candidate.save()
    coding = loop.interviews.get(round_type__code="ml_coding")
    services.interview_reschedule(interview=coding, actor=s.recruiter, start=s.at("14:00"))
    assert _itineraries(loop).count() == 1
