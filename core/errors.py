"""Domain errors. Services raise these; one handler maps them to HTTP (core.exceptions)."""

import re
from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404


class DomainError(Exception):
    """Base for errors a person can act on."""


class ValidationFailed(DomainError):
    """Bad input: 400 with each field's reasons (`non_field_errors` for the whole object)."""

    def __init__(self, errors: Mapping[str, Sequence[str]] | str, *, details: Sequence[object] = ()):
        if isinstance(errors, str):
            errors = {"non_field_errors": [errors]}
        self.errors = {field: list(messages) for field, messages in errors.items()}
        # Structured problems (e.g. per competency) for pages that show each beside its input.
        self.details = list(details)
        super().__init__(self.errors)


class NotFound(DomainError, Http404):
    """The object does not exist or the caller may not see it: 404 either way (pages render the site's 404)."""


class PermissionDenied(DomainError, DjangoPermissionDenied):
    """The caller may see the object but not act on it: 403 (pages render the site's 403 with the message)."""

    def __init__(self, message: str = "You are not allowed to do this."):
        self.message = message
        super().__init__(message)


class StaleVersion(DomainError):
    """A write based on an old version: 409, nothing written."""

    def __init__(self, current_version: int, message: str | None = None):
        self.current_version = current_version
        self.message = message or (
            f"This was changed since you loaded it (now version {current_version}). "
            "Reload, re-apply your edits and save again."
        )
        super().__init__(self.message)


_SHOWN = re.compile(r"[A-Za-z0-9_./+-]{1,64}")


def shown(value: object) -> str:
    """A value for a message about it: quoted when it is a short plain code (a typo worth showing back),
    otherwise never echoed (hostile or unencodable input stays out of responses and logs)."""
    text = value if isinstance(value, str) else str(value)
    return f'"{text}"' if _SHOWN.fullmatch(text) else "that value"
