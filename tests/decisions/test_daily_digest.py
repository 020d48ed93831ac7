"""The recruiter's daily digest: what needs them on their requisitions, once a day, only if anything does."""

import datetime as dt

import pytest

from decisions.models import Decision
from decisions.notifications import recruiter_digests_send
from interviews.models import Loop
from notifications.models import Notification
from tests.factories import InterviewFactory, UserFactory
from tests.notifications.factories import MONDAY_2PM, decision_for, interview_with_panel

pytestmark = pytest.mark.django_db

# Wednesday: the Monday interviews' scorecards have been overdue since Tuesday 15:00 (a day after they ended).
WEDNESDAY_7AM = dt.datetime(2026, 3, 4, 7, 0, tzinfo=dt.UTC)


def test_a_recruiter_gets_one_digest_listing_what_needs_them(django_capture_on_commit_callbacks, mailoutbox):
    """Overdue scorecard, loop ready, interview today, decision yesterday: all in one email."""
    overdue = interview_with_panel(panel=1)
    requisition = overdue.loop.application.requisition
    (recruiter,) = requisition.recruiters.all()
    ready = InterviewFactory(loop__application__requisition=requisition, start=MONDAY_2PM).loop
    Loop.objects.filter(pk=ready.pk).update(status=Loop.Status.READY_FOR_REVIEW)
    upcoming = InterviewFactory(loop__application__requisition=requisition, start=WEDNESDAY_7AM + dt.timedelta(hours=3))
    decided = InterviewFactory(loop__application__requisition=requisition, start=MONDAY_2PM)
    decision = decision_for(decided)
    Decision.objects.filter(pk=decision.pk).update(decided_at=WEDNESDAY_7AM - dt.timedelta(hours=2))  # auto_now_add
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = recruiter_digests_send(now=WEDNESDAY_7AM)
    assert row.recipient == recruiter
    assert row.kind == "daily_digest"
    assert row.subject == "Loopwise daily digest — Wed 4 Mar 2026"
    body = mailoutbox[0].body
    assert "Scorecards overdue (1):" in body
    assert overdue.scorecards.get().interviewer.name in body
    assert f"Ready for committee (1):\n  - {ready.application.candidate.name}" in body
    assert f"with {upcoming.loop.application.candidate.name}" in body
    assert f"{decided.loop.application.candidate.name}: Hire" in body


def test_the_digest_is_sent_once_a_day():
    """A second run the same day adds nothing; the next day there is a new one."""
    interview_with_panel(panel=1)
    assert len(recruiter_digests_send(now=WEDNESDAY_7AM)) == 1
    assert recruiter_digests_send(now=WEDNESDAY_7AM + dt.timedelta(hours=1)) == []
    assert len(recruiter_digests_send(now=WEDNESDAY_7AM + dt.timedelta(days=1))) == 1
    assert Notification.objects.count() == 2


def test_a_recruiter_with_nothing_to_do_gets_no_digest():
    """No items, no email; recruiters on other requisitions do not see this one's items."""
    interview_with_panel(panel=1, start=WEDNESDAY_7AM + dt.timedelta(days=3))
    UserFactory(roles=["recruiter"])
    assert recruiter_digests_send(now=WEDNESDAY_7AM) == []


def test_each_recruiter_sees_only_their_requisitions():
    """Two requisitions, two recruiters, two digests each listing their own candidate."""
    first = interview_with_panel(panel=1)
    second = interview_with_panel(panel=1)
    rows = {row.recipient_id: row for row in recruiter_digests_send(now=WEDNESDAY_7AM)}
    for interview in (first, second):
        (recruiter,) = interview.loop.application.requisition.recruiters.all()
        mine = interview.loop.application.candidate.name
        other = (second if interview is first else first).loop.application.candidate.name
        assert mine in rows[recruiter.pk].body
        assert other not in rows[recruiter.pk].body


@pytest.mark.parametrize("requisitions", [1, 6])
def test_the_digest_query_count_does_not_grow_with_requisitions(requisitions, django_assert_num_queries):
    """Requisitions and recruiters, the loops they still owe feedback on, four item queries, keys, insert."""
    for _ in range(requisitions):
        interview_with_panel(panel=1)
    with django_assert_num_queries(16):
        rows = recruiter_digests_send(now=WEDNESDAY_7AM)
    assert len(rows) == requisitions
