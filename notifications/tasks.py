"""Celery tasks of the outbox: small, primary keys as arguments, each calling one function.

Beat runs the sweep (CELERY_BEAT_SCHEDULE in config/settings/base.py). The domain apps' own beat
tasks (reminders, escalations, digests) live in their apps' tasks.py and only write rows.
"""

import logging
from collections.abc import Sequence

from celery import shared_task
from kombu.exceptions import OperationalError as BrokerUnavailable

from notifications import outbox

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
    outbox.notification_sweep(publish=notifications_publish)


def notifications_publish(notification_ids: Sequence[int]) -> int:
    """Queue delivery of each row. Never raises and never hangs the caller: what is not queued waits for the sweep.

    Returns how many were handed over (a prefix of `notification_ids`). The broker connection
    timeouts in settings bound a failed attempt to a couple of seconds; after the first broker
    failure the rest are left to the sweep at once.
    """
    queued = 0
    for position, notification_id in enumerate(notification_ids):
        try:
            notification_deliver_task.apply_async(args=[notification_id])
        except (BrokerUnavailable, OSError):
            logger.warning(
                "Broker unavailable: %d notification(s) from #%s on stay pending for the sweep",
                len(notification_ids) - position,
                notification_id,
                exc_info=True,
            )
            break
        except Exception:
            # Only when tasks run inline (no broker): a delivery bug must not fail the user's request.
            logger.exception("Delivering notification #%s failed; it stays in the outbox", notification_id)
        queued += 1
    return queued
