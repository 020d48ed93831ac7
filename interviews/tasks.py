"""Beat tasks of the interviews app (CELERY_BEAT_SCHEDULE): each calls one service, and every row it
writes has a dedupe key, so a second run or a retry adds nothing."""

from celery import shared_task

from interviews import notifications


@shared_task(ignore_result=True, time_limit=120, soft_time_limit=100)
def scorecard_reminders_send_task() -> None:
    notifications.scorecard_reminders_send()


@shared_task(ignore_result=True, time_limit=300, soft_time_limit=240)
def scorecard_escalations_send_task() -> None:
    notifications.scorecard_escalations_send()
