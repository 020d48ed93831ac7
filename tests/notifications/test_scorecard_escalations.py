"""Overdue scorecards: chased once a working day for five working days; recruiters copied from day two."""

import datetime as dt

import pytest

from interviews.models import Interview
from notifications.models import Notification
from notifications.services import scorecard_escalations_send
from tests.notifications.factories import MONDAY_2PM, interview_with_panel

pytestmark = pytest.mark.django_db


def morning(day: int) -> dt.datetime:
    """09:00 UTC (beat's time) on a day of March 2026; the interview ended Monday 2 March 15:00."""
    return dt.datetime(2026, 3, day, 9, 0, tzinfo=dt.UTC)


def recipients(rows) -> set[int]:
    return {row.recipient_id for row in rows}


def test_nothing_is_escalated_on_the_day_the_scorecard_falls_due():
    """Due Monday 16:00; Monday evening: not overdue yet."""
    interview_with_panel(panel=1)
    assert scorecard_escalations_send(now=dt.datetime(2026, 3, 2, 23, 0, tzinfo=dt.UTC)) == []


def test_day_one_goes_to_the_interviewer_alone(django_capture_on_commit_callbacks, mailoutbox):
    """Tuesday: the interviewer, not the recruiter."""
    interview = interview_with_panel(panel=1, recruiters=2)
    interviewer = interview.scorecards.get().interviewer
    with django_capture_on_commit_callbacks(execute=True):
        rows = scorecard_escalations_send(now=morning(3))
    assert recipients(rows) == {interviewer.pk}
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith("Scorecard overdue (day 1):")


def test_from_day_two_the_recruiters_are_copied(django_capture_on_commit_callbacks, mailoutbox):
    """Wednesday: the interviewer and both recruiters, each once."""
    interview = interview_with_panel(panel=1, recruiters=2)
    interviewer = interview.scorecards.get().interviewer
    recruiters = set(interview.loop.application.requisition.recruiters.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        rows = scorecard_escalations_send(now=morning(4))
    assert recipients(rows) == {interviewer.pk, *recruiters}
    assert len(mailoutbox) == 3
    to_recruiter = Notification.objects.exclude(recipient=interviewer).first()
    assert f"{interviewer}'s scorecard" in to_recruiter.body
    assert "working day 2 of 5" in to_recruiter.body


def test_a_second_run_on_the_same_day_sends_nothing_more():
    """A retried beat run: deduped by day."""
    interview_with_panel(panel=1)
    scorecard_escalations_send(now=morning(3))
    assert scorecard_escalations_send(now=morning(3) + dt.timedelta(hours=5)) == []
    assert Notification.objects.count() == 1


def test_it_escalates_on_five_working_days_then_stops():
    """Tue–Fri and the next Monday; not on the weekend, not on day six."""
    interview_with_panel(panel=1, recruiters=0)
    sent_on = [day for day in range(3, 12) if scorecard_escalations_send(now=morning(day))]
    assert sent_on == [3, 4, 5, 6, 9]
    assert Notification.objects.filter(kind="scorecard_overdue").count() == 5


def test_a_cancelled_or_submitted_scorecard_is_not_escalated():
    """Cancelled interview, submitted scorecard: nothing."""
    cancelled = interview_with_panel(panel=1)
    Interview.objects.filter(pk=cancelled.pk).update(status=Interview.Status.CANCELLED)
    submitted = interview_with_panel(panel=1, start=MONDAY_2PM - dt.timedelta(hours=2))
    submitted.scorecards.update(status="submitted", overall="no", submitted_at=MONDAY_2PM)
    assert scorecard_escalations_send(now=morning(4)) == []


def test_a_rescheduled_interview_restarts_its_escalation_clock():
    """Moved to Wednesday: no escalation on Wednesday morning, day 1 on Thursday."""
    interview = interview_with_panel(panel=1)
    Interview.objects.filter(pk=interview.pk).update(
        start=MONDAY_2PM + dt.timedelta(days=2), end=MONDAY_2PM + dt.timedelta(days=2, hours=1)
    )
    assert scorecard_escalations_send(now=morning(4)) == []
    (row,) = scorecard_escalations_send(now=morning(5))
    assert "working day 1 of 5" in row.body


@pytest.mark.parametrize("panel", [1, 8])
def test_the_escalation_query_count_does_not_grow_with_scorecards(panel, django_assert_max_num_queries):
    """Scorecards, their recruiters (prefetched), known keys, one insert."""
    interview_with_panel(panel=panel, recruiters=2)
    with django_assert_max_num_queries(12):
        rows = scorecard_escalations_send(now=morning(4))
    assert len(rows) == panel * 3  # each interviewer, and both recruiters copied on each
