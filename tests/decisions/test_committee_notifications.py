"""Ready for committee goes to the committee; a recorded decision to the recruiters and hiring manager."""

import datetime as dt

import pytest

from decisions.notifications import STALE_LOOP_CANCELLED, notify_decision_recorded, notify_loop_ready_for_committee
from interviews.models import Loop
from notifications.models import Notification
from notifications.outbox import notification_deliver
from tests.factories import UserFactory
from tests.notifications.factories import MONDAY_2PM, decision_for, interview_with_panel

pytestmark = pytest.mark.django_db


def test_the_committee_members_hear_the_loop_is_ready(django_capture_on_commit_callbacks, mailoutbox):
    """Chair and member each get one email."""
    interview = interview_with_panel(panel=1)
    loop = interview.loop
    loop.ready_for_review_at = MONDAY_2PM
    loop.save()
    committee = loop.application.requisition.committee
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify_loop_ready_for_committee(loop=loop)
    assert {row.recipient_id for row in rows} == set(committee.members.values_list("pk", flat=True))
    assert len(mailoutbox) == 2
    assert mailoutbox[0].subject.startswith(f"Ready for committee: {loop.application.candidate.name}")
    assert Notification.objects.filter(kind="loop_ready_for_committee", status="sent").count() == 2


def test_ready_for_committee_is_sent_once_per_time_the_loop_becomes_ready():
    """Same ready time: deduped; ready again later (after an amendment): a new round."""
    loop = interview_with_panel(panel=1).loop
    loop.ready_for_review_at = MONDAY_2PM
    notify_loop_ready_for_committee(loop=loop)
    assert notify_loop_ready_for_committee(loop=loop) == []
    loop.ready_for_review_at = MONDAY_2PM + dt.timedelta(days=1)
    assert len(notify_loop_ready_for_committee(loop=loop)) == 2
    assert Notification.objects.count() == 4


def test_a_requisition_without_a_committee_tells_nobody():
    """No committee, no rows."""
    loop = interview_with_panel(panel=1).loop
    requisition = loop.application.requisition
    requisition.committee = None
    requisition.save()
    assert notify_loop_ready_for_committee(loop=loop) == []
    assert Notification.objects.count() == 0


def test_ready_for_committee_waiting_when_the_loop_is_cancelled_is_skipped(mailoutbox):
    """Cancelled while it waited: not sent."""
    loop = interview_with_panel(panel=1).loop
    row = notify_loop_ready_for_committee(loop=loop)[0]
    Loop.objects.filter(pk=loop.pk).update(status=Loop.Status.CANCELLED)
    assert notification_deliver(notification_id=row.pk) == "skipped"
    row.refresh_from_db()
    assert row.last_error == STALE_LOOP_CANCELLED
    assert mailoutbox == []


def test_the_recruiters_and_hiring_manager_hear_the_decision(django_capture_on_commit_callbacks, mailoutbox):
    """Two recruiters and the hiring manager; the committee is not emailed."""
    interview = interview_with_panel(panel=1, recruiters=2)
    requisition = interview.loop.application.requisition
    decision = decision_for(interview, outcome="no_hire", is_override=True, rationale="Brilliant-jerk evidence.")
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify_decision_recorded(decision=decision)
    assert {row.recipient_id for row in rows} == {
        requisition.hiring_manager_id,
        *requisition.recruiters.values_list("pk", flat=True),
    }
    assert len(mailoutbox) == 3
    assert mailoutbox[0].subject == f"Decision recorded: No hire for {interview.loop.application.candidate.name}"
    assert "Brilliant-jerk evidence." in mailoutbox[0].body
    assert "overrides the system's recommendation" in mailoutbox[0].body


def test_a_hiring_manager_who_is_also_a_recruiter_gets_one_email():
    """People are deduplicated; inactive people are skipped."""
    interview = interview_with_panel(panel=1, recruiters=0)
    requisition = interview.loop.application.requisition
    requisition.recruiters.set([requisition.hiring_manager, UserFactory(roles=["recruiter"], is_active=False)])
    rows = notify_decision_recorded(decision=decision_for(interview))
    assert [row.recipient_id for row in rows] == [requisition.hiring_manager_id]


def test_recording_the_decision_notice_twice_adds_nothing():
    """Deduped per decision and person."""
    interview = interview_with_panel(panel=1)
    decision = decision_for(interview)
    notify_decision_recorded(decision=decision)
    assert notify_decision_recorded(decision=decision) == []
    assert Notification.objects.count() == 2


def test_without_a_ready_time_the_committee_hears_once_per_loop():
    """ready_for_review_at not set: deduped per loop, however often the loop is saved."""
    loop = interview_with_panel(panel=1).loop
    notify_loop_ready_for_committee(loop=loop)
    loop.save()
    assert notify_loop_ready_for_committee(loop=loop) == []
    assert Notification.objects.count() == 2
