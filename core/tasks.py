import socket

from celery import shared_task

from core.services import worker_heartbeat_record


@shared_task(ignore_result=True, time_limit=30, soft_time_limit=20)
def worker_heartbeat_task(hostname: str | None = None) -> None:
    worker_heartbeat_record(hostname=hostname or socket.gethostname())
