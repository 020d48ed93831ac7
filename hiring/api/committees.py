from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.services import renamed
from hiring import selectors
from hiring.models import Committee
from hiring.permissions import IsAdminOrReadOnly
from hiring.serializers import CommitteeInputSerializer, CommitteeReplaceSerializer, CommitteeSerializer
from hiring.services import committees as services


class CommitteeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Hiring committees: members vote, the chair records the decision. The chair is always a member."""

    queryset = Committee.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = CommitteeSerializer
    permission_classes = [IsAuthenticated, IsAdminOrReadOnly]

    def get_queryset(self):
        return selectors.committee_list(viewer=self.request.user)

    @extend_schema(request=CommitteeInputSerializer, responses={201: CommitteeSerializer})
    def create(self, request, *args, **kwargs):
        data = CommitteeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        committee = services.committee_create(
            name=values["name"],
            member_ids=values["members"],
            chair_id=values["chair"],
            quorum=values["quorum"],
            debrief_minutes=values.get("debrief_minutes", 0),
        )
        return Response(CommitteeSerializer(committee).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CommitteeReplaceSerializer, responses={200: CommitteeSerializer})
    def update(self, request, *args, **kwargs):
        committee = self.get_object()
        partial = kwargs.get("partial", False)
        data = (CommitteeInputSerializer if partial else CommitteeReplaceSerializer)(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        committee = services.committee_update(
            committee=committee, data=renamed(values, members="member_ids", chair="chair_id")
        )
        return Response(CommitteeSerializer(committee).data)

    @extend_schema(request=CommitteeInputSerializer, responses={200: CommitteeSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)
