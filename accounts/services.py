from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction

from accounts import hooks, roles
from accounts.models import User
from core.errors import ValidationFailed
from core.services import model_update

USERNAME_TAKEN = "A user with this username already exists."
CANNOT_DEACTIVATE_SELF = "You cannot deactivate your own account: ask another admin."
CANNOT_DROP_OWN_ADMIN = "You cannot remove your own admin role: ask another admin."


def _validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed({"password": exc.messages}) from None


def user_set_roles(*, user: User, role_codes: Iterable[str]) -> None:
    """Make the user's role groups exactly `role_codes`; admins get the Django admin site."""
    codes = set(role_codes)
    groups = [Group.objects.get_or_create(name=code)[0] for code in roles.ALL_ROLES if code in codes]
    user.groups.set(groups)
    user.is_staff = roles.ADMIN in codes or user.is_superuser
    user.save(update_fields=["is_staff"])
    user.__dict__.pop("roles", None)
    hooks.roles_changed.call(user=user, roles=frozenset(codes))


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    email: str = "",
    name: str = "",
    timezone_name: str = "UTC",
    role_codes: Iterable[str] = (),
) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed({"username": [USERNAME_TAKEN]})
    user = User(username=username, email=email, name=name, timezone=timezone_name)
    _validate_password(password, user)
    user.set_password(password)
    user.save()
    user_set_roles(user=user, role_codes=role_codes)
    return user


@transaction.atomic
def user_update(*, user: User, data: Mapping[str, Any], actor: User | None = None) -> User:
    """Change any of `email`, `name`, `timezone`, `is_active`, `password` and `roles` (absent keys stay).

    An admin changing their own account (`actor`) may not deactivate it nor give up the admin role: the
    last admin would lock everyone out, and a slip would lock out the one who made it."""
    if actor is not None and actor.pk == user.pk:
        if data.get("is_active") is False:
            raise ValidationFailed({"is_active": [CANNOT_DEACTIVATE_SELF]})
        if data.get("roles") is not None and user.is_admin and roles.ADMIN not in data["roles"]:
            raise ValidationFailed({"roles": [CANNOT_DROP_OWN_ADMIN]})
    changes = {name: data[name] for name in ("email", "name", "timezone", "is_active") if name in data}
    if data.get("password") is not None:
        _validate_password(data["password"], user)
        # The hash goes through model_update like any field (setting it on `user` first would look unchanged).
        changes["password"] = make_password(data["password"])
    model_update(instance=user, fields=["email", "name", "timezone", "is_active", "password"], data=changes)
    if data.get("roles") is not None:
        user_set_roles(user=user, role_codes=data["roles"])
    return user
