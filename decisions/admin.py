from django.contrib import admin

from decisions.models import Decision, RecommendationRecord, Vote


class AuditTrailAdmin(admin.ModelAdmin):
    """The audit trail is read-only everywhere: votes, decisions and recommendations are recorded
    through the committee pages and API, and never edited or deleted afterwards."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RecommendationRecord)
class RecommendationRecordAdmin(AuditTrailAdmin):
    list_display = ["loop", "outcome", "trigger", "computed_at"]
    list_filter = ["outcome"]
    readonly_fields = [
        "loop",
        "outcome",
        "reasons",
        "em_check",
        "coverage",
        "late_scorecards",
        "trigger",
        "trigger_params",
        "computed_at",
    ]


@admin.register(Vote)
class VoteAdmin(AuditTrailAdmin):
    list_display = ["loop", "voter", "vote", "created_at"]
    list_filter = ["vote"]


@admin.register(Decision)
class DecisionAdmin(AuditTrailAdmin):
    list_display = ["loop", "outcome", "is_override", "decided_by", "decided_at"]
    list_filter = ["outcome", "is_override"]
