from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.services import renamed
from hiring import selectors
from hiring.api.filters import choice_param
from hiring.models import Requisition
from hiring.permissions import CanReadRequisitions
from hiring.serializers import RequisitionInputSerializer, RequisitionSerializer
from hiring.services import requisitions as services


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("status", enum=Requisition.Status.values, description="Only this status.")]
    )
)
class RequisitionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Requisitions: draft → open → on hold → filled / closed. Opening an applied or research
    scientist requisition needs an accepted use case with its baseline justification (400 says
    what is missing). Each carries its headcount `warnings` (advisory, never blocking)."""

    queryset = Requisition.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = RequisitionSerializer
    permission_classes = [IsAuthenticated, CanReadRequisitions]

    def get_queryset(self):
        requisitions = selectors.requisition_list(viewer=self.request.user)
        if self.action == "list":
            wanted = choice_param(self.request.query_params, "status", Requisition.Status.values)
            if wanted is not None:
                requisitions = requisitions.filter(status=wanted)
        return requisitions

    def get_serializer_context(self):
        # One set of plan numbers for the whole response, however many requisitions it holds.
        return {**super().get_serializer_context(), "plan_input": selectors.hiring_plan_input()}

    def _respond(self, requisition: Requisition, code: int = status.HTTP_200_OK) -> Response:
        requisition = get_object_or_404(self.get_queryset(), pk=requisition.pk)
        return Response(self.get_serializer(requisition).data, status=code)

    @extend_schema(request=RequisitionInputSerializer, responses={201: RequisitionSerializer})
    def create(self, request, *args, **kwargs):
        data = RequisitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        requisition = services.requisition_create(
            actor=request.user,
            title=values.get("title", ""),
            role_family=values["role_family"],
            level=values["level"],
            team_id=values["team"],
            headcount=values.get("headcount", 1),
            use_case_ids=values.get("use_cases", []),
            hiring_manager_id=values.get("hiring_manager"),
            recruiter_ids=values.get("recruiters", []),
            committee_id=values.get("committee"),
        )
        return self._respond(requisition, status.HTTP_201_CREATED)

    @extend_schema(request=RequisitionInputSerializer, responses={200: RequisitionSerializer})
    def update(self, request, *args, **kwargs):
        requisition = self.get_object()
        services.requisition_require_changer(requisition=requisition, actor=request.user)
        data = RequisitionInputSerializer(data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        values = data.validated_data
        data = renamed(
            values,
            team="team_id",
            use_cases="use_case_ids",
            hiring_manager="hiring_manager_id",
            recruiters="recruiter_ids",
            committee="committee_id",
        )
        services.requisition_update(requisition=requisition, actor=request.user, data=data)
        return self._respond(requisition)

    @extend_schema(request=RequisitionInputSerializer, responses={200: RequisitionSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(request=None, responses={200: RequisitionSerializer})
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        """Open it for candidates; the use-case gate applies to applied and research scientists."""
        return self._respond(services.requisition_open(requisition=self.get_object(), actor=request.user))

    @extend_schema(request=None, responses={200: RequisitionSerializer})
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None):
        """Pause an open requisition; its unfilled seats still count in the hiring plan."""
        return self._respond(services.requisition_hold(requisition=self.get_object(), actor=request.user))

    @extend_schema(request=None, responses={200: RequisitionSerializer})
    @action(detail=True, methods=["post"])
    def fill(self, request, pk=None):
        """Every seat is taken."""
        return self._respond(services.requisition_fill(requisition=self.get_object(), actor=request.user))

    @extend_schema(request=None, responses={200: RequisitionSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Stop without filling (or never open)."""
        return self._respond(services.requisition_close(requisition=self.get_object(), actor=request.user))
