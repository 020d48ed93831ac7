from django.contrib import admin, messages

from notifications.models import Notification
from notifications.selectors import outbox_backlog
from notifications.services import notifications_retry


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox: read-only rows; the one thing to do is send failed ones again."""

    list_display = ["created_at", "kind_label", "to_email", "recipient", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "created_at"]
    search_fields = ["dedupe_key", "to_email", "to_name", "subject", "recipient__username", "recipient__name"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    readonly_fields = [
        "kind",
        "status",
        "dedupe_key",
        "recipient",
        "to_email",
        "to_name",
        "subject",
        "body",
        "ics_method",
        "ics",
        "attachments",
        "about",
        "created_at",
        "available_at",
        "claim_token",
        "claimed_at",
        "attempts",
        "sent_at",
        "last_error",
    ]
    fieldsets = [
        (None, {"fields": ["kind", "status", "recipient", "to_email", "to_name", "subject", "body"]}),
        ("Calendar", {"fields": ["ics_method", "ics", "attachments"], "classes": ["collapse"]}),
        ("About", {"fields": ["about"]}),
        (
            "Delivery",
            {
                "fields": [
                    "dedupe_key",
                    "created_at",
                    "available_at",
                    "claim_token",
                    "claimed_at",
                    "attempts",
                    "sent_at",
                    "last_error",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the outbox is also the record of what was sent

    def changelist_view(self, request, extra_context=None):
        backlog = outbox_backlog()
        extra_context = {**(extra_context or {}), "title": _backlog_title(backlog)}
        return super().changelist_view(request, extra_context=extra_context)

    @admin.action(description="Retry: send the selected failed or waiting notifications now", permissions=["change"])
    def retry(self, request, queryset):
        count = notifications_retry(notification_ids=list(queryset.values_list("pk", flat=True)))
        skipped = queryset.count() - count
        self.message_user(request, f"{count} notification(s) queued to be sent again.", messages.SUCCESS)
        if skipped > 0:
            self.message_user(
                request,
                f"{skipped} left alone: sent, skipped or being sent rows are never sent again from here.",
                messages.WARNING,
            )


def _backlog_title(backlog: dict[str, int]) -> str:
    labels = dict(Notification.Status.choices)
    shown = ", ".join(f"{labels[status].lower()}: {n}" for status, n in backlog.items() if n)
    return f"Outbox ({shown})" if shown else "Outbox (empty)"
