"""Beat tasks of the hiring app (CELERY_BEAT_SCHEDULE): each calls one service and is idempotent."""

from celery import shared_task

from hiring.services.candidates import candidates_retention_anonymize


@shared_task(ignore_result=True, time_limit=1800, soft_time_limit=1700)
def candidates_retention_sweep_task() -> None:
    candidates_retention_anonymize()
