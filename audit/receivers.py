"""What the audit log hears from below: Django's sign-in signals, django-axes' lockout and the accounts
app's hooks. The apps above call `audit.services.audit_record` themselves. A page sign-in is logged after the
password; for an account with an authenticator a "two-factor code accepted" follows once the code is given."""

import hashlib
import hmac

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from accounts import hooks as accounts_hooks
from accounts.models import User
from audit.services import Action, audit_record


def _signed_in(sender, request, user, **kwargs):
    audit_record(Action.SIGN_IN, actor=user, target=user, detail={"via": "pages"}, request=request)


def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(Action.SIGN_OUT, actor=user, target=user, request=request)


def _typed(username: str) -> tuple[str, dict]:
    """A failed sign-in's username as typed when it names an account; otherwise only a keyed digest of it
    (people type their password into the wrong box), enough to see the same guess again."""
    if User.objects.filter(username=username).exists():
        return username, {}
    digest = hmac.new(settings.SECRET_KEY.encode(), username.encode(), hashlib.sha256).hexdigest()[:16]
    return "", {"unknown_username": digest}


def _sign_in_failed(sender, credentials, request=None, **kwargs):
    username, detail = _typed(str(credentials.get("username", ""))[:150])
    audit_record(Action.SIGN_IN_FAILED, username=username, detail=detail, request=request)


def _locked_out(sender, request, username, ip_address, **kwargs):
    username, detail = _typed(str(username or "")[:150])
    audit_record(Action.LOCKED_OUT, username=username, detail=detail, request=request)


def _second_factor_checked(*, user, request, ok):
    action = Action.SECOND_FACTOR_PASSED if ok else Action.SECOND_FACTOR_FAILED
    audit_record(action, actor=user, target=user, request=request)


def _second_factor_changed(*, user, request, enabled):
    action = Action.SECOND_FACTOR_ON if enabled else Action.SECOND_FACTOR_OFF
    audit_record(action, actor=user, target=user, request=request)


def _roles_changed(*, user, roles):
    audit_record(Action.ROLES_CHANGED, target=user, detail={"roles": sorted(roles)})


def _credentials_changed(*, user, password_changed, deactivated):
    if password_changed:
        audit_record(Action.PASSWORD_CHANGED, target=user)
    if deactivated:
        audit_record(Action.DEACTIVATED, target=user)


def _signed_in_by_token(*, user, request):
    audit_record(Action.SIGN_IN, actor=user, target=user, detail={"via": "api"}, request=request)


def connect() -> None:
    user_logged_in.connect(_signed_in, dispatch_uid="audit.signed_in")
    user_logged_out.connect(_signed_out, dispatch_uid="audit.signed_out")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="audit.sign_in_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="audit.locked_out")
    accounts_hooks.second_factor_checked.register(_second_factor_checked)
    accounts_hooks.second_factor_changed.register(_second_factor_changed)
    accounts_hooks.roles_changed.register(_roles_changed)
    accounts_hooks.credentials_changed.register(_credentials_changed)
    accounts_hooks.signed_in_by_token.register(_signed_in_by_token)
