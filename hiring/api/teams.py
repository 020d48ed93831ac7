from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from hiring import selectors
from hiring.models import Team
from hiring.permissions import IsAdminOrReadOnly, IsHiringPlanner
from hiring.serializers import TeamInputSerializer, TeamSerializer
from hiring.services import teams as services


class TeamViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Teams a requisition is for: everyone who may open a requisition lists them (to learn a team's id);
    admins create, rename and delete them (a team with requisitions is kept: 400)."""

    queryset = Team.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = TeamSerializer
    permission_classes = [IsAuthenticated, IsHiringPlanner, IsAdminOrReadOnly]

    def get_queryset(self):
        return selectors.team_list(viewer=self.request.user)

    @extend_schema(request=TeamInputSerializer, responses={201: TeamSerializer})
    def create(self, request, *args, **kwargs):
        data = TeamInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        team = services.team_create(**data.validated_data)
        return Response(TeamSerializer(team).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TeamInputSerializer, responses={200: TeamSerializer})
    def update(self, request, *args, **kwargs):
        team = self.get_object()
        data = TeamInputSerializer(data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        return Response(TeamSerializer(services.team_update(team=team, data=data.validated_data)).data)

    @extend_schema(request=TeamInputSerializer, responses={200: TeamSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        services.team_delete(team=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
