import contextlib
import zoneinfo

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone


class UserTimezoneMiddleware:
    """Render times on pages in the signed-in person's own zone (interviewer profile, else their account)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.deactivate()
        name = _profile_timezone(getattr(request, "user", None))
        if name:
            with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
                timezone.activate(zoneinfo.ZoneInfo(name))
        return self.get_response(request)


def _profile_timezone(user) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    # An interviewer's profile zone is the one their working hours live in; others set their own.
    try:
        return user.interviewer_profile.timezone
    except ObjectDoesNotExist:
        return user.timezone or None
