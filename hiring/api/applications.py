from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hiring import selectors
from hiring.api.filters import choice_param, id_param
from hiring.models import Application
from hiring.serializers import ApplicationInputSerializer, ApplicationMoveSerializer, ApplicationSerializer
from hiring.services import applications as services


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("requisition", int, description="Only this requisition's applications."),
            OpenApiParameter("candidate", int, description="Only this candidate's applications."),
            OpenApiParameter("stage", enum=Application.Stage.values, description="Only this stage."),
        ]
    )
)
class ApplicationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """A candidate on a requisition (one each, on open requisitions) and their stage. `move` changes
    the stage: hired, rejected and withdrawn are final, and hired comes after an offer."""

    queryset = Application.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = ApplicationSerializer

    def get_queryset(self):
        applications = selectors.application_list(viewer=self.request.user)
        if self.action != "list":
            return applications
        params = self.request.query_params
        for name in ("requisition", "candidate"):
            wanted = id_param(params, name)
            if wanted is not None:
                applications = applications.filter(**{f"{name}_id": wanted})
        stage = choice_param(params, "stage", Application.Stage.values)
        if stage is not None:
            applications = applications.filter(stage=stage)
        return applications

    def _respond(self, application: Application, code: int = status.HTTP_200_OK) -> Response:
        application = get_object_or_404(self.get_queryset(), pk=application.pk)
        return Response(ApplicationSerializer(application).data, status=code)

    @extend_schema(request=ApplicationInputSerializer, responses={201: ApplicationSerializer})
    def create(self, request, *args, **kwargs):
        services.application_require_creator(actor=request.user)
        data = ApplicationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        application = services.application_create(
            actor=request.user,
            candidate_id=values["candidate"],
            requisition_id=values["requisition"],
            stage=values.get("stage", Application.Stage.APPLIED),
        )
        return self._respond(application, status.HTTP_201_CREATED)

    @extend_schema(request=ApplicationMoveSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move the application to another stage."""
        application = self.get_object()
        services.application_require_mover(application=application, actor=request.user)
        data = ApplicationMoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.application_move(application=application, actor=request.user, **data.validated_data)
        return self._respond(application)
