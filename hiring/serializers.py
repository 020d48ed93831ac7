from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.fields import AwareDateTimeField, TimezoneField
from hiring import headcount, limits, retention
from hiring.codes import CompanyStage, Level, RoleFamily
from hiring.models import Application, ApplicationStageChange, Candidate, Committee, Requisition, Team, UseCase
from hiring.quorum import quorum_needed
from hiring.selectors import candidate_sees_contact, requisition_gate_problems, requisition_warnings


class IdField(serializers.IntegerField):
    """An object's id: 1 up to what the id column holds (a larger number overflows SQLite before any lookup)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", limits.MAX_ID)
        kwargs.setdefault(
            "error_messages",
            {"invalid": limits.NOT_AN_ID, "min_value": limits.NOT_AN_ID, "max_value": limits.NOT_AN_ID},
        )
        super().__init__(**kwargs)


class IdListField(serializers.ListField):
    """Ids of several objects, at most `limits.MAX_IDS` of them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("child", IdField())
        kwargs.setdefault("max_length", limits.MAX_IDS)
        kwargs.setdefault("error_messages", {"max_length": limits.TOO_MANY_IDS})
        super().__init__(**kwargs)


class CommitteeSerializer(serializers.ModelSerializer):
    members = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    quorum = serializers.SerializerMethodField(
        help_text="Votes needed before the chair decides: the committee's own number, or half the members "
        "rounded up. At least one member besides the chair must vote in every case; abstentions count."
    )
    quorum_is_default = serializers.SerializerMethodField(
        help_text="True while no quorum is set (the default applies)."
    )

    class Meta:
        model = Committee
        fields = ["id", "name", "members", "chair", "quorum", "quorum_is_default", "debrief_minutes"]

    def get_quorum(self, committee: Committee) -> int:
        return quorum_needed(quorum=committee.quorum, members=len(committee.members.all()))

    def get_quorum_is_default(self, committee: Committee) -> bool:
        return committee.quorum is None


class CommitteeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    members = IdListField(default=list)
    chair = IdField()
    quorum = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        max_value=32767,
        help_text="1 to the member count; null for the default (half the members, rounded up).",
    )
    debrief_minutes = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=240,
        help_text="0: no debrief. Otherwise, when a loop is ready for review, a slot this long that every member "
        "has free is proposed and sent as a calendar invite.",
    )


class CommitteeReplaceSerializer(CommitteeInputSerializer):
    """PUT replaces the committee: its members are said, not assumed empty (PATCH changes only what is sent)."""

    members = IdListField()


# --- Use cases ---------------------------------------------------------------------------------


