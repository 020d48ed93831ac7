from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.services import renamed
from hiring import selectors
from hiring.api.filters import choice_param
from hiring.models import UseCase
from hiring.permissions import IsHiringPlanner
from hiring.serializers import UseCaseInputSerializer, UseCaseSerializer
from hiring.services import use_cases as services


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("status", enum=UseCase.Status.values, description="Only this status.")]
    )
)
class UseCaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Use cases: the reason to hire an ML scientist. Proposed by anyone who plans hiring; a hiring
    manager accepts one once the baseline that was tried and why it is not enough are written."""

    queryset = UseCase.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = UseCaseSerializer
    permission_classes = [IsAuthenticated, IsHiringPlanner]

    def get_queryset(self):
        use_cases = selectors.use_case_list(viewer=self.request.user)
        if self.action == "list":
            wanted = choice_param(self.request.query_params, "status", UseCase.Status.values)
            if wanted is not None:
                use_cases = use_cases.filter(status=wanted)
        return use_cases

    @extend_schema(request=UseCaseInputSerializer, responses={201: UseCaseSerializer})
    def create(self, request, *args, **kwargs):
        data = UseCaseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        use_case = services.use_case_create(
            actor=request.user,
            title=values["title"],
            problem=values["problem"],
            category=values["category"],
            team_id=values.get("team"),
            baseline_tried=values.get("baseline_tried", ""),
            why_baseline_insufficient=values.get("why_baseline_insufficient", ""),
        )
        return Response(UseCaseSerializer(use_case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UseCaseInputSerializer, responses={200: UseCaseSerializer})
    def update(self, request, *args, **kwargs):
        use_case = self.get_object()
        services.use_case_require_editor(use_case=use_case, actor=request.user)
        data = UseCaseInputSerializer(data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        values = data.validated_data
        use_case, _ = services.use_case_update(
            use_case=use_case, actor=request.user, data=renamed(values, team="team_id")
        )
        return Response(UseCaseSerializer(use_case).data)

    @extend_schema(request=UseCaseInputSerializer, responses={200: UseCaseSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(request=None, responses={200: UseCaseSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """A hiring manager accepts the use case (400 naming a missing baseline justification)."""
        use_case = services.use_case_accept(use_case=self.get_object(), actor=request.user)
        return Response(UseCaseSerializer(use_case).data)

    @extend_schema(request=None, responses={200: UseCaseSerializer})
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        """No longer a reason to hire; requisitions relying on it fail the gate when they next open."""
        use_case = services.use_case_retire(use_case=self.get_object(), actor=request.user)
        return Response(UseCaseSerializer(use_case).data)
