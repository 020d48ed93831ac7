"""`loops/{id}/recommendation/`, `packet/`, `votes/` and `decision/` (API.md "Decision").

Routed with plain paths in `decisions/urls.py` under `loops/<pk>/…`: the `loops/` router
viewset belongs to the interviews app, and these sub-paths never clash with it.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from decisions import selectors, services
from decisions.serializers import (
    CommitteeDecisionSerializer,
    DecisionInputSerializer,
    LoopPacketSerializer,
    LoopRecommendationSerializer,
    PacketVoteSerializer,
    VoteInputSerializer,
)
from interviews.models import Loop


class LoopDecisionViewSet(viewsets.GenericViewSet):
    """What the hiring committee reads and records about one loop."""

    queryset = Loop.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = LoopPacketSerializer

    def get_queryset(self):
        # 404 unless the caller may read the loop's feedback (an interviewer who still owes theirs may not).
        return selectors.loop_packet_list(viewer=self.request.user)

    @extend_schema(
        responses=LoopRecommendationSerializer,
        summary="The loop's recommendation as of now",
        description="Outcome, reasons (code, message, severity, the scorecards each rests on), the EM check, "
        "competency means against their bars, coverage gaps and late scorecards.",
    )
    def recommendation(self, request: Request, pk: int) -> Response:
        loop = self.get_object()
        return Response(LoopRecommendationSerializer(selectors.loop_recommendation(loop=loop)).data)

    @extend_schema(responses=LoopPacketSerializer, summary="Everything the committee reviews")
    def packet(self, request: Request, pk: int) -> Response:
        loop = self.get_object()
        return Response(LoopPacketSerializer(selectors.loop_packet(viewer=request.user, loop=loop)).data)

    @extend_schema(
        responses=PacketVoteSerializer(many=True),
        summary="The votes on the loop the caller may read",
        description="Sealed: a committee member sees the votes once they have cast their own; the chair and "
        "admins see all; the hiring manager and recruiters once the decision is recorded. While sealed the list "
        "is empty (the packet's `vote_tally.total` and `quorum` still say how many have voted).",
    )
    def votes_list(self, request: Request, pk: int) -> Response:
        loop = self.get_object()
        committee = selectors.loop_committee(loop=loop)
        members = list(committee.members.all()) if committee else []
        shown = selectors.loop_votes(viewer=request.user, loop=loop, committee=committee, members=members).shown
        page = self.paginate_queryset(shown)
        return self.get_paginated_response(PacketVoteSerializer(page, many=True).data)

    @extend_schema(
        request=VoteInputSerializer,
        responses={200: PacketVoteSerializer, 201: PacketVoteSerializer},
        summary="Vote as a member of the requisition's committee (again to change it)",
    )
    def votes(self, request: Request, pk: int) -> Response:
        loop = self.get_object()
        services.vote_require_voter(loop=loop, voter=request.user)
        data = VoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vote, created = services.vote_cast(loop=loop, voter=request.user, **data.validated_data)
        return Response(
            PacketVoteSerializer(vote).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    @extend_schema(
        request=DecisionInputSerializer,
        responses={201: CommitteeDecisionSerializer},
        summary="Record the final decision (the committee's chair)",
        description="400 unless every required round has its feedback and the committee's quorum has voted "
        "(abstentions count; at least one member besides the chair), saying how many more votes are needed; "
        "400 without a rationale when the "
        "outcome differs from the recommendation (an override). Moves the application to offer or rejected "
        "and locks the loop.",
    )
    def decision(self, request: Request, pk: int) -> Response:
        loop = self.get_object()
        services.decision_require_chair(loop=loop, actor=request.user)
        data = DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        recorded = services.decision_record(loop=loop, actor=request.user, **data.validated_data)
        return Response(CommitteeDecisionSerializer(recorded).data, status=status.HTTP_201_CREATED)