class UseCaseSerializer(serializers.ModelSerializer):
    accepted_at = AwareDateTimeField(read_only=True, allow_null=True, help_text="Null until accepted.")
    created_at = AwareDateTimeField(read_only=True)
    updated_at = AwareDateTimeField(read_only=True)

    class Meta:
        model = UseCase
        fields = [
            "id",
            "title",
            "problem",
            "category",
            "team",
            "baseline_tried",
            "why_baseline_insufficient",
            "status",
            "proposed_by",
            "accepted_by",
            "accepted_at",
            "revised_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class LongTextField(serializers.CharField):
    """A paragraph or several: up to `limits.LONG_TEXT_MAX_LENGTH` characters."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", limits.LONG_TEXT_MAX_LENGTH)
        kwargs.setdefault("error_messages", {"max_length": limits.LONG_TEXT_TOO_LONG})
        super().__init__(**kwargs)


class UseCaseInputSerializer(serializers.Serializer):
    """Status changes go through `accept` and `retire`; everything else is written here."""

    title = serializers.CharField(max_length=200)
    problem = LongTextField()
    category = serializers.ChoiceField(choices=UseCase.Category.choices)
    team = IdField(required=False, allow_null=True)
    baseline_tried = LongTextField(required=False, allow_blank=True)
    why_baseline_insufficient = LongTextField(required=False, allow_blank=True)


# --- Teams -------------------------------------------------------------------------------------


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name", "description"]
        read_only_fields = fields


class TeamInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, help_text="Unique whatever its case; surrounding spaces are dropped.")
    description = LongTextField(required=False, allow_blank=True)


# --- Requisitions ------------------------------------------------------------------------------


class HeadcountWarningSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    requisition = serializers.IntegerField(source="requisition_id", allow_null=True)
    numbers = serializers.DictField(child=serializers.JSONField())


class RequisitionSerializer(serializers.ModelSerializer):
    """`warnings`: what this requisition runs against (cap, ratio, company stage; advisory).
    `gate_problems`: what stops it from opening, empty when nothing does."""

    use_cases = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    recruiters = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    hired = serializers.IntegerField(source="hired_count", read_only=True, default=0)
    opened_at = AwareDateTimeField(read_only=True, allow_null=True, help_text="Null until it first opens.")
    created_at = AwareDateTimeField(read_only=True)
    updated_at = AwareDateTimeField(read_only=True)
    warnings = serializers.SerializerMethodField()
    gate_problems = serializers.SerializerMethodField()

    class Meta:
        model = Requisition
        fields = [
            "id",
            "title",
            "role_family",
            "level",
            "team",
            "headcount",
            "hired",
            "use_cases",
            "hiring_manager",
            "recruiters",
            "committee",
            "status",
            "opened_at",
            "created_at",
            "updated_at",
            "warnings",
            "gate_problems",
        ]
        read_only_fields = fields

    @extend_schema_field(HeadcountWarningSerializer(many=True))
    def get_warnings(self, requisition: Requisition) -> list[dict]:
        warnings = requisition_warnings(requisition=requisition, plan_input=self.context.get("plan_input"))
        return HeadcountWarningSerializer(warnings, many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_gate_problems(self, requisition: Requisition) -> list[str]:
        if requisition.status not in {Requisition.Status.DRAFT, Requisition.Status.ON_HOLD}:
            return []
        return requisition_gate_problems(
            role_family=requisition.role_family, use_cases=list(requisition.use_cases.all())
        )


class RequisitionInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    role_family = serializers.ChoiceField(choices=RoleFamily.choices)
    level = serializers.ChoiceField(choices=Level.choices)
    team = IdField()
    headcount = serializers.IntegerField(min_value=1, max_value=100, required=False)
    use_cases = IdListField(required=False)
    hiring_manager = IdField(required=False, help_text="Defaults to the caller when they are a hiring manager.")
    recruiters = IdListField(required=False)
    committee = IdField(required=False, allow_null=True)


# --- Hiring plan and settings ------------------------------------------------------------------


class SeatCountSerializer(serializers.Serializer):
    existing = serializers.IntegerField(help_text="Editable existing team (hiring settings).")
    hired = serializers.IntegerField(help_text="Seats filled through Loopwise.")
    filled = serializers.IntegerField(help_text="existing + hired")
    open = serializers.IntegerField(help_text="Unfilled seats of open or on-hold requisitions.")
    total = serializers.IntegerField(help_text="filled + open")


class FamilyCountSerializer(SeatCountSerializer):
    role_family = serializers.ChoiceField(choices=RoleFamily.choices)


class RatioSerializer(serializers.Serializer):
    target = serializers.SerializerMethodField()
    actual = serializers.SerializerMethodField()
    ml_scientists = serializers.IntegerField()
    data_engineers = serializers.IntegerField()
    analytics_engineers = serializers.IntegerField()
    needed_data_engineers = serializers.IntegerField()
    needed_analytics_engineers = serializers.IntegerField()
    short_data_engineers = serializers.IntegerField()
    short_analytics_engineers = serializers.IntegerField()
    hire_next = serializers.ChoiceField(choices=RoleFamily.choices, allow_null=True)
    advice = serializers.CharField()

    def get_target(self, ratio: headcount.RatioAdvice) -> str:
        return headcount.TARGET_RATIO_TEXT

    def get_actual(self, ratio: headcount.RatioAdvice) -> str:
        return ratio.actual_text


class StageAdviceSerializer(serializers.Serializer):
    company_stage = serializers.ChoiceField(source="stage", choices=CompanyStage.choices)
    label = serializers.CharField()
    hire = serializers.ListField(child=serializers.ChoiceField(choices=RoleFamily.choices))
    not_yet = serializers.ListField(child=serializers.ChoiceField(choices=RoleFamily.choices))
    message = serializers.CharField()
    pay_note = serializers.CharField()


class HiringPlanSerializer(serializers.Serializer):
    use_cases = serializers.IntegerField(help_text="Accepted use cases.")
    cap_multiplier = serializers.DecimalField(max_digits=3, decimal_places=2, coerce_to_string=False)
    cap = serializers.IntegerField(help_text="cap_multiplier × use_cases, rounded down.")
    ml_scientists = SeatCountSerializer(help_text="Applied + research scientists.")
    over_cap_by = serializers.IntegerField()
    ratio = RatioSerializer(help_text="ML scientists : data engineers : analytics engineers against 1 : 2 : 4.")
    stage_advice = StageAdviceSerializer()
    families = FamilyCountSerializer(many=True)
    warnings = HeadcountWarningSerializer(many=True)


class HiringSettingsSerializer(serializers.Serializer):
    company_name = serializers.CharField(help_text="How candidates' itineraries and invites name the company.")
    company_stage = serializers.ChoiceField(choices=CompanyStage.choices)
    cap_multiplier = serializers.DecimalField(
        max_digits=3, decimal_places=2, coerce_to_string=False, min_value=2, max_value=3
    )
    existing_team = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=limits.MAX_TEAM_COUNT),
        help_text="People on the team outside Loopwise, per role family code.",
    )
    updated_at = AwareDateTimeField(read_only=True, allow_null=True)


class HiringSettingsInputSerializer(serializers.Serializer):
    company_name = serializers.CharField(max_length=120, allow_blank=True, required=False)
    company_stage = serializers.ChoiceField(choices=CompanyStage.choices, required=False)
    cap_multiplier = serializers.DecimalField(max_digits=3, decimal_places=2, min_value=2, max_value=3, required=False)
    existing_team = serializers.DictField(
        child=serializers.IntegerField(
            min_value=0,
            max_value=limits.MAX_TEAM_COUNT,
            error_messages={"min_value": limits.TEAM_COUNT_RANGE, "max_value": limits.TEAM_COUNT_RANGE},
        ),
        required=False,
        help_text="People on the team outside Loopwise, per role family code (0 to 100,000 each).",
    )


# --- Candidates and applications ---------------------------------------------------------------


class ApplicationStageField(serializers.ChoiceField):
    """The application stage (ApplicationStageEnum in the schema, see ENUM_NAME_OVERRIDES)."""

    def __init__(self, **kwargs):
        super().__init__(choices=Application.Stage.choices, **kwargs)


class ApplicationStageChangeSerializer(serializers.ModelSerializer):
    from_stage = ApplicationStageField(read_only=True)
    to_stage = ApplicationStageField(read_only=True)
    mover = serializers.CharField(
        read_only=True, help_text="owner (a recruiter, the hiring manager or an admin), decision, loop"
    )
    at = AwareDateTimeField(read_only=True)

    class Meta:
        model = ApplicationStageChange
        fields = ["from_stage", "to_stage", "mover", "reason", "by", "at"]
        read_only_fields = fields


class ApplicationSerializer(serializers.ModelSerializer):
    stage = ApplicationStageField(read_only=True)
    stage_changes = ApplicationStageChangeSerializer(many=True, read_only=True)
    candidate_name = serializers.CharField(source="candidate.name", read_only=True)
    requisition_title = serializers.CharField(source="requisition.__str__", read_only=True)
    created_at = AwareDateTimeField(read_only=True)
    updated_at = AwareDateTimeField(read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "candidate",
            "candidate_name",
            "requisition",
            "requisition_title",
            "stage",
            "stage_changes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ApplicationInputSerializer(serializers.Serializer):
    candidate = IdField()
    requisition = IdField()
    stage = ApplicationStageField(required=False, help_text="applied (default) or screen.")


class ApplicationMoveSerializer(serializers.Serializer):
    stage = ApplicationStageField()
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=limits.COMMENT_MAX_LENGTH,
        error_messages={"max_length": limits.COMMENT_TOO_LONG},
        help_text="Why: needed for rejected and withdrawn, and kept with the application.",
    )


class CandidateApplicationSerializer(serializers.ModelSerializer):
    stage = ApplicationStageField(read_only=True)

    class Meta:
        model = Application
        fields = ["id", "requisition", "stage"]
        read_only_fields = fields


EMAIL_HELP = 'Null unless `contact_visible`; "" when none is on file.'


class CandidateSerializer(serializers.ModelSerializer):
    """`email`, `phone` and `source` are null unless `contact_visible`: the caller is an admin, added
    the candidate, or is a recruiter, hiring manager or committee member on a requisition they applied to."""

    email = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    source = serializers.SerializerMethodField()
    contact_visible = serializers.SerializerMethodField()
    applications = serializers.SerializerMethodField()
    anonymized_at = AwareDateTimeField(read_only=True, allow_null=True, help_text="Null unless anonymized.")
    anonymize_after = serializers.SerializerMethodField(
        help_text="When the candidate is anonymized automatically (LOOPWISE_RETENTION_DAYS after the last "
        "application closed); null while an application is open, none has closed, or already anonymized."
    )
    created_at = AwareDateTimeField(read_only=True)

    class Meta:
        model = Candidate
        fields = [
            "id",
            "name",
            "email",
            "phone",
            "timezone",
            "links",
            "source",
            "contact_visible",
            "applications",
            "anonymized_at",
            "anonymize_after",
            "created_at",
        ]
        read_only_fields = fields

    def get_contact_visible(self, candidate: Candidate) -> bool:
        return candidate_sees_contact(viewer=self.context["request"].user, candidate=candidate)

    def _contact(self, candidate: Candidate, field: str) -> str | None:
        return getattr(candidate, field) if self.get_contact_visible(candidate) else None

    # Not `format: email`: a candidate may have none on file, and then it is "" (null means hidden).
    @extend_schema_field(serializers.CharField(allow_null=True, help_text=EMAIL_HELP))
    def get_email(self, candidate: Candidate) -> str | None:
        return self._contact(candidate, "email")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_phone(self, candidate: Candidate) -> str | None:
        return self._contact(candidate, "phone")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_source(self, candidate: Candidate) -> str | None:
        return self._contact(candidate, "source")

    @extend_schema_field(AwareDateTimeField(allow_null=True))
    def get_anonymize_after(self, candidate: Candidate) -> str | None:
        """From the candidate as `hiring.retention.with_retention` annotates it (the API's queryset does)."""
        when = retention.anonymize_after(candidate)
        return AwareDateTimeField().to_representation(when) if when else None

    @extend_schema_field(CandidateApplicationSerializer(many=True))
    def get_applications(self, candidate: Candidate) -> list[dict]:
        applications = getattr(candidate, "visible_applications", [])
        return CandidateApplicationSerializer(applications, many=True).data


class CandidateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(
        required=False,
        allow_blank=True,
        max_length=limits.EMAIL_MAX_LENGTH,
        error_messages={"max_length": limits.EMAIL_TOO_LONG},
    )
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    timezone = TimezoneField(required=False)
    links = serializers.ListField(child=serializers.URLField(max_length=500), required=False, max_length=20)
    source = serializers.CharField(max_length=120, required=False, allow_blank=True)
