"""Serializer fields shared by the apps."""

import datetime as dt
import functools
import importlib.resources
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


# The zones most of our candidates and interviewers are in, offered first on every zone menu (west to east).
COMMON_ZONES = (
    "UTC",
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "America/Toronto",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Amsterdam",
    "Europe/Zurich",
    "Europe/Stockholm",
    "Europe/Warsaw",
    "Europe/Kyiv",
    "Europe/Istanbul",
    "Africa/Lagos",
    "Africa/Nairobi",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Sydney",
    "Pacific/Auckland",
)


@functools.cache
def canonical_zone_names() -> tuple[str, ...]:
    """The IANA database's own list of zones people live in, one or more per country (`zone.tab` of the
    pinned `tzdata` package), A–Z: no old aliases ("US/Eastern", "Europe/Kiev") and no "Etc/GMT+5"."""
    table = importlib.resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    names = {line.split("\t")[2] for line in table.splitlines() if line and not line.startswith("#")}
    return tuple(sorted(name for name in names if name in timezone_names()))


def zone_label(name: str, *, now: dt.datetime | None = None) -> str:
    """A zone as a menu shows it: "Europe/Berlin (UTC+01:00)", the offset as of now."""
    offset = (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(name)).utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"{name.replace('_', ' ')} (UTC{sign}{hours:02d}:{rest:02d})" if name != "UTC" else "UTC"


def timezone_choices() -> list:
    """The one zone menu of every form: the common zones, then every canonical zone A–Z (each labelled with
    its offset today). `core.forms.TimezoneChoiceField` also keeps a stored zone that is not on it."""
    now = timezone.now()
    common = [name for name in COMMON_ZONES if name == "UTC" or name in canonical_zone_names()]
    rest = [name for name in canonical_zone_names() if name not in common]
    return [
        ("Common zones", [(name, zone_label(name, now=now)) for name in common]),
        ("All zones, A–Z", [(name, zone_label(name, now=now)) for name in rest]),
    ]


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
