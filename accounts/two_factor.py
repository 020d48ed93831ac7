"""Two-factor sign-in with a TOTP authenticator app (django-otp's TOTP devices), the one owner of when a
second factor is asked for and whether a code is right.

- A person with a confirmed authenticator is always asked for a code: on the pages after the password,
  and as `otp` on `POST auth/token/`.
- With `TWO_FACTOR_REQUIRED_FOR_ADMINS` (on in production), an admin without one must set it up before
  anything else after signing in, and gets no API token until then.

A page session stays "pending" from sign-in until the code is given (`SESSION_PENDING`); the middleware
below lets a pending session reach only the verify and set-up pages and sign-out. Wrong codes slow the
device down (django-otp's throttling doubles the wait after each failure).
"""

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.auth import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import hooks
from accounts.models import User

SESSION_PENDING = "two_factor_pending"
DEVICE_NAME = "Authenticator app"

CODE_MISSING = "This account signs in with a code from its authenticator app: send it as otp."
CODE_WRONG = "That code is wrong or has expired. Enter the current six-digit code."
SETUP_FIRST = (
    "Administrators sign in with two factors: set up an authenticator app on your account page "
    "(/account/two-factor/) first."
)


def device_for(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator, if they have one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def is_required_for(user: User) -> bool:
    """Must this person have a second factor? Admins, when the setting says so."""
    return settings.TWO_FACTOR_REQUIRED_FOR_ADMINS and user.is_admin


def code_is_valid(device: TOTPDevice, code: str | None) -> bool:
    code = (code or "").strip().replace(" ", "")
    return bool(code) and len(code) <= 8 and code.isdigit() and device.verify_token(code)


def check_for_token(user: User, code: str | None, *, request: HttpRequest) -> str | None:
    """Why `POST auth/token/` may not issue a token to `user` with this `otp` (None: it may). A wrong code
    is told to the apps above (the audit log), as on the pages."""
    device = device_for(user)
    if device is None:
        return SETUP_FIRST if is_required_for(user) else None
    if not code:
        return CODE_MISSING
    if code_is_valid(device, code):
        return None
    hooks.second_factor_checked.call(user=user, request=request, ok=False)
    return CODE_WRONG


def session_code_given(request: HttpRequest, code: str) -> bool:
    """The code page: a right code finishes the session's sign-in; either way the apps above are told."""
    device = device_for(request.user)
    ok = device is not None and code_is_valid(device, code)
    if ok:
        session_verified(request)
    hooks.second_factor_checked.call(user=request.user, request=request, ok=ok)
    return ok


def may_turn_off(user: User) -> bool:
    """Someone with an authenticator may remove it, unless it is required of them."""
    return device_for(user) is not None and not is_required_for(user)


def turn_off(request: HttpRequest, code: str) -> bool:
    """Remove the person's authenticator, given a current code from it (False: refused)."""
    user = request.user
    device = device_for(user)
    if device is None or not may_turn_off(user) or not code_is_valid(device, code):
        return False
    remove(user)
    hooks.second_factor_changed.call(user=user, request=request, enabled=False)
    return True


# Enrolment


def enrolment_start(user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for `user` (replacing any earlier unconfirmed one)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def enrolment_pending(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


def enrolment_confirm(request: HttpRequest, device: TOTPDevice, code: str) -> bool:
    """Confirm the authenticator with its first code; it replaces any earlier one and finishes the
    session's sign-in."""
    if not code_is_valid(device, code):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    session_verified(request)
    hooks.second_factor_changed.call(user=device.user, request=request, enabled=True)
    return True


def remove(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()


def secret_of(device: TOTPDevice) -> str:
    """The key in the base-32 form authenticator apps accept typed in, in groups of four."""
    text = b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (no script, no external image)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2, title="QR code of the key")


# Page sessions


@receiver(user_logged_in, dispatch_uid="accounts.two_factor_pending_at_sign_in")
def _pending_at_sign_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if is_required_for(user) or device_for(user) is not None:
        request.session[SESSION_PENDING] = True
    else:
        request.session.pop(SESSION_PENDING, None)


def session_verified(request: HttpRequest) -> None:
    request.session.pop(SESSION_PENDING, None)
    request.session.cycle_key()


def safe_next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return target if ok and target.startswith("/") else default


def session_pending(request: HttpRequest) -> bool:
    return bool(request.session.get(SESSION_PENDING))


class TwoFactorMiddleware:
    """A session that signed in with a password but not yet with its code reaches only the code page (or,
    for an admin who must set one up and has none yet, the set-up page), sign-out and static files; the
    API answers it 403. The set-up page never serves a pending session of someone who has an authenticator:
    that would let a stolen password replace it."""

    OPEN_NAMES = ("two_factor_verify", "two_factor_setup", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if hasattr(request, "session") and request.session.get(SESSION_PENDING) and request.user.is_authenticated:
            path = request.path
            open_paths = {reverse(name) for name in self.OPEN_NAMES}
            if path.startswith(settings.STATIC_URL):
                return self.get_response(request)
            if path.startswith("/api/"):
                return JsonResponse({"detail": "Finish two-factor sign-in on the pages first."}, status=403)
            has_device = device_for(request.user) is not None
            target = "two_factor_verify" if has_device else "two_factor_setup"
            if path not in open_paths or (has_device and path == reverse("two_factor_setup")):
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
