"""The outbox: every notification is a row written in the transaction of the change that causes it.

Workers deliver rows after commit; a row is claimed with a conditional update so two workers never
send the same one, and the unique dedupe key means a retried task or a second beat run adds nothing.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from notifications.kinds import kind_label


class Notification(models.Model):
    """One message to one person. `kind` is registered by the domain app that writes such messages
    (notifications.kinds); `about` holds the ids it concerns, for the delivery-time check and for
    finding a person's messages again (e.g. to erase a candidate)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not sent: no longer relevant"
        FAILED = "failed", "Could not be delivered"

    class IcsMethod(models.TextChoices):
        REQUEST = "REQUEST", "Request"
        CANCEL = "CANCEL", "Cancel"

    kind = models.CharField(max_length=40, help_text="What kind of message (registered by a domain app).")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    dedupe_key = models.CharField(
        max_length=255, unique=True, help_text="Says what this is about; the same key is never written twice."
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
        help_text="Empty for people without an account (candidates).",
    )
    to_email = models.EmailField()
    to_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    ics = models.TextField(blank=True, help_text="iCalendar attached to invites.")
    ics_method = models.CharField(max_length=8, choices=IcsMethod.choices, blank=True)
    attachments = models.JSONField(
        default=list,
        blank=True,
        help_text="More calendar files, e.g. a candidate itinerary's one invite per round: "
        '[{"filename", "method", "content"}].',
    )
    about = models.JSONField(
        default=dict,
        blank=True,
        help_text='Ids it concerns, e.g. {"interview": 5, "sequence": 2, "candidate": 9}: delivery re-checks them.',
    )
    created_at = models.DateTimeField(default=timezone.now)
    available_at = models.DateTimeField(default=timezone.now, help_text="The sweep delivers it from this time on.")
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "available_at"], name="notification_due_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="notification_sent_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(claim_token__isnull=False, claimed_at__isnull=False),
                name="notification_sending_is_claimed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} to {self.to_email}"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)
