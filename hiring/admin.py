from django.contrib import admin

from hiring.models import (
    Application,
    Candidate,
    Committee,
    ExistingHeadcount,
    HiringSettings,
    LadderLevel,
    Requisition,
    Team,
    UseCase,
)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(LadderLevel)
class LadderLevelAdmin(admin.ModelAdmin):
    list_display = ["title", "role_family", "level", "rank"]
    list_filter = ["role_family"]
    ordering = ["role_family", "rank"]


class ExistingHeadcountInline(admin.TabularInline):
    model = ExistingHeadcount
    fields = ["role_family", "count"]
    extra = 0


@admin.register(HiringSettings)
class HiringSettingsAdmin(admin.ModelAdmin):
    """One row: company stage, cap multiplier and the existing team per role family."""

    list_display = ["__str__", "company_stage", "cap_multiplier", "updated_at"]
    fields = ["company_stage", "cap_multiplier", "updated_at"]
    readonly_fields = ["updated_at"]
    inlines = [ExistingHeadcountInline]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not HiringSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        obj.pk = HiringSettings.SINGLETON_PK  # the only row the guidance reads
        super().save_model(request, obj, form, change)


@admin.register(UseCase)
class UseCaseAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "team", "status", "accepted_at"]
    list_filter = ["status", "category", "team"]
    search_fields = ["title", "problem", "baseline_tried"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "chair"]
    search_fields = ["name"]
    filter_horizontal = ["members"]


@admin.register(Requisition)
class RequisitionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "role_family", "level", "team", "headcount", "status", "hiring_manager"]
    list_filter = ["status", "role_family", "level", "team"]
    search_fields = ["title", "team__name"]
    filter_horizontal = ["use_cases", "recruiters"]
    list_select_related = ["team", "hiring_manager"]


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "timezone", "source", "anonymized_at"]
    list_filter = ["source"]
    search_fields = ["name", "email"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["candidate", "requisition", "stage", "created_at"]
    list_filter = ["stage", "requisition__role_family"]
    search_fields = ["candidate__name"]
    list_select_related = ["candidate", "requisition__team"]
