"""Invites, reschedules and cancellations: one row per attendee per UID + SEQUENCE + method, .ics attached."""

import email

import pytest

from interviews.models import Interview
from interviews.notifications import STALE_SUPERSEDED, UNKNOWN_ICS_METHOD, notify_interview_invite
from notifications.models import Notification
from notifications.outbox import notification_deliver
from tests.notifications.factories import ics_for, interview_with_panel

pytestmark = pytest.mark.django_db


def _calendar_part(message):
    parsed = email.message_from_bytes(message.message().as_bytes())
    return next(part for part in parsed.walk() if part.get_content_type() == "text/calendar")


def test_an_invite_goes_to_every_interviewer_and_not_the_candidate(django_capture_on_commit_callbacks, mailoutbox):
    """Two panel members and a shadow each get one email with the .ics attached; the candidate hears through
    their itinerary instead."""
    interview = interview_with_panel(panel=2, shadows=1)
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify_interview_invite(interview=interview, method="REQUEST", ics=ics_for(interview))
    assert len(rows) == 3
    assert {m.to[0].split("<")[-1].rstrip(">") for m in mailoutbox} == set(
        interview.interviewers.values_list("email", flat=True)
    )
    assert set(Notification.objects.values_list("kind", "status", "ics_method")) == {
        ("interview_invite", "sent", "REQUEST")
    }
    part = _calendar_part(mailoutbox[0])
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "invite.ics"
    assert f"UID:{interview.ical_uid}" in part.get_payload(decode=True).decode()


def test_the_panel_reads_its_own_time_zone_and_the_candidates_name(django_capture_on_commit_callbacks):
    """Interviewers' copies name the candidate, in the interviewer's zone."""
    interview = interview_with_panel(panel=1)
    candidate = interview.loop.application.candidate
    notify_interview_invite(interview=interview, method="REQUEST", ics=ics_for(interview))
    to_panel = Notification.objects.get(recipient__isnull=False)
    assert "Mon 2 Mar 2026, 15:00 Europe/Berlin" in to_panel.body
    assert f"Candidate: {candidate.name}" in to_panel.body
    assert candidate.email not in to_panel.body


def test_calling_it_again_for_the_same_version_adds_nothing(django_capture_on_commit_callbacks, mailoutbox):
    """Same UID + SEQUENCE + method: deduped, no second email."""
    interview = interview_with_panel(panel=1)
    with django_capture_on_commit_callbacks(execute=True):
        notify_interview_invite(interview=interview, method="REQUEST", ics=ics_for(interview))
    with django_capture_on_commit_callbacks(execute=True):
        again = notify_interview_invite(interview=interview, method="REQUEST", ics=ics_for(interview))
    assert again == []
    assert Notification.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_reschedule_with_a_higher_sequence_is_sent_as_a_move(django_capture_on_commit_callbacks, mailoutbox):
    """SEQUENCE 1 after 0: new rows of kind 'rescheduled'."""
    interview = interview_with_panel(panel=1)
    with django_capture_on_commit_callbacks(execute=True):
        notify_interview_invite(interview=interview, method="REQUEST", ics=ics_for(interview))
    interview.ical_sequence = 1
    interview.save()
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify_interview_invite(interview=interview, method="REQUEST", ics=ics_for(interview))
    assert {row.kind for row in rows} == {"interview_rescheduled"}
    assert {row.about["sequence"] for row in rows} == {1}
    assert len(mailoutbox) == 2
    assert mailoutbox[-1].subject.startswith("Interview moved:")


def test_a_cancel_sends_an_ics_with_method_cancel(django_capture_on_commit_callbacks, mailoutbox):
    """CANCEL: kind 'cancelled', text/calendar; method=CANCEL."""
    interview = interview_with_panel(panel=1)
    interview.status = Interview.Status.CANCELLED
    interview.ical_sequence = 1
    interview.save()
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify_interview_invite(interview=interview, method="CANCEL", ics=ics_for(interview, "CANCEL"))
    assert {row.kind for row in rows} == {"interview_cancelled"}
    assert len(mailoutbox) == 1
    assert _calendar_part(mailoutbox[0]).get_param("method") == "CANCEL"
    assert mailoutbox[0].subject.startswith("Interview cancelled:")


def test_an_invite_superseded_before_delivery_is_skipped(django_capture_on_commit_callbacks, mailoutbox):
    """Rows for SEQUENCE 0 still waiting when SEQUENCE 1 is written are skipped, not sent."""
    interview = interview_with_panel(panel=1)
    first = notify_interview_invite(interview=interview, method="REQUEST", ics=ics_for(interview))
    interview.ical_sequence = 1
    interview.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify_interview_invite(interview=interview, method="REQUEST", ics=ics_for(interview))
    for row in first:
        assert notification_deliver(notification_id=row.pk) == "skipped"
    assert len(mailoutbox) == 1
    assert set(Notification.objects.filter(about__sequence=0).values_list("status", "last_error")) == {
        ("skipped", STALE_SUPERSEDED)
    }


def test_the_sequence_in_the_ics_wins_over_the_interviews(django_capture_on_commit_callbacks):
    """Dedupe follows what calendars will see, even if the caller saves the interview afterwards."""
    interview = interview_with_panel(panel=1)
    interview.ical_sequence = 2
    ics = ics_for(interview)
    interview.ical_sequence = 1
    rows = notify_interview_invite(interview=interview, method="REQUEST", ics=ics)
    assert {row.about["sequence"] for row in rows} == {2}


def test_an_anonymized_candidate_and_people_without_email_get_nothing():
    """No address, no row."""
    interview = interview_with_panel(panel=1)
    candidate = interview.loop.application.candidate
    candidate.email = ""
    candidate.save()
    interview.interviewers.update(email="")
    assert notify_interview_invite(interview=interview, method="REQUEST", ics=ics_for(interview)) == []
    assert Notification.objects.count() == 0


def test_it_rejects_an_unknown_method():
    """Only REQUEST and CANCEL."""
    interview = interview_with_panel(panel=1)
    with pytest.raises(ValueError, match="PUBLISH") as raised:
        notify_interview_invite(interview=interview, method="PUBLISH", ics=ics_for(interview))
    assert str(raised.value) == UNKNOWN_ICS_METHOD.format(method="PUBLISH")
    assert Notification.objects.count() == 0
