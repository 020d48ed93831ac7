import datetime as dt
from dataclasses import dataclass

from celery import current_app
from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.models import WorkerHeartbeat

HEARTBEAT_LISTED = dt.timedelta(days=1)


def heartbeat_fresh() -> dt.timedelta:
    """How recent a heartbeat must be for its process to count as alive: three intervals."""
    return dt.timedelta(seconds=3 * settings.LOOPWISE_HEARTBEAT_SECONDS)


@dataclass(frozen=True)
class Health:
    database: bool
    broker: str
    workers: list[dict]
    beat: list[dict]

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
    processes = {kind: [] for kind in WorkerHeartbeat.Kind.values}
    if database:
        now, fresh = timezone.now(), heartbeat_fresh()
        # Processes heard from in the last day: a retired worker's row stops being listed after that.
        recent = WorkerHeartbeat.objects.filter(last_seen_at__gte=now - HEARTBEAT_LISTED)
        for heartbeat in recent.order_by("kind", "-last_seen_at")[:50]:
            processes[heartbeat.kind].append(
                {
                    "hostname": heartbeat.hostname,
                    "last_seen_at": heartbeat.last_seen_at,
                    "alive": now - heartbeat.last_seen_at < fresh,
                }
            )
    return Health(
        database=database,
        broker=_broker_state(),
        workers=processes[WorkerHeartbeat.Kind.WORKER],
        beat=processes[WorkerHeartbeat.Kind.BEAT],
    )


def _broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:
        return "unreachable"
