from django.contrib import admin

from core.admin import ReadOnlyInline, RecordAdmin
from interviews.models import (
    BusyBlock,
    CandidateWindow,
    Competency,
    Interview,
    InterviewAssignment,
    InterviewerProfile,
    Loop,
    LoopTemplate,
    Qualification,
    Rating,
    RoundType,
    RubricVersion,
    Scorecard,
    ScorecardRevision,
    TemplateRound,
)
from interviews.selectors import interview_is_kept, loop_is_kept


@admin.register(RoundType)
class RoundTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "default_minutes", "requires_senior_leader", "order"]
    ordering = ["order"]


class CompetencyInline(admin.StackedInline):
    model = Competency
    extra = 0
    fields = [
        ("code", "name"),
        ("weight", "required", "order"),
        "description",
        "anchor_1",
        "anchor_2",
        "anchor_3",
        "anchor_4",
    ]


@admin.register(RubricVersion)
class RubricVersionAdmin(admin.ModelAdmin):
    """A version that scorecards were filled against is read-only; copy it to a new version to edit."""

    list_display = ["round_type", "version", "in_use", "created_at"]
    list_filter = ["round_type"]
    inlines = [CompetencyInline]
    actions = ["copy_as_new_version"]

    @admin.display(boolean=True, description="scorecards use it")
    def in_use(self, rubric: RubricVersion) -> bool:
        return rubric.scorecards.exists()

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.scorecards.exists():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.scorecards.exists() or obj.interviews.exists()):
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description="Copy as a new version (templates move to it)")
    def copy_as_new_version(self, request, queryset):
        from interviews.configuration.services import rubric_create

        for rubric in queryset.select_related("round_type"):
            competencies = [
                {
                    "code": c.code,
                    "name": c.name,
                    "description": c.description,
                    "weight": c.weight,
                    "required": c.required,
                    "anchors": c.anchors,
                }
                for c in rubric.competencies.order_by("order", "id")
            ]
            new = rubric_create(
                round_type=rubric.round_type,
                competencies=competencies,
                notes=f"Copied from version {rubric.version}.",
                actor=request.user,
            )
            self.message_user(request, f"Created {new}; edit it before scheduling new loops.")


class TemplateRoundInline(admin.TabularInline):
    model = TemplateRound
    extra = 0
    fields = ["order", "round_type", "rubric", "required", "minutes"]
    ordering = ["order"]


@admin.register(LoopTemplate)
class LoopTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "role_family", "level", "competency_bar", "is_active"]
    list_filter = ["role_family", "level", "is_active"]
    search_fields = ["name"]
    inlines = [TemplateRoundInline]


class QualificationInline(ReadOnlyInline):
    model = Qualification
    show_change_link = False


class BusyBlockInline(ReadOnlyInline):
    model = BusyBlock
    fields = ["start", "end", "source", "summary"]
    show_change_link = False


@admin.register(InterviewerProfile)
class InterviewerProfileAdmin(RecordAdmin):
    """Read here; training stages, hours, caps and busy time change on the interviewer's page
    (/interviewers/<id>/) and `interviewers/`, where who may change what is decided."""

    list_display = ["user", "senior_leader", "work_start", "work_end", "weekly_cap"]
    list_filter = ["senior_leader", "user__timezone"]
    search_fields = ["user__username", "user__name"]
    list_select_related = ["user"]
    inlines = [QualificationInline, BusyBlockInline]
    # The person's private calendar link and their calendar's app password (even encrypted) are theirs alone.
    exclude = ["feed_token", "caldav_password"]


class InterviewInline(ReadOnlyInline):
    model = Interview
    fields = ["order", "round_type", "required", "start", "end", "status"]


class CandidateWindowInline(ReadOnlyInline):
    model = CandidateWindow


@admin.register(Loop)
class LoopAdmin(RecordAdmin):
    """Loops change on the loop page and the API (plan, book, cancel); here they are read, and deleted only
    while nothing is kept on them (`interviews.selectors.loop_is_kept`: not decided, no submitted feedback)."""

    list_display = ["__str__", "template", "status", "created_at"]
    list_filter = ["status", "template__role_family"]
    search_fields = ["application__candidate__name"]
    list_select_related = ["application__candidate", "template"]
    inlines = [InterviewInline, CandidateWindowInline]

    def deletable(self, obj: Loop) -> bool:
        return not loop_is_kept(loop=obj)


class AssignmentInline(ReadOnlyInline):
    model = InterviewAssignment
    show_change_link = False


@admin.register(Interview)
class InterviewAdmin(RecordAdmin):
    """Interviews change through the loop's services (booking, replacement, cancellation); here they are read,
    and deleted only while nothing is kept on them (`interviews.selectors.interview_is_kept`)."""

    list_display = ["__str__", "round_type", "start", "status", "ical_sequence"]
    list_filter = ["status", "round_type"]
    list_select_related = ["round_type", "loop__application__candidate", "loop"]
    inlines = [AssignmentInline]

    def deletable(self, obj: Interview) -> bool:
        return not interview_is_kept(interview=obj)


class RatingInline(ReadOnlyInline):
    model = Rating
    fields = ["competency", "score", "evidence"]
    show_change_link = False


class RevisionInline(ReadOnlyInline):
    model = ScorecardRevision
    fields = ["number", "reason", "author", "after_decision", "created_at"]
    readonly_fields = fields
    show_change_link = False


@admin.register(Scorecard)
class ScorecardAdmin(RecordAdmin):
    """Read-only: interviewers fill their scorecards on the kit, and submitted ones change only by amendment
    (a revision with a reason). Scorecards are never deleted here."""

    list_display = ["interviewer", "interview", "status", "overall", "brilliant_jerk", "submitted_at"]
    list_filter = ["status", "overall", "brilliant_jerk", "force_fit_concern"]
    search_fields = ["interviewer__username", "interview__loop__application__candidate__name"]
    list_select_related = ["interviewer", "interview__round_type", "interview__loop__application__candidate"]
    inlines = [RatingInline, RevisionInline]

    # Never deleted here, drafts included: a draft is feedback someone owes (it seals the loop for them).
