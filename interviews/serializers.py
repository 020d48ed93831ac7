from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.fields import AwareDateTimeField, TimezoneField
from interviews.calendar_sync import calendar_can_manage, calendar_connected
from interviews.models import BusyBlock, InterviewerProfile, Qualification, RoundType
from interviews.selectors import profile_weekly_load
from interviews.services import interviewer_feed_token

WEEKDAY_RANGE = "Weekdays are numbers 0 (Monday) to 6 (Sunday)."
WEEKDAYS_EMPTY = "Choose at least one working day."


class QualificationSerializer(serializers.Serializer):
    round_type = serializers.ChoiceField(choices=RoundType.Code.choices)
    stage = serializers.ChoiceField(choices=Qualification.Stage.choices)


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$", "example": "09:00"})
class ClockTimeField(serializers.TimeField):
    """A wall-clock time as "HH:MM" (the API contract's shape, not RFC 3339 `format: time`)."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", input_formats=["%H:%M", "%H:%M:%S"], **kwargs)


class WorkingHoursSerializer(serializers.Serializer):
    start = ClockTimeField()
    end = ClockTimeField()
    weekdays = serializers.ListField(child=serializers.IntegerField(), required=False)

    def validate_weekdays(self, value: list[int]) -> list[int]:
        if not value:
            raise serializers.ValidationError(WEEKDAYS_EMPTY)
        if any(day < 0 or day > 6 for day in value):
            raise serializers.ValidationError(WEEKDAY_RANGE)
        return value


class BusySerializer(serializers.Serializer):
    start = AwareDateTimeField()
    end = AwareDateTimeField()
    source = serializers.ChoiceField(choices=BusyBlock.Source.choices, read_only=True)


class WeekLoadSerializer(serializers.Serializer):
    week = serializers.CharField(help_text='ISO week, e.g. "2026-W49".')
    starts = serializers.DateField(help_text="Its Monday.")
    interviews = serializers.IntegerField(help_text="Interviews booked that week (scheduled or held, any role).")
    cap = serializers.IntegerField(help_text="The person's weekly cap.")


class CalendarSerializer(serializers.Serializer):
    caldav_url = serializers.CharField(help_text="The calendar collection's URL (https).")
    username = serializers.CharField()
    connected = serializers.BooleanField()
    last_synced_at = serializers.DateTimeField(allow_null=True)
    error = serializers.CharField(help_text="Why the last sync failed; empty when it did not.")


class CalendarInputSerializer(serializers.Serializer):
    # Checked by the service (calendar_sync.interviewer_calendar_connect), the same for the page and the API.
    caldav_url = serializers.CharField(allow_blank=True, max_length=2000, help_text="Empty disconnects.")
    username = serializers.CharField(allow_blank=True, required=False, max_length=2000)
    password = serializers.CharField(
        allow_blank=True,
        required=False,
        write_only=True,
        max_length=2000,
        help_text="An app password; stored encrypted, never shown. Empty keeps the stored one for the same calendar.",
    )


class CalendarSyncResultSerializer(serializers.Serializer):
    busy = serializers.IntegerField(help_text="Busy blocks read from the calendar.")
    written = serializers.IntegerField(help_text="Interviews added to it.")
    updated = serializers.IntegerField(help_text="Interviews rewritten after a change.")
    removed = serializers.IntegerField(help_text="Interviews deleted (cancelled, or no longer on the panel).")
    last_synced_at = serializers.DateTimeField()


class CalendarSyncFailedSerializer(serializers.Serializer):
    detail = serializers.CharField()


class InterviewerProfileSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.name", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    qualifications = serializers.SerializerMethodField()
    working_hours = serializers.SerializerMethodField()
    busy = serializers.SerializerMethodField()
    load = serializers.SerializerMethodField()
    feed_url = serializers.SerializerMethodField(
        help_text="The person's private iCalendar subscription of their interviews (only they see it; null for "
        "anyone else). POST interviewers/{id}/reset-feed/ makes a new one and revokes the old."
    )
    timezone = serializers.CharField(source="user.timezone", read_only=True, help_text="The person's IANA zone.")
    calendar = serializers.SerializerMethodField(
        help_text="The connected CalDAV calendar (the person and admins see it; null for anyone else)."
    )

    class Meta:
        model = InterviewerProfile
        fields = [
            "id",
            "user",
            "username",
            "name",
            "qualifications",
            "senior_leader",
            "timezone",
            "working_hours",
            "weekly_cap",
            "meeting_url",
            "load",
            "feed_url",
            "calendar",
            "busy",
        ]

    @extend_schema_field(QualificationSerializer(many=True))
    def get_qualifications(self, profile: InterviewerProfile) -> list[dict]:
        return QualificationSerializer(
            [{"round_type": q.round_type.code, "stage": q.stage} for q in profile.qualifications.all()], many=True
        ).data

    @extend_schema_field(WorkingHoursSerializer)
    def get_working_hours(self, profile: InterviewerProfile) -> dict:
        return WorkingHoursSerializer(
            {"start": profile.work_start, "end": profile.work_end, "weekdays": profile.weekdays}
        ).data

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_feed_url(self, profile: InterviewerProfile) -> str | None:
        request = self.context.get("request")
        if request is None or request.user.pk != profile.user_id:
            return None
        return request.build_absolute_uri(reverse("interviewer-feed", args=[interviewer_feed_token(profile=profile)]))

    @extend_schema_field(CalendarSerializer(allow_null=True))
    def get_calendar(self, profile: InterviewerProfile) -> dict | None:
        request = self.context.get("request")
        if request is None or not calendar_can_manage(viewer=request.user, profile=profile):
            return None
        return CalendarSerializer(
            {
                "caldav_url": profile.caldav_url,
                "username": profile.caldav_username,
                "connected": calendar_connected(profile),
                "last_synced_at": profile.caldav_last_synced_at,
                "error": profile.caldav_error,
            }
        ).data

    @extend_schema_field(WeekLoadSerializer(many=True))
    def get_load(self, profile: InterviewerProfile) -> list[dict]:
        """Interviews per ISO week against the weekly cap: two weeks back, this week, three ahead."""
        return WeekLoadSerializer(profile_weekly_load(profile), many=True).data

    @extend_schema_field(BusySerializer(many=True))
    def get_busy(self, profile: InterviewerProfile) -> list[dict]:
        blocks = getattr(profile, "upcoming_busy", None)
        if blocks is None:
            blocks = profile.busy_blocks.all()
        return BusySerializer(blocks, many=True).data


class InterviewerProfileInputSerializer(serializers.Serializer):
    qualifications = QualificationSerializer(many=True, required=False)
    senior_leader = serializers.BooleanField(required=False)
    timezone = TimezoneField(required=False)
    working_hours = WorkingHoursSerializer(required=False)
    weekly_cap = serializers.IntegerField(required=False, min_value=0, max_value=40)
    meeting_url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    calendar = CalendarInputSerializer(required=False)
    busy = BusySerializer(many=True, required=False)


class InterviewerProfileCreateInputSerializer(InterviewerProfileInputSerializer):
    user = serializers.IntegerField()
