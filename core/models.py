from django.db import models


class WorkerHeartbeat(models.Model):
    """A Celery worker's or beat's latest sign of life (`core.heartbeat`): the health page and the admin show
    staff which processes of the fleet run."""

    class Kind(models.TextChoices):
        WORKER = "worker", "Worker"
        BEAT = "beat", "Beat (the schedule)"

    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.WORKER)
    hostname = models.CharField(max_length=255, help_text="The worker's node name (name@host), or beat@host.")
    last_seen_at = models.DateTimeField()
    beats = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["kind", "-last_seen_at"]
        constraints = [models.UniqueConstraint(fields=["kind", "hostname"], name="heartbeat_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.hostname} at {self.last_seen_at:%Y-%m-%d %H:%M:%S}"
