"""Serializers for loops, interviews and scheduling (API.md "Loops and interviews")."""

from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.fields import AwareDateTimeField
from interviews.models import Interview, InterviewAssignment, Loop, RoundType
from interviews.scheduling import solver
from interviews.scheduling.selectors import interviewers_of
from interviews.selectors import loop_feedback_sealed

SLOT_CHOICES = [5, 10, 15, 20, 30, 60]
ONE_SHADOW = "At most one trainee shadows an interview."
INTERVIEWERS_DISTINCT = "List each interviewer once."


class WindowSerializer(serializers.Serializer):
    start = AwareDateTimeField()
    end = AwareDateTimeField()


class LoopInterviewSerializer(serializers.ModelSerializer):
    round_type = serializers.CharField(source="round_type.code", read_only=True)
    round_name = serializers.CharField(source="round_type.name", read_only=True)
    interviewers = serializers.SerializerMethodField(help_text="User ids of the scoring interviewers.")
    shadows = serializers.SerializerMethodField(help_text="User ids of trainees sitting in (they do not score).")
    trainees = serializers.SerializerMethodField(help_text="The same trainees under API.md v1.1's name.")
    start = AwareDateTimeField(read_only=True, allow_null=True)
    end = AwareDateTimeField(read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=Interview.Status.choices, read_only=True)

    class Meta:
        model = Interview
        fields = [
            "id",
            "loop",
            "round_type",
            "round_name",
            "order",
            "required",
            "minutes",
            "start",
            "end",
            "interviewers",
            "shadows",
            "trainees",
            "location",
            "meeting_url",
            "status",
            "scorecard_due_at",
            "ical_uid",
            "ical_sequence",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_interviewers(self, interview: Interview) -> list[int]:
        return interviewers_of(interview)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_shadows(self, interview: Interview) -> list[int]:
        return interviewers_of(interview, InterviewAssignment.Role.SHADOW)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_trainees(self, interview: Interview) -> list[int]:
        """API.md v1.1's name for the trainees sitting in (shadow or reverse shadow): extra seats that never
        score, so they never count toward completeness, the recommendation or unsealing feedback."""
        return interviewers_of(interview, InterviewAssignment.Role.SHADOW)


class InterviewSerializer(LoopInterviewSerializer):
    candidate = serializers.CharField(source="loop.application.candidate.name", read_only=True)

    class Meta(LoopInterviewSerializer.Meta):
        fields = [*LoopInterviewSerializer.Meta.fields, "candidate"]


class RecommendationSummarySerializer(serializers.Serializer):
    outcome = serializers.CharField()
    reasons = serializers.ListField(child=serializers.DictField())
    computed_at = serializers.DateTimeField()


class RescheduleLimitsSerializer(serializers.Serializer):
    notice_hours = serializers.IntegerField(
        source="reschedule_notice_hours", help_text="No request later than this many hours before the first interview."
    )
    max_requests = serializers.IntegerField(source="reschedule_max", help_text="At most this many requests.")


class RescheduleLimitsInputSerializer(serializers.Serializer):
    # Checked by the service (booking.loop_set_reschedule_limits), the same for the page and the API.
    notice_hours = serializers.JSONField()
    max_requests = serializers.JSONField()


class RescheduleRequestRowSerializer(serializers.Serializer):
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    resolved_at = serializers.DateTimeField(allow_null=True)


class LoopSerializer(serializers.ModelSerializer):
    candidate = serializers.CharField(source="application.candidate.name", read_only=True)
    candidate_timezone = serializers.CharField(source="application.candidate.timezone", read_only=True)
    windows = WindowSerializer(many=True, read_only=True)
    interviews = LoopInterviewSerializer(many=True, read_only=True)
    recommendation = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=Loop.Status.choices, read_only=True)
    reschedule_limits = RescheduleLimitsSerializer(source="*", read_only=True)
    reschedule_requests = serializers.SerializerMethodField(
        help_text="The candidate's reschedule requests (for whoever schedules the loop; empty for anyone else)."
    )

    class Meta:
        model = Loop
        fields = [
            "id",
            "application",
            "template",
            "status",
            "candidate",
            "candidate_timezone",
            "windows",
            "interviews",
            "recommendation",
            "reschedule_limits",
            "reschedule_requests",
            "created_at",
        ]

    @extend_schema_field(RescheduleRequestRowSerializer(many=True))
    def get_reschedule_requests(self, loop: Loop) -> list[dict]:
        """The candidate's own words are for the people who schedule the loop (selectors.loop_detail_queryset
        marks them: `viewer_schedules`), as on the loop page."""
        if not getattr(loop, "viewer_schedules", False):
            return []
        return RescheduleRequestRowSerializer(loop.reschedule_requests.all(), many=True).data

    @extend_schema_field(RecommendationSummarySerializer(allow_null=True))
    def get_recommendation(self, loop: Loop) -> dict | None:
        """The latest computed recommendation, as the decisions app keeps it on the loop
        (GET loops/{id}/recommendation/ computes the full one as of now). Null for a viewer who still
        owes a scorecard on the loop: it is derived from the others' feedback."""
        request = self.context.get("request")
        latest = loop.latest_recommendation
        if not latest or request is None or loop_feedback_sealed(viewer=request.user, loop=loop):
            return None
        summary = {**latest, "computed_at": parse_datetime(latest["computed_at"])}
        return RecommendationSummarySerializer(summary).data


class LoopCreateInputSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    template = serializers.IntegerField()
    skip_rounds = serializers.ListField(
        child=serializers.ChoiceField(choices=RoundType.Code.choices),
        required=False,
        default=list,
        help_text='Optional rounds of the template to leave out, e.g. ["ml_systems"].',
    )


class AvailabilityInputSerializer(serializers.Serializer):
    windows = WindowSerializer(many=True)
    timezone = serializers.CharField(
        required=False,
        max_length=64,
        help_text="The candidate's IANA zone, when it changed (e.g. they moved); saved on the candidate.",
    )


class AvailabilityLinkSerializer(serializers.Serializer):
    url = serializers.URLField()
    expires_at = AwareDateTimeField()


class ScheduleOptionsSerializer(serializers.Serializer):
    buffer_minutes = serializers.IntegerField(min_value=0, max_value=240, default=15)
    max_rounds_per_day = serializers.IntegerField(min_value=1, max_value=12, default=4)
    slot_minutes = serializers.ChoiceField(choices=SLOT_CHOICES, default=15)
    add_shadows = serializers.BooleanField(
        default=False, required=False, help_text="Add one free trainee (shadow or reverse shadow) per round."
    )

    def options(self) -> solver.Options:
        values = self.validated_data
        return solver.Options(
            buffer_minutes=values["buffer_minutes"],
            max_rounds_per_day=values["max_rounds_per_day"],
            slot_minutes=int(values["slot_minutes"]),
            add_shadows=values.get("add_shadows", False),
        )


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class ProposedInterviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    round_type = serializers.CharField()
    start = AwareDateTimeField()
    end = AwareDateTimeField()
    interviewers = serializers.ListField(child=serializers.IntegerField())
    shadows = serializers.ListField(child=serializers.IntegerField())


class ProposalSerializer(serializers.Serializer):
    feasible = serializers.BooleanField()
    days = serializers.IntegerField(help_text="Days the plan uses (the fewest possible).")
    interviews = ProposedInterviewSerializer(many=True)
    reasons = ReasonSerializer(many=True)


def proposal_data(proposal: solver.Proposal, round_types: dict[int, str]) -> dict:
    return {
        "feasible": proposal.feasible,
        "days": proposal.days,
        "interviews": [
            {
                "id": slot.round_key,
                "round_type": round_types.get(slot.round_key, ""),
                "start": slot.start,
                "end": slot.end,
                "interviewers": [slot.interviewer_id, *slot.extra_ids],
                "shadows": [slot.shadow_id] if slot.shadow_id is not None else [],
            }
            for slot in proposal.slots
        ],
        "reasons": [{"code": r.code, "message": r.message} for r in proposal.reasons],
    }


class PlannedInterviewInputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start = AwareDateTimeField()
    end = AwareDateTimeField()
    interviewers = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    shadows = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    location = serializers.CharField(required=False, allow_blank=True, max_length=255)

    def validate_shadows(self, value: list[int]) -> list[int]:
        if len(value) > 1:
            raise serializers.ValidationError(ONE_SHADOW)
        return value

    def validate_interviewers(self, value: list[int]) -> list[int]:
        if len(set(value)) != len(value):
            raise serializers.ValidationError(INTERVIEWERS_DISTINCT)
        return value


class ScheduleInputSerializer(ScheduleOptionsSerializer):
    interviews = PlannedInterviewInputSerializer(many=True, allow_empty=False)


class RescheduleInputSerializer(ScheduleOptionsSerializer):
    start = AwareDateTimeField()
    interviewers = serializers.ListField(child=serializers.IntegerField(), required=False, min_length=1)
    shadows = serializers.ListField(child=serializers.IntegerField(), required=False, max_length=1)
    location = serializers.CharField(required=False, allow_blank=True, max_length=255)


class BusyIcsInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="An .ics export of the interviewer's calendar.")


class BusyIcsResultSerializer(serializers.Serializer):
    imported = serializers.IntegerField(help_text="Busy blocks imported (upcoming imported blocks are replaced).")


class DeclineInputSerializer(serializers.Serializer):
    # Not required here: the service asks who you are first (403), then for the reason (400 on `reason`).
    reason = serializers.CharField(
        max_length=2000, allow_blank=True, required=False, default="", help_text="Why you cannot do it."
    )


class DeclineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    interview = serializers.IntegerField(source="interview_id")
    interviewer = serializers.IntegerField(source="interviewer_id")
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()


class ReplacementSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user.pk")
    name = serializers.CharField(source="user")
    load = serializers.IntegerField(help_text="Interviews booked in the four weeks around this one (interviews.load).")


class ReplaceInputSerializer(serializers.Serializer):
    # "from" is a Python keyword: the field is declared under another name and renamed below.
    from_user = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    to = serializers.IntegerField(min_value=1, max_value=2**63 - 1)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_user")
        return fields
