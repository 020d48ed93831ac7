"""No notification when the causing transaction rolls back; delivery only after it commits."""

import pytest
from django.db import transaction

from decisions.notifications import notify_decision_recorded
from interviews.notifications import notify_interview_invite
from notifications.models import Notification
from tests.notifications.factories import decision_for, ics_for, interview_with_panel


class ActionFailed(Exception):
    pass


def notify_then_fail(decision) -> None:
    """A caller's service: notifies inside its transaction, then fails before committing."""
    with transaction.atomic():
        notify_decision_recorded(decision=decision)
        raise ActionFailed


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_no_row_and_queues_nothing(django_capture_on_commit_callbacks, mailoutbox):
    """The caller's transaction fails after notifying: rows and the after-commit delivery go with it."""
    interview = interview_with_panel(panel=1)
    decision = decision_for(interview)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ActionFailed):
        notify_then_fail(decision)
    assert callbacks == []
    assert Notification.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.django_db
def test_nothing_is_queued_before_the_callers_transaction_commits(django_capture_on_commit_callbacks, mailoutbox):
    """Inside the caller's transaction the row exists but no email has gone; after commit it goes."""
    interview = interview_with_panel(panel=1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        rows = notify_interview_invite(interview=interview, method="REQUEST", ics=ics_for(interview))
        assert mailoutbox == []
        assert Notification.objects.filter(status="pending").count() == len(rows)
    assert len(callbacks) == 1
    assert len(mailoutbox) == len(rows)


@pytest.mark.django_db(transaction=True)
def test_a_real_rollback_sends_nothing_and_a_real_commit_sends_once(mailoutbox):
    """Real transactions (no test wrapper): rollback → nothing; commit → delivered after commit."""
    interview = interview_with_panel(panel=1, recruiters=1)
    decision = decision_for(interview)
    with pytest.raises(ActionFailed):
        notify_then_fail(decision)
    assert Notification.objects.count() == 0
    assert mailoutbox == []
    with transaction.atomic():
        notify_decision_recorded(decision=decision)
        assert mailoutbox == []
    assert len(mailoutbox) == 2
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
