from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.roles import ADMIN, RECRUITER
from core.errors import PermissionDenied
from hiring.api.filters import choice_param, id_param
from interviews import calendar_sync, selectors, services
from interviews.models import InterviewerProfile, Qualification, RoundType
from interviews.scheduling import services as scheduling_services
from interviews.scheduling.serializers import BusyIcsInputSerializer, BusyIcsResultSerializer
from interviews.serializers import (
    CalendarSyncFailedSerializer,
    CalendarSyncResultSerializer,
    InterviewerProfileCreateInputSerializer,
    InterviewerProfileInputSerializer,
    InterviewerProfileSerializer,
)

ONLY_MANAGERS_CREATE = "Only recruiters and admins create interviewer profiles."


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("user", int, description="Only this user's profile."),
            OpenApiParameter(
                "round_type", enum=RoundType.Code.values, description="Only people with a qualification for this round."
            ),
            OpenApiParameter(
                "stage",
                enum=Qualification.Stage.values,
                description="Only qualifications at this stage (with round_type: for that round).",
            ),
        ]
    )
)
class InterviewerProfileViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Interviewer profiles: qualifications, seniority, hours, cap and busy blocks."""

    queryset = InterviewerProfile.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = InterviewerProfileSerializer

    def get_queryset(self):
        profiles = selectors.interviewer_profile_list(viewer=self.request.user)
        if self.action != "list":
            return profiles
        params = self.request.query_params
        user = id_param(params, "user")
        if user is not None:
            profiles = profiles.filter(user_id=user)
        round_type = choice_param(params, "round_type", RoundType.Code.values)
        stage = choice_param(params, "stage", Qualification.Stage.values)
        if round_type or stage:
            wanted = Qualification.objects.all()
            if round_type:
                wanted = wanted.filter(round_type__code=round_type)
            if stage:
                wanted = wanted.filter(stage=stage)
            profiles = profiles.filter(pk__in=wanted.values("profile"))
        return profiles

    @extend_schema(request=InterviewerProfileCreateInputSerializer, responses={201: InterviewerProfileSerializer})
    def create(self, request, *args, **kwargs):
        if not request.user.has_role(ADMIN, RECRUITER):
            raise PermissionDenied(ONLY_MANAGERS_CREATE)
        data = InterviewerProfileCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        profile = services.interviewer_profile_create(user_id=values.pop("user"), actor=request.user, data=values)
        profile = get_object_or_404(self.get_queryset(), pk=profile.pk)
        return Response(
            InterviewerProfileSerializer(profile, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=InterviewerProfileInputSerializer, responses={200: InterviewerProfileSerializer})
    def update(self, request, *args, **kwargs):
        profile = self.get_object()
        data = InterviewerProfileInputSerializer(data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        try:
            services.interviewer_profile_update(profile=profile, actor=request.user, data=data.validated_data)
        except calendar_sync.CalendarSettingsInvalid as exc:
            raise ValidationError({"calendar": exc.errors}) from None  # beside DRF's own errors for it
        profile = get_object_or_404(self.get_queryset(), pk=profile.pk)
        return Response(InterviewerProfileSerializer(profile, context={"request": request}).data)

    @extend_schema(request=InterviewerProfileInputSerializer, responses={200: InterviewerProfileSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(request={"multipart/form-data": BusyIcsInputSerializer}, responses={200: BusyIcsResultSerializer})
    @action(detail=True, methods=["post"], url_path="busy-ics", parser_classes=[MultiPartParser, FormParser])
    def busy_ics(self, request, pk=None):
        """Import busy blocks from an uploaded .ics file (replaces the upcoming imported ones)."""
        profile = self.get_object()
        data = BusyIcsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        imported = scheduling_services.interviewer_busy_import_ics(
            profile=profile, actor=request.user, content=data.validated_data["file"].read()
        )
        return Response(BusyIcsResultSerializer({"imported": imported}).data)

    @extend_schema(request=None, responses={200: InterviewerProfileSerializer})
    @action(detail=True, methods=["post"], url_path="reset-feed")
    def reset_feed(self, request, pk=None):
        """A new private calendar feed URL; the old one stops working (the person themselves, or an admin)."""
        profile = services.interviewer_feed_rotate(profile=self.get_object(), actor=request.user)
        return Response(InterviewerProfileSerializer(profile, context={"request": request}).data)

    @extend_schema(request=None, responses={200: CalendarSyncResultSerializer, 502: CalendarSyncFailedSerializer})
    @action(detail=True, methods=["post"], url_path="sync-calendar")
    def sync_calendar(self, request, pk=None):
        """Sync the connected calendar now: busy time in, interviews out (the person themselves, or an admin).
        502 with the reason when the calendar server refused or could not be reached (also on the profile)."""
        profile = self.get_object()
        try:
            result = calendar_sync.interviewer_calendar_sync_now(profile=profile, actor=request.user)
        except calendar_sync.CalendarUnreachable as exc:
            return Response({"detail": exc.message}, status=status.HTTP_502_BAD_GATEWAY)
        profile.refresh_from_db()
        body = {**result.__dict__, "last_synced_at": profile.caldav_last_synced_at}
        return Response(CalendarSyncResultSerializer(body).data)
