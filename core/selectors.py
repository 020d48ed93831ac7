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


def heartbeat_alive(heartbeat: WorkerHeartbeat, *, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) - heartbeat.last_seen_at < heartbeat_fresh()


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
        now = timezone.now()
        # Processes heard from in the last day, the 20 latest of each kind: a retired one drops off after that.
        recent = WorkerHeartbeat.objects.filter(last_seen_at__gte=now - HEARTBEAT_LISTED).order_by("-last_seen_at")
        for kind in processes:
            processes[kind] = [
                {"hostname": b.hostname, "last_seen_at": b.last_seen_at, "alive": heartbeat_alive(b, now=now)}
                for b in recent.filter(kind=kind)[:20]
            ]
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
