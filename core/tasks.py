import socket

from celery import shared_task

from core.services import worker_heartbeat_record


@shared_task(bind=True, ignore_result=True, time_limit=30, soft_time_limit=20)
def worker_heartbeat_task(self, hostname: str | None = None) -> None:
    """Beat sends it every minute: whichever worker runs it beats on its own row (the queue flows)."""
    worker_heartbeat_record(hostname=hostname or self.request.hostname or socket.gethostname())
