import datetime as dt
from dataclasses import dataclass

from celery import current_app
from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.models import WorkerHeartbeat

HEARTBEAT_FRESH = dt.timedelta(minutes=3)


@dataclass(frozen=True)
class Health:
    database: bool
    broker: str
    workers: list[dict]

    @property
    def ok(self) -> bool:
        return self.database and self.broker in {"ok", "eager"}


def system_health() -> Health:
    """Database reachable, broker reachable (quickly), and which workers beat recently."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = True
    except Exception:
        database = False
    now = timezone.now()
    workers = (
        [
            {
                "hostname": beat.hostname,
                "last_seen_at": beat.last_seen_at,
                "alive": now - beat.last_seen_at < HEARTBEAT_FRESH,
            }
            for beat in WorkerHeartbeat.objects.all()[:20]
        ]
        if database
        else []
    )
    return Health(database=database, broker=_broker_state(), workers=workers)


def _broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:
        return "unreachable"
