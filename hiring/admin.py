from django.contrib import admin

from core.admin import RecordAdmin
from hiring.forms import CommitteeAdminForm, TeamAdminForm
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
from hiring.quorum import quorum_needed
from hiring.services import committees, teams


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    """Written through the same service as the API: a unique name, and a team with requisitions is kept."""

    form = TeamAdminForm
    list_display = ["name", "description"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        values = {"name": form.cleaned_data["name"], "description": form.cleaned_data.get("description", "")}
        saved = teams.team_update(team=obj, data=values) if change else teams.team_create(**values)
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or teams.team_delete_problem(team=obj) is None)

    def delete_model(self, request, obj):
        teams.team_delete(team=obj)

    def delete_queryset(self, request, queryset):
        for team in queryset:
            teams.team_delete(team=team)


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
    fields = ["company_name", "company_stage", "cap_multiplier", "updated_at"]
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
class UseCaseAdmin(RecordAdmin):
    """Use cases are proposed, edited and accepted on their pages and the API (who may edit, four eyes);
    here they are read, and a proposal no requisition uses may be deleted."""

    list_display = ["title", "category", "team", "status", "accepted_at"]
    list_filter = ["status", "category", "team"]
    search_fields = ["title", "problem", "baseline_tried"]

    def deletable(self, obj: UseCase) -> bool:
        return obj.status == UseCase.Status.PROPOSED and not obj.requisitions.exists()


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    """Committees are configuration: written here through the same service as the API (the chair is a
    member, everyone holds the committee role, the quorum is 1 to the member count)."""

    form = CommitteeAdminForm
    list_display = ["name", "chair", "quorum_shown"]
    search_fields = ["name"]
    filter_horizontal = ["members"]

    @admin.display(description="quorum")
    def quorum_shown(self, committee: Committee) -> str:
        needed = quorum_needed(quorum=committee.quorum, members=committee.members.count())
        return f"{needed} (default)" if committee.quorum is None else str(needed)

    def save_model(self, request, obj, form, change):
        values = form.service_values()
        if change:  # the stored row: the form has already copied its values onto `obj`
            saved = committees.committee_update(committee=Committee.objects.get(pk=obj.pk), data=values)
        else:
            saved = committees.committee_create(**values)
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        """The service set the members; the form's own many-to-many save would undo the chair's membership."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Requisition)
class RequisitionAdmin(RecordAdmin):
    """Requisitions open, hold, fill and close on their pages and the API (the use-case gate, headcount);
    here they are read, and a draft without applications may be deleted."""

    list_display = ["__str__", "role_family", "level", "team", "headcount", "status", "hiring_manager"]
    list_filter = ["status", "role_family", "level", "team"]
    search_fields = ["title", "team__name"]
    list_select_related = ["team", "hiring_manager"]

    def deletable(self, obj: Requisition) -> bool:
        return obj.status == Requisition.Status.DRAFT and not obj.applications.exists()


@admin.register(Candidate)
class CandidateAdmin(RecordAdmin):
    """Candidates are edited and anonymized on their page and the API (contact rules, erasure everywhere);
    never deleted here: anonymize instead."""

    list_display = ["name", "timezone", "anonymized_at"]
    search_fields = ["name"]


@admin.register(Application)
class ApplicationAdmin(RecordAdmin):
    """Stages move through the state machine (`hiring.stages`) on the pages and the API, never here; an
    application without loops may be deleted."""

    list_display = ["candidate", "requisition", "stage", "created_at"]
    list_filter = ["stage", "requisition__role_family"]
    search_fields = ["candidate__name"]
    list_select_related = ["candidate", "requisition__team"]

    def deletable(self, obj: Application) -> bool:
        return not obj.loops.exists()
