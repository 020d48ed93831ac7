"""Input and output shapes of the decision endpoints (API.md "Decision").

Outputs are read from the pure module's dataclasses and the packet selector's; codes that several
resources share (`outcome`, `status`, `vote`) are plain strings here so the schema's enums stay
unambiguous, and the input serializers carry the choices.
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import append_meta, build_array_type
from rest_framework import serializers

from core.fields import AwareDateTimeField
from decisions.codes import Trigger
from decisions.models import Decision, Vote
from hiring import limits


class PacketPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="__str__")


# --- Recommendation ---------------------------------------------------------------------------


class DecisionReasonSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="missing_round, brilliant_jerk, strong_no, below_bar, force_fit, …")
    message = serializers.CharField()
    severity = serializers.CharField(help_text="blocking, critical, major, minor or info")
    scorecards = serializers.ListField(child=serializers.IntegerField(), help_text="Scorecard ids it rests on.")
    decisive = serializers.BooleanField(help_text="This reason determined the outcome.")
    competencies = serializers.ListField(child=serializers.CharField(), help_text="Competency codes it is about.")
    rounds = serializers.ListField(child=serializers.CharField(), help_text="Round type codes it is about.")


class DecisionCompetencySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    rounds = serializers.ListField(child=serializers.CharField())
    required = serializers.BooleanField()
    held_to_bar = serializers.BooleanField(help_text="Required (or given its own bar) in a required round.")
    weight = serializers.FloatField()
    bar = serializers.FloatField()
    mean = serializers.FloatField(allow_null=True, help_text="Weighted mean of the submitted ratings.")
    meets_bar = serializers.BooleanField(allow_null=True)
    ratings = serializers.IntegerField(help_text="How many submitted ratings the mean is over.")
    scorecards = serializers.ListField(child=serializers.IntegerField())


class DecisionCoverageGapSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    round = serializers.CharField()
    round_name = serializers.CharField()
    required = serializers.BooleanField()


class DecisionLateScorecardSerializer(serializers.Serializer):
    scorecard = serializers.IntegerField()
    interviewer = serializers.CharField()
    round = serializers.CharField()
    round_name = serializers.CharField()
    hours_after_interview = serializers.FloatField()


class EmCompetencySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    round = serializers.CharField()
    round_name = serializers.CharField()
    mean = serializers.FloatField(allow_null=True)
    bar = serializers.FloatField(help_text="The strictest MLS1/MLS2 bar for this competency.")
    gap = serializers.FloatField(help_text="How far the mean is below the bar (0 when it meets it).")
    meets_bar = serializers.BooleanField(allow_null=True)
    scorecards = serializers.ListField(child=serializers.IntegerField())


class EmCheckSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="meets, below or pending")
    meets_bar = serializers.BooleanField(allow_null=True)
    rounds = serializers.ListField(child=serializers.CharField())
    bar_source = serializers.ListField(child=serializers.CharField(), help_text="The MLS templates whose bars apply.")
    competencies = EmCompetencySerializer(many=True)
    technical_score = serializers.FloatField(allow_null=True)
    reference_hires = serializers.IntegerField(help_text="Past MLS1/MLS2 hires with technical scores.")
    min_reference_hires = serializers.IntegerField()
    percentile = serializers.FloatField(allow_null=True, help_text="Shown once enough past hires exist.")


class LoopRecommendationSerializer(serializers.Serializer):
    outcome = serializers.CharField(help_text="hire, no_hire, needs_discussion or incomplete")
    complete = serializers.BooleanField()
    reasons = DecisionReasonSerializer(many=True)
    em_check = EmCheckSerializer(allow_null=True)
    competencies = DecisionCompetencySerializer(many=True)
    coverage = DecisionCoverageGapSerializer(many=True)
    late_scorecards = DecisionLateScorecardSerializer(many=True)


class RecommendationRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    outcome = serializers.CharField()
    trigger = serializers.ChoiceField(choices=Trigger.choices, help_text="What caused it (the event's type).")
    trigger_params = serializers.DictField(
        source="shown_params",
        child=serializers.IntegerField(),
        help_text='The ids it concerns, e.g. {"scorecard": 20, "revision": 2}; empty for a vote while the votes '
        "are sealed for the caller.",
    )
    description = serializers.CharField(
        help_text='The trigger for people, e.g. "scorecard of Lena Lindqvist (Overview / culture) submitted".'
    )
    computed_at = AwareDateTimeField()


# --- Votes and decision -----------------------------------------------------------------------


class VoteInputSerializer(serializers.Serializer):
    vote = serializers.ChoiceField(choices=Vote.Choice.choices)
    comment = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        max_length=limits.COMMENT_MAX_LENGTH,
        error_messages={"max_length": limits.COMMENT_TOO_LONG},
    )


class PacketVoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    loop = serializers.IntegerField(source="loop_id")
    voter = PacketPersonSerializer()
    vote = serializers.CharField(help_text="hire, no_hire or abstain")
    first_vote = serializers.CharField(
        help_text="The vote as first cast, before the voter could see the others'; differs when they changed it."
    )
    comment = serializers.CharField()
    created_at = AwareDateTimeField()
    updated_at = AwareDateTimeField()


class DecisionInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Decision.Choice.choices)
    rationale = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        max_length=limits.RATIONALE_MAX_LENGTH,
        error_messages={"max_length": limits.RATIONALE_TOO_LONG},
        help_text="Required when it differs from the recommendation.",
    )


class CommitteeDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    loop = serializers.IntegerField(source="loop_id")
    outcome = serializers.CharField(help_text="hire or no_hire")
    rationale = serializers.CharField()
    is_override = serializers.BooleanField()
    recommendation = serializers.IntegerField(source="recommendation_id", allow_null=True)
    recommended_outcome = serializers.CharField(source="recommendation.outcome", allow_null=True, default=None)
    decided_by = PacketPersonSerializer()
    decided_at = AwareDateTimeField()
    application_stage = serializers.CharField(source="loop.application.stage")


# --- The packet -------------------------------------------------------------------------------


class PacketTemplateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    role_family = serializers.CharField()
    level = serializers.CharField()
    policy = serializers.JSONField()


class PacketCandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    links = serializers.JSONField()
    email = serializers.CharField(allow_null=True, help_text="Only for recruiters, the manager and the committee.")
    phone = serializers.CharField(allow_null=True, help_text="Only for recruiters, the manager and the committee.")


class PacketCommitteeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    chair = PacketPersonSerializer()
    members = PacketPersonSerializer(many=True)


class PacketRequisitionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(source="__str__")
    role_family = serializers.CharField()
    level = serializers.CharField()
    team = serializers.CharField(source="team.name")


class PacketLoopSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    created_at = AwareDateTimeField()
    ready_for_review_at = AwareDateTimeField(allow_null=True)
    template = PacketTemplateSerializer()


class PacketAssignmentSerializer(serializers.Serializer):
    interviewer = PacketPersonSerializer()
    role = serializers.CharField(help_text="interviewer or shadow (a trainee who does not score)")


class PacketInterviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    round_type = serializers.CharField(source="round_type.code")
    round_name = serializers.CharField(source="round_type.name")
    required = serializers.BooleanField()
    status = serializers.CharField()
    start = AwareDateTimeField(allow_null=True)
    end = AwareDateTimeField(allow_null=True)
    interviewers = PacketAssignmentSerializer(many=True, source="assignments.all")


class PacketColumnSerializer(serializers.Serializer):
    scorecard = serializers.IntegerField()
    interviewer = PacketPersonSerializer()
    round = serializers.CharField()
    round_name = serializers.CharField()


class PacketCellSerializer(serializers.Serializer):
    scorecard = serializers.IntegerField()
    score = serializers.IntegerField(allow_null=True, help_text="1–4, or null for not assessed.")
    evidence = serializers.CharField()


class NullableItemsListField(serializers.ListField):
    """A list whose items may be null. DRF writes the nulls; the extension below documents them."""


class NullableItemsListFieldExtension(OpenApiSerializerFieldExtension):
    # drf-spectacular drops a child serializer's allow_null: without this each item would be a bare $ref.
    target_class = NullableItemsListField

    def map_serializer_field(self, auto_schema, direction):
        component = auto_schema.resolve_serializer(self.target.child, direction)
        return build_array_type(append_meta(component.ref, {"nullable": True}))


class PacketRowSerializer(serializers.Serializer):
    competency = DecisionCompetencySerializer()
    cells = NullableItemsListField(
        child=PacketCellSerializer(allow_null=True), help_text="One per column; null where it is not rated."
    )


class PacketMatrixSerializer(serializers.Serializer):
    columns = PacketColumnSerializer(many=True)
    rows = PacketRowSerializer(many=True)


class PacketRatingSerializer(serializers.Serializer):
    competency = serializers.IntegerField(source="competency_id")
    code = serializers.CharField(source="competency.code")
    name = serializers.CharField(source="competency.name")
    score = serializers.IntegerField(allow_null=True)
    evidence = serializers.CharField()


class PacketRevisionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    reason = serializers.CharField()
    author = PacketPersonSerializer()
    created_at = AwareDateTimeField()
    after_decision = serializers.BooleanField()


class PacketScorecardSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="scorecard.pk")
    interview = serializers.IntegerField(source="scorecard.interview_id")
    round = serializers.CharField()
    round_name = serializers.CharField()
    interviewer = PacketPersonSerializer(source="scorecard.interviewer")
    overall = serializers.CharField(source="scorecard.overall")
    summary = serializers.CharField(source="scorecard.summary")
    brilliant_jerk = serializers.BooleanField(source="scorecard.brilliant_jerk")
    jerk_evidence = serializers.CharField(source="scorecard.jerk_evidence")
    force_fit_concern = serializers.BooleanField(source="scorecard.force_fit_concern")
    force_fit_evidence = serializers.CharField(source="scorecard.force_fit_evidence")
    submitted_at = AwareDateTimeField(source="scorecard.submitted_at")
    amended_at = AwareDateTimeField(source="scorecard.amended_at", allow_null=True)
    late = DecisionLateScorecardSerializer(allow_null=True)
    ratings = PacketRatingSerializer(many=True, source="scorecard.ratings.all")
    revisions = PacketRevisionSerializer(many=True)


class PacketFlagSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="brilliant_jerk, force_fit or strong_no")
    scorecard = serializers.IntegerField()
    interviewer = PacketPersonSerializer()
    round = serializers.CharField()
    round_name = serializers.CharField()
    evidence = serializers.CharField()


class PacketAmendmentSerializer(serializers.Serializer):
    scorecard = serializers.IntegerField()
    interviewer = PacketPersonSerializer()
    round = serializers.CharField()
    round_name = serializers.CharField()
    number = serializers.IntegerField(source="revision.number")
    reason = serializers.CharField(source="revision.reason")
    created_at = AwareDateTimeField(source="revision.created_at")
    after_decision = serializers.BooleanField(source="revision.after_decision")


class PacketVoteTallySerializer(serializers.Serializer):
    hire = serializers.IntegerField(allow_null=True, help_text="Null while the votes are sealed for the caller.")
    no_hire = serializers.IntegerField(allow_null=True, help_text="Null while the votes are sealed for the caller.")
    abstain = serializers.IntegerField(allow_null=True, help_text="Null while the votes are sealed for the caller.")
    total = serializers.IntegerField(help_text="Votes cast (abstentions included).")
    members = serializers.IntegerField(help_text="Members of the committee (the chair included).")


class QuorumSerializer(serializers.Serializer):
    needed = serializers.IntegerField(help_text="The committee's quorum: votes needed before the chair decides.")
    cast = serializers.IntegerField(help_text="Current members' votes, abstentions included.")
    more = serializers.IntegerField(
        allow_null=True,
        help_text="Votes still needed (at least one from a member besides the chair); null while the votes are "
        "sealed for the caller, since it would tell whether the chair has voted.",
    )
    reached = serializers.BooleanField(allow_null=True, help_text="Null while the votes are sealed for the caller.")
    problem = serializers.CharField(
        allow_null=True, help_text="Why the chair may not decide yet (generic while sealed); null once reached."
    )


class LoopPacketSerializer(serializers.Serializer):
    loop = PacketLoopSerializer()
    candidate = PacketCandidateSerializer(source="candidate_view")
    requisition = PacketRequisitionSerializer(source="loop.application.requisition")
    committee = PacketCommitteeSerializer(source="committee_view", allow_null=True)
    interviews = PacketInterviewSerializer(many=True)
    matrix = PacketMatrixSerializer(source="matrix_view")
    scorecards = PacketScorecardSerializer(many=True)
    flags = PacketFlagSerializer(many=True)
    amendments = PacketAmendmentSerializer(many=True)
    recommendation = LoopRecommendationSerializer()
    recommendation_history = RecommendationRecordSerializer(many=True, source="history")
    votes = PacketVoteSerializer(
        many=True,
        help_text="Who voted and how: empty while sealed for the caller (a member who has not voted; the hiring "
        "manager and recruiters before the decision). The chair and admins see all.",
    )
    votes_sealed = serializers.BooleanField()
    my_vote = PacketVoteSerializer(allow_null=True)
    vote_tally = PacketVoteTallySerializer()
    quorum = QuorumSerializer()
    decision = CommitteeDecisionSerializer(allow_null=True)
    voting_open = serializers.BooleanField()
    can_vote = serializers.BooleanField()
    can_decide = serializers.BooleanField()
