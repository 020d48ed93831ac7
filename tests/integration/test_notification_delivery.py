"""Notifications end to end: written in a committed transaction, sent through Redis to a real worker, emailed once."""

import datetime as dt
import time

import pytest
import redis
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from interviews.notifications import notify_candidate_itinerary, notify_interview_invite
from interviews.tasks import scorecard_reminders_send_task
from notifications.models import Notification
from notifications.outbox import NOTIFICATION_HEADER, SWEEP_GRACE, SWEEP_REQUEUE_AFTER, notification_sweep
from notifications.tasks import notification_deliver_task, notifications_publish
from tests.integration.conftest import publishing_to
from tests.integration.mailbox import read_mail
from tests.notifications.factories import NotificationFactory, ics_for, interview_with_panel

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SETTINGS = "tests.integration.service_settings"


@pytest.fixture
def mail_worker(celery_worker_factory, tmp_path):
    """A worker that writes mail to files in a folder of this test's own."""
    mail_dir = tmp_path / "mail"
    worker = celery_worker_factory(
        settings_module=SETTINGS,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
    )
    worker.mail_dir = mail_dir
    with publishing_to(worker.queue):
        yield worker


def wait_until(condition, worker, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    pytest.fail(f"Timed out waiting until {what}; the worker's log:\n{worker.log()}")


def test_an_invite_is_written_committed_and_emailed_by_the_worker(mail_worker):
    """Commit → on_commit → Redis → worker → email with the .ics (method=REQUEST); rows marked sent. The
    panel's invites and the candidate's itinerary (its .ics per round) all go out."""
    interview = interview_with_panel(panel=2)
    with transaction.atomic():
        rows = notify_interview_invite(interview=interview, method="REQUEST", ics=ics_for(interview))
        rows += notify_candidate_itinerary(loop=interview.loop, changed=[interview], method="REQUEST")
    ids = [row.pk for row in rows]
    assert len(ids) == 3
    wait_until(
        lambda: Notification.objects.filter(pk__in=ids, status="sent").count() == 3, mail_worker, "all 3 are sent"
    )
    messages = read_mail(mail_worker.mail_dir)
    assert sorted(m[NOTIFICATION_HEADER].strip() for m in messages) == sorted(row.dedupe_key for row in rows)
    calendar = next(part for part in messages[0].walk() if part.get_content_type() == "text/calendar")
    assert calendar.get_param("method") == "REQUEST"
    assert f"UID:{interview.ical_uid}" in calendar.get_content()


def test_the_delivery_task_sent_twice_emails_once(mail_worker):
    """The same primary key queued three times through Redis: one email, one attempt."""
    interview = interview_with_panel(panel=1)
    candidate = interview.loop.application.candidate
    candidate.email = ""
    candidate.save()
    with transaction.atomic():
        (row,) = notify_interview_invite(interview=interview, method="REQUEST", ics=ics_for(interview))
    notification_deliver_task.delay(row.pk)
    notification_deliver_task.delay(row.pk)
    wait_until(lambda: Notification.objects.get(pk=row.pk).status == "sent", mail_worker, "the row is sent")
    time.sleep(2)  # let the duplicates run too
    assert "succeeded" in mail_worker.log()
    assert len(read_mail(mail_worker.mail_dir)) == 1
    assert Notification.objects.get(pk=row.pk).attempts == 1


def test_the_beat_reminder_task_on_the_worker_emails_a_due_scorecard(mail_worker):
    """The periodic task runs on the worker, writes the reminder and delivers it."""
    interview = interview_with_panel(panel=1, start=timezone.now() - dt.timedelta(hours=3))
    scorecard_reminders_send_task.delay()
    wait_until(
        lambda: Notification.objects.filter(kind="scorecard_due", status="sent").exists(),
        mail_worker,
        "the reminder is sent",
    )
    (message,) = read_mail(mail_worker.mail_dir)
    assert message["To"].addresses[0].addr_spec == interview.scorecards.get().interviewer.email
    assert message["Subject"].startswith("Scorecard due:")


def test_the_sweep_does_not_queue_a_row_again_while_its_message_waits():
    """Queued to a busy (here: absent) worker: the next sweeps leave the row alone until the requeue time."""
    queue = "loopwise-test-nobody-listens"
    now = timezone.now()
    row = NotificationFactory(created_at=now - dt.timedelta(minutes=5), available_at=now - dt.timedelta(minutes=5))
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    try:
        with publishing_to(queue):
            later = now + SWEEP_REQUEUE_AFTER + SWEEP_GRACE
            assert notification_sweep(publish=notifications_publish, now=now).queued == 1
            assert notification_sweep(publish=notifications_publish, now=now + dt.timedelta(minutes=1)).queued == 0
            assert notification_sweep(publish=notifications_publish, now=later).queued == 1
        assert broker.llen(queue) == 2
    finally:
        broker.delete(queue)
    row.refresh_from_db()
    assert row.status == "pending"
