from collections.abc import Iterable

from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction

from accounts import hooks, roles
from accounts.models import User
from core.errors import ValidationFailed

USERNAME_TAKEN = "A user with this username already exists."


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
def user_update(
    *,
    user: User,
    email: str | None = None,
    name: str | None = None,
    timezone_name: str | None = None,
    password: str | None = None,
    role_codes: Iterable[str] | None = None,
    is_active: bool | None = None,
) -> User:
    if email is not None:
        user.email = email
    if name is not None:
        user.name = name
    if timezone_name is not None:
        user.timezone = timezone_name
    if is_active is not None:
        user.is_active = is_active
    if password is not None:
        _validate_password(password, user)
        user.set_password(password)
    user.save()
    if role_codes is not None:
        user_set_roles(user=user, role_codes=role_codes)
    return user
