from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone

from core.models import WorkerHeartbeat


@transaction.atomic
def worker_heartbeat_record(*, hostname: str) -> WorkerHeartbeat:
    """Record that a worker on `hostname` is alive; concurrent beats only ever add."""
    now = timezone.now()
    heartbeat, created = WorkerHeartbeat.objects.get_or_create(
        hostname=hostname, defaults={"last_seen_at": now, "beats": 1}
    )
    if not created:
        WorkerHeartbeat.objects.filter(pk=heartbeat.pk).update(last_seen_at=now, beats=F("beats") + 1)
        heartbeat.refresh_from_db()
    return heartbeat


def model_update(*, instance: Model, fields: Sequence[str], data: Mapping[str, Any]) -> tuple[Model, bool]:
    """Set those of `fields` that `data` holds (HackSoft's `model_update`), and save only what changed.

    A field absent from `data` is left alone; a value of None is a value (it clears the field).
    Returns the instance and whether anything changed. Fields with `auto_now` are saved along.
    """
    changed = []
    for name in fields:
        if name in data and getattr(instance, name) != data[name]:
            setattr(instance, name, data[name])
            changed.append(name)
    if changed:
        changed += [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]
        instance.save(update_fields=sorted(set(changed)))
    return instance, bool(changed)


def renamed(data: Mapping[str, Any], **names: str) -> dict[str, Any]:
    """The same mapping with some keys renamed (an API's `team` is a service's `team_id`)."""
    return {names.get(key, key): value for key, value in data.items()}
