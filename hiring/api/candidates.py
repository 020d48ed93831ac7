from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hiring import limits, retention, selectors
from hiring.api.filters import text_param
from hiring.models import Candidate
from hiring.serializers import CandidateInputSerializer, CandidateSerializer
from hiring.services import candidates as services


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("q", str, description="Part of the candidate's name.")])
)
class CandidateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Candidates. Recruiters, hiring managers and admins see all of them; committee members and
    interviewers see the candidates of applications they may see (name, time zone, links only,
    unless they are on the requisition). `anonymize` erases what identifies the person and keeps
    applications, scorecards and statistics."""

    queryset = Candidate.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = CandidateSerializer

    def get_queryset(self):
        candidates = selectors.candidate_list(viewer=self.request.user)
        if self.action == "list":
            query = text_param(self.request.query_params, "q", max_length=limits.SEARCH_MAX_LENGTH)
            if query:
                candidates = candidates.filter(name__icontains=query)
        return retention.with_retention(candidates)

    def _respond(self, candidate: Candidate, code: int = status.HTTP_200_OK) -> Response:
        candidate = get_object_or_404(self.get_queryset(), pk=candidate.pk)
        return Response(self.get_serializer(candidate).data, status=code)

    @extend_schema(request=CandidateInputSerializer, responses={201: CandidateSerializer})
    def create(self, request, *args, **kwargs):
        services.candidate_require_creator(actor=request.user)
        data = CandidateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        candidate = services.candidate_create(
            actor=request.user,
            name=values["name"],
            email=values.get("email", ""),
            phone=values.get("phone", ""),
            timezone_name=values.get("timezone", "UTC"),
            links=values.get("links", []),
            source=values.get("source", ""),
        )
        return self._respond(candidate, status.HTTP_201_CREATED)

    @extend_schema(request=CandidateInputSerializer, responses={200: CandidateSerializer})
    def update(self, request, *args, **kwargs):
        candidate = self.get_object()
        services.candidate_require_changer(candidate, request.user)
        data = CandidateInputSerializer(data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.candidate_update(candidate=candidate, actor=request.user, data=values)
        return self._respond(candidate)

    @extend_schema(request=CandidateInputSerializer, responses={200: CandidateSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(request=None, responses={200: CandidateSerializer})
    @action(detail=True, methods=["post"])
    def anonymize(self, request, pk=None):
        """Name becomes "Anonymized candidate #id"; email, phone and links are cleared."""
        return self._respond(services.candidate_anonymize(candidate=self.get_object(), actor=request.user))
