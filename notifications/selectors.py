from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, QuerySet

from notifications.models import Notification


def notification_list(*, viewer: AbstractBaseUser) -> QuerySet[Notification]:
    """What was sent (or is about to be) to the viewer: their own rows only, newest first."""
    return Notification.objects.filter(recipient=viewer).order_by("-created_at", "-id")


def outbox_backlog() -> dict[str, int]:
    """Rows per status, for operators (admin changelist header)."""
    counts = dict(Notification.objects.values_list("status").annotate(n=Count("id")).order_by())
    return {status: counts.get(status, 0) for status in Notification.Status.values}
