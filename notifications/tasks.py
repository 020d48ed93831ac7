"""Celery tasks: small, primary keys as arguments, each calling one service.

Beat runs the periodic ones (CELERY_BEAT_SCHEDULE in config/settings/base.py). None of them needs
a retry of its own for safety: every row has a dedupe key, and the next beat run is the retry.
"""

import logging

from celery import shared_task

from notifications import outbox, services

logger = logging.getLogger(__name__)

DELIVERY_RETRIES = 4


@shared_task(bind=True, ignore_result=True, max_retries=DELIVERY_RETRIES, time_limit=90, soft_time_limit=60)
def notification_deliver_task(self, notification_id: int) -> None:
    """Send one outbox row. Returns quietly if it is gone or another worker has it; retries on SMTP/network trouble."""
    try:
        outbox.notification_deliver(notification_id=notification_id)
    except outbox.DeliveryDeferred as deferred:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            # Inline (no broker) a retry would run at once; past our retries: the row waits for the sweep.
            return
        raise self.retry(countdown=deferred.retry_in) from deferred


@shared_task(ignore_result=True, time_limit=120, soft_time_limit=100)
def notification_sweep_task() -> None:
    outbox.notification_sweep()


@shared_task(ignore_result=True, time_limit=120, soft_time_limit=100)
def scorecard_reminders_send_task() -> None:
    services.scorecard_reminders_send()


@shared_task(ignore_result=True, time_limit=300, soft_time_limit=240)
def scorecard_escalations_send_task() -> None:
    services.scorecard_escalations_send()


@shared_task(ignore_result=True, time_limit=300, soft_time_limit=240)
def recruiter_digests_send_task() -> None:
    services.recruiter_digests_send()
