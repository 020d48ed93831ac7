"""Candidate booking at the availability link's token (API.md v1.1 "Candidate booking"): no account, the
token is the permission. The same service as the candidate's page (interviews/scheduling/booking.py)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import ValidationFailed
from interviews.scheduling import booking


class OptionInterviewSerializer(serializers.Serializer):
    round_type = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class OptionSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Stable until the link expires or the option is taken.")
    interviews = OptionInterviewSerializer(many=True)


class BookedInterviewSerializer(OptionInterviewSerializer):
    meeting_url = serializers.CharField()


class BookedSerializer(serializers.Serializer):
    loop = serializers.IntegerField()
    interviews = BookedInterviewSerializer(many=True)


class BookingStateSerializer(serializers.Serializer):
    candidate_timezone = serializers.CharField()
    options = OptionSerializer(many=True)
    booked = BookedSerializer(allow_null=True)


class OptionTakenSerializer(BookingStateSerializer):
    detail = serializers.CharField()


class BookInputSerializer(serializers.Serializer):
    option = serializers.CharField(max_length=2000, help_text="An option's id from GET booking/{token}/.")


class RescheduleRequestInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=booking.REASON_MAX, allow_blank=True)


class RescheduleRequestSerializer(serializers.Serializer):
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    requests_left = serializers.IntegerField()


GONE = inline_serializer("BookingGone", {"detail": serializers.CharField()})


class _LinkView(APIView):
    authentication_classes: list = []  # the token is the key; no session, so no CSRF either
    permission_classes = [AllowAny]

    def loop_or_gone(self, token: str):
        """The link's loop, or a 410 response saying why it cannot be used (forged, expired, over)."""
        try:
            return booking.loop_from_booking_token(token=token), None
        except ValidationFailed as exc:
            return None, Response({"detail": exc.errors["token"][0]}, status=status.HTTP_410_GONE)


class BookingView(_LinkView):
    """The candidate's booking: complete plans to choose from, or what is booked."""

    @extend_schema(responses={200: BookingStateSerializer, 410: GONE})
    def get(self, request, token: str):
        loop, gone = self.loop_or_gone(token)
        if gone:
            return gone
        return Response(booking.state_payload(booking.booking_state(loop=loop)))

    @extend_schema(
        request=BookInputSerializer, responses={201: BookedSerializer, 409: OptionTakenSerializer, 410: GONE}
    )
    def post(self, request, token: str):
        loop, gone = self.loop_or_gone(token)
        if gone:
            return gone
        data = BookInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            interviews = booking.booking_book(loop=loop, option_id=data.validated_data["option"])
        except booking.OptionTaken as taken:
            body = {"detail": taken.message, **booking.state_payload(taken.state)}
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(booking.booked_payload(loop, interviews), status=status.HTTP_201_CREATED)


class RescheduleRequestView(_LinkView):
    """A booked candidate asks for other times, with a reason, within the recruiter's limits."""

    @extend_schema(request=RescheduleRequestInputSerializer, responses={201: RescheduleRequestSerializer, 410: GONE})
    def post(self, request, token: str):
        loop, gone = self.loop_or_gone(token)
        if gone:
            return gone
        data = RescheduleRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        made = booking.booking_reschedule_request(loop=loop, reason=data.validated_data["reason"])
        body = {"reason": made.reason, "created_at": made.created_at, "requests_left": booking.requests_left(loop)}
        return Response(body, status=status.HTTP_201_CREATED)
