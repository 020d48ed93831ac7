"""Serializer fields shared by the apps."""

import functools
import zoneinfo

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework import serializers

from core.errors import shown

NAIVE_DATETIME = "Include a UTC offset, e.g. 2026-12-01T09:00:00+01:00."
YEAR_OUT_OF_RANGE = "Choose a date between {first} and {last}."
# Interviews happen in the present: a year far outside this is a typo, and arithmetic on it would overflow.
FIRST_YEAR, LAST_YEAR = 2000, 2100
UNKNOWN_TIMEZONE = '{value} is not an IANA time zone (e.g. "Europe/London").'


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
        result = super().to_internal_value(value)
        if not FIRST_YEAR <= result.year <= LAST_YEAR:
            raise serializers.ValidationError(YEAR_OUT_OF_RANGE.format(first=FIRST_YEAR, last=LAST_YEAR))
        return result


@functools.cache
def timezone_names() -> frozenset[str]:
    """Every IANA zone name this machine knows (a folder such as "America" is not one)."""
    return frozenset(zoneinfo.available_timezones())


# Regions of the IANA database that people live in; "US/Eastern", "Etc/GMT+5" and the like are old aliases.
_REGIONS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")


@functools.cache
def timezone_choices() -> tuple[tuple[str, str], ...]:
    """The zones a person picks from, the same menu on every form: UTC, then Region/City by name."""
    zones = sorted(name for name in timezone_names() if name.split("/", 1)[0] in _REGIONS and "/" in name)
    return (("UTC", "UTC"), *((name, name.replace("_", " ")) for name in zones))


def zone_or_utc(name: str | None) -> zoneinfo.ZoneInfo:
    """The zone of a stored name; UTC for an empty or unknown one (stored data is checked on the way in)."""
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return zoneinfo.ZoneInfo("UTC")


def is_timezone_name(value: str) -> bool:
    return value in timezone_names()


def validate_timezone_name(value: str) -> str:
    if not is_timezone_name(value):
        raise serializers.ValidationError(UNKNOWN_TIMEZONE.format(value=shown(value)))
    return value


class TimezoneField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)
        self.validators.append(validate_timezone_name)
