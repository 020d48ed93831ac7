"""Beat tasks of the decisions app (CELERY_BEAT_SCHEDULE): each calls one service; rows have dedupe keys."""

from celery import shared_task

from decisions import notifications


@shared_task(ignore_result=True, time_limit=300, soft_time_limit=240)
def recruiter_digests_send_task() -> None:
    notifications.recruiter_digests_send()
