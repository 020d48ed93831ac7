"""The audit log: who did what security-relevant thing, when, from where. Append-only; ids, role codes
and outcomes, never candidate PII (so anonymization leaves it alone)."""

from django.conf import settings
from django.db import models


class AppendOnly(Exception):
    """An audit event is never changed or deleted."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("Audit events are append-only.")

    def delete(self):
        raise AppendOnly("Audit events are append-only.")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        LOCKED_OUT = "locked_out", "Locked out"
        SIGN_OUT = "sign_out", "Signed out"
        SECOND_FACTOR_PASSED = "second_factor_passed", "Two-factor code accepted"
        SECOND_FACTOR_FAILED = "second_factor_failed", "Two-factor code refused"
        SECOND_FACTOR_ON = "second_factor_on", "Two-factor sign-in turned on"
        SECOND_FACTOR_OFF = "second_factor_off", "Two-factor sign-in turned off"
        ROLES_CHANGED = "roles_changed", "Roles changed"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        DEACTIVATED = "deactivated", "Account deactivated"
        PACKET_VIEWED = "packet_viewed", "Packet viewed"
        EXPORTED = "exported", "Report exported"
        CANDIDATE_ANONYMIZED = "candidate_anonymized", "Candidate anonymized"
        DECISION_RECORDED = "decision_recorded", "Decision recorded"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=32, choices=Action.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # the event outlives the account, unchanged
        related_name="+",
        help_text="Who acted; empty for the system (a beat task) or an unknown username.",
    )
    actor_username = models.CharField(
        max_length=150, blank=True, help_text="The username as it was (for a failed sign-in, as typed)."
    )
    client_address = models.GenericIPAddressField(null=True, blank=True)
    target_type = models.CharField(max_length=32, blank=True, help_text="user, loop, candidate, decision, report")
    target_id = models.BigIntegerField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True, help_text="Codes and ids only: never names or free text.")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} by {self.actor_username or 'system'}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Audit events are append-only.")
