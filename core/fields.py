"""Serializer fields shared by the apps."""

import zoneinfo

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework import serializers

NAIVE_DATETIME = "Include a UTC offset, e.g. 2026-12-01T09:00:00+01:00."
UNKNOWN_TIMEZONE = '"{value}" is not an IANA time zone (e.g. "Europe/London").'


class AwareDateTimeField(serializers.DateTimeField):
    """ISO 8601 with an offset; a time without one is ambiguous and refused."""

    def to_internal_value(self, value):
        if isinstance(value, str) and value:
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                parsed = None
            if parsed is not None and timezone.is_naive(parsed):
                raise serializers.ValidationError(NAIVE_DATETIME)
        return super().to_internal_value(value)


def validate_timezone_name(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise serializers.ValidationError(UNKNOWN_TIMEZONE.format(value=value)) from None
    return value


class TimezoneField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)
        self.validators.append(validate_timezone_name)
