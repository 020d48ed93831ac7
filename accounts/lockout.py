"""Sign-in throttling and lockout (OWASP ASVS 2.2): django-axes counts failures per username and client
address; after `LOOPWISE_LOGIN_FAILURE_LIMIT` of them that pair is locked for `LOOPWISE_LOGIN_COOLOFF_MINUTES`,
on the sign-in page, the Django admin and `POST auth/token/` alike. Failures and refusals are logged (user,
client address; never the password) and in the audit log. Admins unlock in the Django admin (Axes →
Access attempts: delete the row) or with `manage.py axes_reset_username <name>`.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

LOCKED_OUT = (
    "Too many failed sign-ins for this account from your address. Try again in {minutes} minutes, or ask an "
    "admin to unlock it."
)


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """429 with Retry-After: JSON for the API, the sign-in page's own message for pages."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    message = LOCKED_OUT.format(minutes=max(1, seconds // 60))
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "registration/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = str(seconds)
    return response
