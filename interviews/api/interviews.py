"""Interviews (API.md "Loops and interviews"): list (`?mine=1`), calendar file, cancel, reschedule."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hiring.api.filters import choice_param, flag_param, id_param
from interviews.models import Interview
from interviews.scheduling import invites, selectors, services
from interviews.scheduling.serializers import (
    DeclineInputSerializer,
    DeclineSerializer,
    InterviewSerializer,
    ReplaceInputSerializer,
    ReplacementSerializer,
    RescheduleInputSerializer,
)
from interviews.selectors import loop_sees_candidate_contact


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("mine", OpenApiTypes.BOOL, description="Only interviews you are on (1)."),
            OpenApiParameter("loop", int, description="Only this loop's interviews."),
            OpenApiParameter("status", enum=Interview.Status.values, description="Only interviews in this status."),
        ]
    )
)
class InterviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Interviews of the loops you may see."""

    queryset = Interview.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = InterviewSerializer

    def get_queryset(self):
        if self.action != "list":
            return selectors.interview_detail_queryset(viewer=self.request.user)
        params = self.request.query_params
        interviews = selectors.interview_detail_queryset(viewer=self.request.user, mine=flag_param(params, "mine"))
        loop = id_param(params, "loop")
        if loop is not None:
            interviews = interviews.filter(loop_id=loop)
        status = choice_param(params, "status", Interview.Status.values)
        if status is not None:
            interviews = interviews.filter(status=status)
        return interviews

    def _respond(self, interview: Interview) -> Response:
        fresh = selectors.interview_detail_queryset(viewer=self.request.user).get(pk=interview.pk)
        return Response(InterviewSerializer(fresh).data)

    @extend_schema(
        responses={(200, "text/calendar"): OpenApiResponse(OpenApiTypes.STR, description="RFC 5545 iCalendar")}
    )
    @action(detail=True, methods=["get"])
    def ics(self, request, pk=None):
        interview = self.get_object()
        method = invites.CANCEL if interview.status == Interview.Status.CANCELLED else invites.REQUEST
        body = invites.interview_invite_ics(
            interview=interview,
            method=method,
            with_candidate_contact=loop_sees_candidate_contact(viewer=request.user, loop=interview.loop),
        )
        response = HttpResponse(body, content_type=f"text/calendar; charset=utf-8; method={method}")
        response["Content-Disposition"] = f'attachment; filename="interview-{interview.pk}.ics"'
        return response

    @extend_schema(request=None, responses={200: InterviewSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        interview = services.interview_cancel(interview=self.get_object(), actor=request.user)
        return self._respond(interview)

    @extend_schema(request=RescheduleInputSerializer, responses={200: InterviewSerializer})
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        interview = self.get_object()
        services.loop_require_scheduler(actor=request.user, loop=interview.loop)
        data = RescheduleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.interview_reschedule(
            interview=interview,
            actor=request.user,
            start=values["start"],
            interviewers=values.get("interviewers"),
            shadows=values.get("shadows"),
            location=values.get("location"),
            options=data.options(),
        )
        return self._respond(interview)

    @extend_schema(request=DeclineInputSerializer, responses={201: DeclineSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """An interviewer on an upcoming interview says they cannot do it, with why; the recruiters are told."""
        interview = self.get_object()
        data = DeclineInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decline = services.interview_decline(
            interview=interview, actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(DeclineSerializer(decline).data, status=201)

    @extend_schema(responses={200: ReplacementSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def replacements(self, request, pk=None):
        """Qualified people free at that time, least loaded first (recruiters of the loop, admins)."""
        interview = self.get_object()
        services.loop_require_scheduler(actor=request.user, loop=interview.loop)
        return Response(ReplacementSerializer(selectors.interview_replacements(interview=interview), many=True).data)

    @extend_schema(request=ReplaceInputSerializer, responses={200: InterviewSerializer})
    @action(detail=True, methods=["post"])
    def replace(self, request, pk=None):
        """Put `to` in `from`'s place in one step (re-checked; invites updated for everyone)."""
        interview = self.get_object()
        services.loop_require_scheduler(actor=request.user, loop=interview.loop)
        data = ReplaceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.interview_replace(
            interview=interview, actor=request.user, from_user=values["from"], to_user=values["to"]
        )
        return self._respond(interview)
