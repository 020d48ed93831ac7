"""The Django admin obeys the product's rules: it configures, it does not bypass the services.

Domain records (use cases, requisitions, candidates, applications, loops, interviews, scorecards, votes,
decisions, the outbox) are read in the admin and changed only through the pages and the API, where
their rules live (the use-case edit rule, the requisition gate, the stage machine, sealed feedback,
immutable scorecards…). A record may be deleted only where its rule's owner says so.
"""

from django.contrib import admin
from django.http import HttpRequest

from core.models import WorkerHeartbeat
from core.selectors import heartbeat_alive


class RecordAdmin(admin.ModelAdmin):
    """Read-only in the admin; `deletable` asks the rule's owner whether one record may go (default: never)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def deletable(self, obj) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if not super().has_delete_permission(request, obj):
            return False
        # Without an object Django asks whether to offer deleting at all (the bulk action, which asks
        # again per collected object, cascade included): only where some record may go.
        return self.deletable(obj) if obj is not None else type(self).deletable is not RecordAdmin.deletable


class ReadOnlyInline(admin.TabularInline):
    """An inline that shows a record's parts; they change with the record, through the services."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(RecordAdmin):
    """Which workers and beats of the fleet run (core/heartbeat.py writes these; nobody edits them)."""

    list_display = ["kind", "hostname", "last_seen_at", "alive", "beats"]
    list_filter = ["kind"]
    search_fields = ["hostname"]

    @admin.display(boolean=True, description="alive")
    def alive(self, heartbeat: WorkerHeartbeat) -> bool:
        return heartbeat_alive(heartbeat)
