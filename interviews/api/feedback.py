"""The feedback board (API.md v1.1 "Feedback board"): scorecards still owed across the caller's loops,
and the nudge. The same selectors and service as the page (interviews:feedback-board)."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.errors import PermissionDenied
from hiring.api.filters import flag_param
from interviews.models import Scorecard
from interviews.scheduling import selectors, services

ONLY_SCHEDULERS = "The feedback board is for recruiters and admins, who schedule the loops."


class OwedScorecardSerializer(serializers.Serializer):
    scorecard = serializers.IntegerField(source="scorecard.pk")
    interview = serializers.IntegerField(source="interview.pk")
    loop = serializers.IntegerField(source="interview.loop_id")
    candidate = serializers.CharField(source="interview.loop.application.candidate.name")
    requisition = serializers.IntegerField(source="interview.loop.application.requisition_id")
    round_type = serializers.CharField(source="interview.round_type.code")
    interviewer = serializers.IntegerField(source="scorecard.interviewer_id")
    interviewer_name = serializers.CharField(source="scorecard.interviewer")
    interview_end = serializers.DateTimeField(source="interview.end")
    state = serializers.CharField(help_text="due or overdue (feedback_timing).")
    hours_since_end = serializers.IntegerField()
    will_be_late = serializers.BooleanField(help_text="Past the 48-hour line: the packet will mark it late.")
    nudges = serializers.IntegerField()
    last_nudged_at = serializers.DateTimeField(allow_null=True)
    next_nudge_at = serializers.DateTimeField(allow_null=True)
    can_nudge = serializers.BooleanField()


class NudgeInputSerializer(serializers.Serializer):
    # The ids are checked by the service (services.nudge_ids), the same for the page and the API.
    scorecards = serializers.ListField(child=serializers.JSONField(), help_text="Scorecard ids (at most 500).")


class NudgeRefusalSerializer(serializers.Serializer):
    scorecard = serializers.IntegerField()
    message = serializers.CharField()


class NudgeResultSerializer(serializers.Serializer):
    nudged = serializers.ListField(child=serializers.IntegerField())
    refused = NudgeRefusalSerializer(many=True)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("overdue", OpenApiTypes.BOOL, description="Only overdue scorecards (1).")]
    )
)
class FeedbackBoardViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Owed scorecards on the loops you schedule (recruiters: your requisitions'; admins: all), the
    longest waiting first."""

    queryset = Scorecard.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = OwedScorecardSerializer
    filter_backends: list = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not selectors.loops_can_build(viewer=request.user):
            raise PermissionDenied(ONLY_SCHEDULERS)

    def get_queryset(self):
        return selectors.feedback_board(
            viewer=self.request.user, overdue_only=bool(flag_param(self.request.query_params, "overdue"))
        )

    def list(self, request, *args, **kwargs):
        now = timezone.now()
        page = self.paginate_queryset(self.get_queryset())
        rows = [selectors.owed_scorecard(scorecard, now=now) for scorecard in page]
        return self.get_paginated_response(OwedScorecardSerializer(rows, many=True).data)

    @extend_schema(request=NudgeInputSerializer, responses={200: NudgeResultSerializer})
    @action(detail=False, methods=["post"])
    def nudge(self, request, *args, **kwargs):
        """E-mail each scorecard's interviewer a reminder, at most once a day per scorecard. 200 with what
        was nudged and what was refused (and why); 400 when nothing could be nudged; 404 for a scorecard
        you do not chase."""
        data = NudgeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.scorecard_nudge(actor=request.user, scorecard_ids=data.validated_data["scorecards"])
        body = {
            "nudged": [nudge.scorecard_id for nudge in result.sent],
            "refused": [{"scorecard": r.scorecard, "message": r.message} for r in result.refused],
        }
        if not result.sent:
            return Response({**body, "scorecards": [r.message for r in result.refused]}, status.HTTP_400_BAD_REQUEST)
        return Response(body)
