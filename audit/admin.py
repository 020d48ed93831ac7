from django.contrib import admin

from audit.models import AuditEvent
from core.admin import RecordAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(RecordAdmin):
    """The audit log, filtered by action, date, person or target; nobody changes or deletes it."""

    list_display = ["at", "action", "actor_username", "client_address", "target_type", "target_id", "detail"]
    list_filter = ["action", "target_type", ("at", admin.DateFieldListFilter)]
    search_fields = ["actor_username", "client_address", "=target_id"]
    date_hierarchy = "at"
    fields = list_display
    list_per_page = 100
