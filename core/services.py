from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.admin.models import LogEntry
from django.db import transaction
from django.db.models import F, Model, Q
from django.utils import timezone

from core.models import WorkerHeartbeat
from core.redaction import Redactor


@transaction.atomic
def worker_heartbeat_record(*, hostname: str, kind: str = WorkerHeartbeat.Kind.WORKER) -> WorkerHeartbeat:
    """Record that a worker (or beat) on `hostname` is alive; concurrent beats only ever add."""
    now = timezone.now()
    heartbeat, created = WorkerHeartbeat.objects.get_or_create(
        kind=kind, hostname=hostname, defaults={"last_seen_at": now, "beats": 1}
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


def admin_log_redact(*, redact: Redactor) -> int:
    """Erase a person from the Django admin's history (each entry's object name and change message).
    → entries changed."""
    found = Q()
    for needle in (*redact.names, *redact.secrets):
        found |= Q(object_repr__icontains=needle) | Q(change_message__icontains=needle)
    changed = 0
    for entry in LogEntry.objects.filter(found) if found else []:
        entry.object_repr = redact(entry.object_repr)[:200]
        entry.change_message = redact(entry.change_message)
        entry.save(update_fields=["object_repr", "change_message"])
        changed += 1
    return changed
