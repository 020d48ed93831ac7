"""Scorecard due: an hour after the interview ends, never before; a reschedule moves it, a cancel drops it."""

import datetime as dt

import pytest

from interviews.models import Interview, Loop, Scorecard
from interviews.notifications import (
    STALE_INTERVIEW_CANCELLED,
    STALE_NOT_DUE,
    STALE_SCORECARD_SUBMITTED,
    scorecard_reminders_send,
)
from interviews.services import interview_feedback_times
from notifications.models import Notification
from notifications.outbox import notification_deliver
from tests.notifications.factories import MONDAY_2PM, interview_with_panel

pytestmark = pytest.mark.django_db

ENDS = MONDAY_2PM + dt.timedelta(hours=1)
DUE = ENDS + dt.timedelta(hours=1)


def test_no_reminder_before_the_hour_after_the_interview_is_up():
    """One minute before due: nothing."""
    interview_with_panel(panel=2)
    assert scorecard_reminders_send(now=DUE - dt.timedelta(minutes=1)) == []
    assert Notification.objects.count() == 0


def test_each_interviewer_with_a_draft_is_reminded_once_it_is_due(django_capture_on_commit_callbacks, mailoutbox):
    """At due time every draft scorecard's interviewer gets one reminder by email."""
    interview = interview_with_panel(panel=2)
    with django_capture_on_commit_callbacks(execute=True):
        rows = scorecard_reminders_send(now=DUE)
    assert {row.recipient_id for row in rows} == set(interview.scorecards.values_list("interviewer", flat=True))
    assert {row.kind for row in rows} == {"scorecard_due"}
    assert len(mailoutbox) == 2
    assert mailoutbox[0].subject.startswith("Scorecard due: ML coding from scratch with ")
    assert Notification.objects.filter(status="sent").count() == 2


def test_running_the_reminder_task_again_sends_nothing_more(django_capture_on_commit_callbacks, mailoutbox):
    """A retried or repeated beat run is deduped."""
    interview_with_panel(panel=1)
    with django_capture_on_commit_callbacks(execute=True):
        scorecard_reminders_send(now=DUE)
    with django_capture_on_commit_callbacks(execute=True):
        again = scorecard_reminders_send(now=DUE + dt.timedelta(minutes=5))
    assert again == []
    assert len(mailoutbox) == 1
    assert Notification.objects.count() == 1


def test_a_submitted_scorecard_gets_no_reminder():
    """Only drafts are chased."""
    interview = interview_with_panel(panel=2)
    submitted = interview.scorecards.first()
    Scorecard.objects.filter(pk=submitted.pk).update(status="submitted", overall="yes", submitted_at=ENDS)
    rows = scorecard_reminders_send(now=DUE)
    assert len(rows) == 1
    assert rows[0].about["scorecard"] != submitted.pk


def test_a_rescheduled_interview_moves_its_reminder():
    """Moved three hours later before it fell due: nothing at the old time, one at the new."""
    interview = interview_with_panel(panel=1)
    Interview.objects.filter(pk=interview.pk).update(
        start=MONDAY_2PM + dt.timedelta(hours=3),
        end=ENDS + dt.timedelta(hours=3),
        ical_sequence=1,
        **interview_feedback_times(end=ENDS + dt.timedelta(hours=3)),
    )
    assert scorecard_reminders_send(now=DUE) == []
    rows = scorecard_reminders_send(now=DUE + dt.timedelta(hours=3))
    assert len(rows) == 1
    assert Notification.objects.count() == 1


def test_an_interview_moved_after_its_reminder_gets_one_for_the_new_time():
    """Reminded, then rescheduled to the next day: a new reminder an hour after the new end, not before."""
    interview = interview_with_panel(panel=1)
    scorecard_reminders_send(now=DUE)
    Interview.objects.filter(pk=interview.pk).update(
        start=MONDAY_2PM + dt.timedelta(days=1),
        end=ENDS + dt.timedelta(days=1),
        **interview_feedback_times(end=ENDS + dt.timedelta(days=1)),
    )
    assert scorecard_reminders_send(now=DUE + dt.timedelta(hours=23)) == []
    assert len(scorecard_reminders_send(now=DUE + dt.timedelta(days=1))) == 1
    assert Notification.objects.count() == 2


def test_a_cancelled_interview_gets_no_reminder():
    """Cancelled interview, or a cancelled loop: nothing."""
    interview = interview_with_panel(panel=1)
    other = interview_with_panel(panel=1)
    Interview.objects.filter(pk=interview.pk).update(status=Interview.Status.CANCELLED)
    Loop.objects.filter(pk=other.loop_id).update(status=Loop.Status.CANCELLED)
    assert scorecard_reminders_send(now=DUE) == []
    assert Notification.objects.count() == 0


def test_a_reminder_still_waiting_when_the_interview_is_cancelled_is_skipped(mailoutbox):
    """Written, broker down, then cancelled: delivery re-checks and does not send."""
    interview = interview_with_panel(panel=1)
    (row,) = scorecard_reminders_send(now=DUE)
    Interview.objects.filter(pk=interview.pk).update(status=Interview.Status.CANCELLED)
    assert notification_deliver(notification_id=row.pk, now=DUE) == "skipped"
    row.refresh_from_db()
    assert row.last_error == STALE_INTERVIEW_CANCELLED
    assert mailoutbox == []


def test_a_reminder_still_waiting_when_the_scorecard_is_submitted_is_skipped(mailoutbox):
    """Submitted while the reminder waited: not sent."""
    interview = interview_with_panel(panel=1)
    (row,) = scorecard_reminders_send(now=DUE)
    interview.scorecards.update(status="submitted", overall="yes", submitted_at=DUE)
    assert notification_deliver(notification_id=row.pk, now=DUE) == "skipped"
    row.refresh_from_db()
    assert row.last_error == STALE_SCORECARD_SUBMITTED
    assert mailoutbox == []


def test_a_reminder_still_waiting_when_the_interview_moves_later_is_skipped(mailoutbox):
    """Moved to tomorrow while the reminder waited: not sent now."""
    interview = interview_with_panel(panel=1)
    (row,) = scorecard_reminders_send(now=DUE)
    Interview.objects.filter(pk=interview.pk).update(
        end=ENDS + dt.timedelta(days=1), **interview_feedback_times(end=ENDS + dt.timedelta(days=1))
    )
    assert notification_deliver(notification_id=row.pk, now=DUE) == "skipped"
    row.refresh_from_db()
    assert row.last_error == STALE_NOT_DUE
    assert mailoutbox == []


def test_interviews_long_past_are_left_to_the_escalations():
    """A draft from a week ago gets no 'due' reminder (escalations cover it)."""
    interview_with_panel(panel=1)
    assert scorecard_reminders_send(now=DUE + dt.timedelta(days=7)) == []


@pytest.mark.parametrize("panel", [1, 10])
def test_the_reminder_query_count_does_not_grow_with_scorecards(panel, django_assert_num_queries):
    """Find due drafts, check known keys, insert all at once (plus savepoints): the same for 1 or 10."""
    interview_with_panel(panel=panel)
    with django_assert_num_queries(9):
        rows = scorecard_reminders_send(now=DUE)
    assert len(rows) == panel
