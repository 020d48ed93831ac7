"""Loops (API.md "Loops and interviews"): build from a template, availability, propose and save a plan."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hiring.api.filters import choice_param, id_param
from interviews.models import Loop
from interviews.scheduling import booking, selectors, services
from interviews.scheduling.serializers import (
    AvailabilityInputSerializer,
    AvailabilityLinkSerializer,
    LoopCreateInputSerializer,
    LoopSerializer,
    ProposalSerializer,
    RescheduleLimitsInputSerializer,
    ScheduleInputSerializer,
    ScheduleOptionsSerializer,
    proposal_data,
)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", enum=Loop.Status.values, description="Only loops in this status."),
            OpenApiParameter("requisition", int, description="Only the loops of this requisition's applications."),
            OpenApiParameter("application", int, description="Only this application's loops."),
        ]
    )
)
class LoopViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A candidate's loop: its interviews, windows and status. Recruiters build and schedule it."""

    queryset = Loop.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = LoopSerializer

    def get_queryset(self):
        loops = selectors.loop_detail_queryset(viewer=self.request.user)
        if self.action != "list":
            return loops
        params = self.request.query_params
        status_ = choice_param(params, "status", Loop.Status.values)
        if status_ is not None:
            loops = loops.filter(status=status_)
        for name, column in (("requisition", "application__requisition_id"), ("application", "application_id")):
            wanted = id_param(params, name)
            if wanted is not None:
                loops = loops.filter(**{column: wanted})
        return loops

    def _respond(self, loop: Loop, code: int = status.HTTP_200_OK) -> Response:
        loop = selectors.loop_get(viewer=self.request.user, loop_id=loop.pk)
        return Response(LoopSerializer(loop, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=LoopCreateInputSerializer, responses={201: LoopSerializer})
    def create(self, request, *args, **kwargs):
        services.loop_require_builder(actor=request.user)
        data = LoopCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        loop = services.loop_create(
            application_id=data.validated_data["application"],
            template_id=data.validated_data["template"],
            skip_rounds=data.validated_data["skip_rounds"],
            actor=request.user,
        )
        return self._respond(loop, status.HTTP_201_CREATED)

    @extend_schema(request=AvailabilityInputSerializer, responses={200: LoopSerializer})
    @action(detail=True, methods=["post"])
    def availability(self, request, pk=None):
        loop = self.get_object()
        services.loop_require_scheduler(actor=request.user, loop=loop)
        data = AvailabilityInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.loop_set_availability(
            loop=loop,
            windows=data.validated_data["windows"],
            actor=request.user,
            candidate_timezone=data.validated_data.get("timezone"),
        )
        return self._respond(loop)

    @extend_schema(request=None, responses={201: AvailabilityLinkSerializer})
    @action(detail=True, methods=["post"], url_path="availability-link")
    def availability_link(self, request, pk=None):
        link = services.loop_availability_link(loop=self.get_object(), actor=request.user)
        url = request.build_absolute_uri(reverse("interviews:candidate-availability", args=[link.token]))
        return Response(
            AvailabilityLinkSerializer({"url": url, "expires_at": link.expires_at}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=ScheduleOptionsSerializer, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"], url_path="propose-schedule")
    def propose_schedule(self, request, pk=None):
        loop = self.get_object()
        services.loop_require_scheduler(actor=request.user, loop=loop)
        data = ScheduleOptionsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = services.loop_propose_schedule(loop=loop, actor=request.user, options=data.options())
        round_types = {i.pk: i.round_type.code for i in loop.interviews.all()}
        return Response(ProposalSerializer(proposal_data(proposal, round_types)).data)

    @extend_schema(request=ScheduleInputSerializer, responses={200: LoopSerializer})
    @action(detail=True, methods=["post"])
    def schedule(self, request, pk=None):
        loop = self.get_object()
        services.loop_require_scheduler(actor=request.user, loop=loop)
        data = ScheduleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.loop_schedule(
            loop=loop,
            actor=request.user,
            plan=services.plan_from_payload(data.validated_data["interviews"]),
            options=data.options(),
        )
        return self._respond(loop)

    @extend_schema(request=RescheduleLimitsInputSerializer, responses={200: LoopSerializer})
    @action(detail=True, methods=["post"], url_path="reschedule-limits")
    def reschedule_limits(self, request, pk=None):
        """How late (hours before the first interview) and how often the candidate may ask to reschedule."""
        loop = self.get_object()
        services.loop_require_scheduler(actor=request.user, loop=loop)
        data = RescheduleLimitsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        booking.loop_set_reschedule_limits(
            loop=loop,
            actor=request.user,
            notice_hours=data.validated_data["notice_hours"],
            max_requests=data.validated_data["max_requests"],
        )
        return self._respond(loop)
