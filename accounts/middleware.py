import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_logged_in
from django.dispatch import receiver
from django.utils import timezone

IDLE_SIGNED_OUT = "You were signed out after {minutes} minutes without activity. Sign in again to go on."
SEEN_KEY = "last_seen"
SEEN_GRANULARITY = dt.timedelta(minutes=1)  # the session is written at most once a minute


class IdleSessionMiddleware:
    """Sign out a session that made no request for `SESSION_IDLE_TIMEOUT_MINUTES` (OWASP ASVS 3.3.2). API
    tokens have their own lifetime; only sessions are concerned."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = timezone.now()
            seen = request.session.get(SEEN_KEY)
            limit = dt.timedelta(minutes=settings.SESSION_IDLE_TIMEOUT_MINUTES)
            if seen is not None and now - dt.datetime.fromtimestamp(seen, tz=dt.UTC) > limit:
                logout(request)
                messages.info(request, IDLE_SIGNED_OUT.format(minutes=settings.SESSION_IDLE_TIMEOUT_MINUTES))
            elif seen is None or now - dt.datetime.fromtimestamp(seen, tz=dt.UTC) > SEEN_GRANULARITY:
                request.session[SEEN_KEY] = now.timestamp()
        return self.get_response(request)


@receiver(user_logged_in, dispatch_uid="accounts.session_seen_at_sign_in")
def _seen_at_sign_in(sender, request, user, **kwargs):
    """A new session starts its idle clock at sign-in, saved with the session itself (no extra write on
    the first page)."""
    if request is not None and hasattr(request, "session"):
        request.session[SEEN_KEY] = timezone.now().timestamp()


class UserTimezoneMiddleware:
    """Render times on pages in the signed-in person's own zone (`User.zone`, the one owner of it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.deactivate()
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)
        return self.get_response(request)
