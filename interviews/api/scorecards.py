"""Scorecards (API.md "Scorecards"): drafts, version-checked edits, submit, amend, revisions."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.errors import ValidationFailed
from interviews import selectors, services
from interviews.models import Rating, Scorecard, ScorecardRevision

VERSION_MISSING = 'Send the version you edited ("version" or an If-Match header) so concurrent edits are detected.'
VERSION_NOT_A_NUMBER = 'If-Match must be the scorecard version, e.g. If-Match: "3".'
CONTENT_FIELDS = ("overall", "summary", "brilliant_jerk", "jerk_evidence", "force_fit_concern", "force_fit_evidence")


class RatingSerializer(serializers.Serializer):
    competency = serializers.IntegerField()
    score = serializers.IntegerField(allow_null=True, min_value=1, max_value=4, required=False, default=None)
    evidence = serializers.CharField(allow_blank=True, required=False, default="", trim_whitespace=False)


class ScorecardSerializer(serializers.ModelSerializer):
    ratings = serializers.SerializerMethodField()
    round_type = serializers.CharField(source="interview.round_type.code", read_only=True)
    loop = serializers.IntegerField(source="interview.loop_id", read_only=True)

    class Meta:
        model = Scorecard
        fields = [
            "id",
            "interview",
            "loop",
            "round_type",
            "interviewer",
            "rubric",
            "status",
            "version",
            "ratings",
            "overall",
            "summary",
            "brilliant_jerk",
            "jerk_evidence",
            "force_fit_concern",
            "force_fit_evidence",
            "submitted_at",
            "amended_at",
        ]

    @extend_schema_field(RatingSerializer(many=True))
    def get_ratings(self, scorecard: Scorecard) -> list[dict]:
        return [
            {"competency": r.competency_id, "score": r.score, "evidence": r.evidence} for r in scorecard.ratings.all()
        ]


class ScorecardContentInputSerializer(serializers.Serializer):
    ratings = RatingSerializer(many=True, required=False)
    overall = serializers.ChoiceField(choices=Scorecard.Overall.choices, allow_blank=True, required=False)
    summary = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    brilliant_jerk = serializers.BooleanField(required=False)
    jerk_evidence = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    force_fit_concern = serializers.BooleanField(required=False)
    force_fit_evidence = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    version = serializers.IntegerField(required=False, min_value=1, help_text="The version you edited.")


class ScorecardAmendInputSerializer(ScorecardContentInputSerializer):
    reason = serializers.CharField(
        allow_blank=True, required=False, default="", help_text="Why the submitted scorecard is being changed."
    )


class ScorecardRevisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScorecardRevision
        fields = ["number", "reason", "content", "author", "after_decision", "created_at"]


def _changes(values: dict) -> dict:
    return {name: values[name] for name in (*CONTENT_FIELDS, "ratings") if name in values}


def _version(request, values: dict, *, required: bool) -> int | None:
    if "version" in values:
        return values["version"]
    header = request.headers.get("If-Match", "").strip().strip("W/").strip('"')
    if header:
        if not (header.isascii() and header.isdigit() and len(header) <= 18):
            raise ValidationFailed({"version": [VERSION_NOT_A_NUMBER]})
        return int(header)
    if required:
        raise ValidationFailed({"version": [VERSION_MISSING]})
    return None


class ScorecardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your own scorecards, and others' submitted ones once you have submitted yours for that loop."""

    queryset = Scorecard.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = ScorecardSerializer
    filterset_fields = ["interview", "status", "interviewer", "interview__loop"]

    def get_queryset(self):
        return selectors.scorecard_list(viewer=self.request.user).prefetch_related(
            Prefetch("ratings", queryset=Rating.objects.order_by("competency__order", "competency_id"))
        )

    def _respond(self, scorecard: Scorecard) -> Response:
        return Response(ScorecardSerializer(self.get_queryset().get(pk=scorecard.pk)).data)

    @extend_schema(
        request=ScorecardContentInputSerializer,
        responses={200: ScorecardSerializer},
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=False)],
    )
    def partial_update(self, request, *args, **kwargs):
        scorecard = self.get_object()
        services.scorecard_require_owner(scorecard, request.user)
        data = ScorecardContentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.scorecard_update_draft(
            scorecard=scorecard,
            actor=request.user,
            version=_version(request, values, required=True),
            changes=_changes(values),
        )
        return self._respond(scorecard)

    @extend_schema(request=ScorecardContentInputSerializer, responses={200: ScorecardSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        """Validate completeness and lock the scorecard. Content fields sent here are saved first."""
        scorecard = self.get_object()
        services.scorecard_require_owner(scorecard, request.user)
        data = ScorecardContentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.scorecard_submit(
            scorecard=scorecard,
            actor=request.user,
            version=_version(request, values, required=False),
            changes=_changes(values),
        )
        return self._respond(scorecard)

    @extend_schema(request=ScorecardAmendInputSerializer, responses={200: ScorecardSerializer})
    @action(detail=True, methods=["post"])
    def amend(self, request, *args, **kwargs):
        """Change a submitted scorecard: a new revision with a reason; the history is kept."""
        scorecard = self.get_object()
        data = ScorecardAmendInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.scorecard_amend(
            scorecard=scorecard,
            actor=request.user,
            reason=values["reason"],
            version=_version(request, values, required=False),
            changes=_changes(values),
        )
        return self._respond(scorecard)

    @extend_schema(responses={200: ScorecardRevisionSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def revisions(self, request, *args, **kwargs):
        scorecard = self.get_object()
        return Response(ScorecardRevisionSerializer(scorecard.revisions.order_by("number"), many=True).data)
