"""Overdue scorecards: chased once a working day for five working days; recruiters copied from day two."""

import datetime as dt

import pytest

from interviews.models import Interview
from interviews.notifications import scorecard_escalations_send
from interviews.services import interview_feedback_times
from notifications.models import Notification
from tests.notifications.factories import MONDAY_2PM, interview_with_panel

pytestmark = pytest.mark.django_db


def utc(day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A moment of March 2026 in UTC. The interview ended Monday 2 March 15:00 UTC, so its feedback is
    overdue from Tuesday 15:00 UTC: 16:00 in Berlin, where the panel works 09:00–17:00, Monday to Friday."""
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=dt.UTC)


OVERDUE = utc(3, 15)


def recipients(rows) -> set[int]:
    return {row.recipient_id for row in rows}


def test_nothing_is_escalated_before_the_scorecard_is_overdue():
    """Due Monday 16:00 UTC, overdue a day after the interview: Tuesday 14:59 is too early."""
    interview_with_panel(panel=1)
    assert scorecard_escalations_send(now=dt.datetime(2026, 3, 2, 23, 0, tzinfo=dt.UTC)) == []
    assert scorecard_escalations_send(now=OVERDUE - dt.timedelta(minutes=1)) == []


def test_day_one_goes_to_the_interviewer_alone_when_it_falls_overdue(django_capture_on_commit_callbacks, mailoutbox):
    """Overdue at 16:00 in Berlin, within the interviewer's working hours: chased then, not the recruiters."""
    interview = interview_with_panel(panel=1, recruiters=2)
    interviewer = interview.scorecards.get().interviewer
    with django_capture_on_commit_callbacks(execute=True):
        rows = scorecard_escalations_send(now=OVERDUE)
    assert recipients(rows) == {interviewer.pk}
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith("Scorecard overdue (day 1):")


def test_from_day_two_the_recruiters_are_copied(django_capture_on_commit_callbacks, mailoutbox):
    """Wednesday from 09:00 in Berlin: the interviewer and both recruiters, each once."""
    interview = interview_with_panel(panel=1, recruiters=2)
    interviewer = interview.scorecards.get().interviewer
    recruiters = set(interview.loop.application.requisition.recruiters.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        rows = scorecard_escalations_send(now=utc(4, 8))
    assert recipients(rows) == {interviewer.pk, *recruiters}
    assert len(mailoutbox) == 3
    to_recruiter = Notification.objects.exclude(recipient=interviewer).first()
    assert f"{interviewer}'s scorecard" in to_recruiter.body
    assert "working day 2 of 5" in to_recruiter.body


def test_a_second_run_on_the_same_day_sends_nothing_more():
    """A retried beat run: deduped by day."""
    interview_with_panel(panel=1)
    scorecard_escalations_send(now=OVERDUE)
    assert scorecard_escalations_send(now=OVERDUE + dt.timedelta(hours=5)) == []
    assert Notification.objects.count() == 1


def test_it_escalates_on_five_working_days_then_stops():
    """Tuesday afternoon, Wednesday to Friday mornings and the next Monday; not the weekend, not day six."""
    interview_with_panel(panel=1, recruiters=0)
    runs = [OVERDUE, utc(4), utc(5), utc(6), utc(7), utc(8), utc(9), utc(10)]
    sent = [moment.day for moment in runs if scorecard_escalations_send(now=moment)]
    assert sent == [3, 4, 5, 6, 9]
    assert Notification.objects.filter(kind="scorecard_overdue").count() == 5


def test_a_part_time_interviewer_is_chased_on_their_own_days_across_a_dst_change():
    """New York, Monday to Thursday 09:00–17:00: day 2 is Wednesday 09:00 EST (14:00 UTC), nothing on
    Friday, and day 4 on Monday 9 March at 09:00 EDT (13:00 UTC: the clocks went forward on Sunday)."""
    interview = interview_with_panel(panel=1, recruiters=0)
    profile = interview.scorecards.get().interviewer.interviewer_profile
    profile.weekdays = [0, 1, 2, 3]
    profile.save(update_fields=["weekdays"])
    profile.user.timezone = "America/New_York"
    profile.user.save(update_fields=["timezone"])
    assert len(scorecard_escalations_send(now=OVERDUE)) == 1  # 10:00 in New York: within hours
    assert scorecard_escalations_send(now=utc(4, 13, 59)) == []  # day 1 is still the current one
    (second,) = scorecard_escalations_send(now=utc(4, 14))
    assert "working day 2 of 5" in second.body
    assert len(scorecard_escalations_send(now=utc(5, 14))) == 1
    assert scorecard_escalations_send(now=utc(6, 20)) == []  # Friday is not one of their days
    assert scorecard_escalations_send(now=utc(9, 12, 59)) == []
    (fourth,) = scorecard_escalations_send(now=utc(9, 13))
    assert "working day 4 of 5" in fourth.body


def test_a_cancelled_or_submitted_scorecard_is_not_escalated():
    """Cancelled interview, submitted scorecard: nothing."""
    cancelled = interview_with_panel(panel=1)
    Interview.objects.filter(pk=cancelled.pk).update(status=Interview.Status.CANCELLED)
    submitted = interview_with_panel(panel=1, start=MONDAY_2PM - dt.timedelta(hours=2))
    submitted.scorecards.update(status="submitted", overall="no", submitted_at=MONDAY_2PM)
    assert scorecard_escalations_send(now=utc(4)) == []


def test_a_rescheduled_interview_restarts_its_escalation_clock():
    """Moved to Wednesday: no escalation on Wednesday, day 1 once it is overdue on Thursday."""
    interview = interview_with_panel(panel=1)
    end = MONDAY_2PM + dt.timedelta(days=2, hours=1)
    Interview.objects.filter(pk=interview.pk).update(
        start=MONDAY_2PM + dt.timedelta(days=2), end=end, **interview_feedback_times(end=end)
    )
    assert scorecard_escalations_send(now=utc(4, 16)) == []
    assert scorecard_escalations_send(now=utc(5, 14, 59)) == []
    (row,) = scorecard_escalations_send(now=utc(5, 15))
    assert "working day 1 of 5" in row.body


@pytest.mark.parametrize("panel", [1, 8])
def test_the_escalation_query_count_does_not_grow_with_scorecards(panel, django_assert_num_queries):
    """Scorecards, their recruiters (prefetched), known keys, one insert."""
    interview_with_panel(panel=panel, recruiters=2)
    with django_assert_num_queries(10):
        rows = scorecard_escalations_send(now=utc(4))
    assert len(rows) == panel * 3  # each interviewer, and both recruiters copied on each
