"""The one place domain errors become HTTP responses (API.md "Errors")."""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from core import errors

INTEGRITY_MESSAGE = "This conflicts with existing data (a duplicate or a broken reference)."
VALUE_OUT_OF_RANGE = (
    "A value is out of range or contains characters that cannot be stored; check numbers, dates and text."
)
logger = logging.getLogger(__name__)


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    response = _handle(exc, context)
    if response is not None and response.status_code >= 400:
        # The request's transaction (ATOMIC_REQUESTS) must not keep anything written before the error.
        set_rollback()
    return response


def _handle(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, errors.ValidationFailed):
        return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, errors.StaleVersion):
        return Response(
            {"detail": exc.message, "current_version": exc.current_version}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, (OverflowError, DataError)):
        # Last line of defence: a value the database cannot store (a number or date out of range, a NUL
        # character). Fields validate what they know; this keeps anything they miss a 400, not a 500.
        logger.warning("Unstorable input reached the database: %r", exc)
        return Response({"non_field_errors": [VALUE_OUT_OF_RANGE]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, errors.NotFound):
        exc = Http404()
    elif isinstance(exc, errors.PermissionDenied):
        exc = exceptions.PermissionDenied(exc.message)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_errors(exc))
    elif isinstance(exc, IntegrityError):
        exc = exceptions.ValidationError({"non_field_errors": [INTEGRITY_MESSAGE]})
    elif isinstance(exc, exceptions.ParseError):
        # Malformed JSON gets the same 400 shape as every other bad input.
        return Response({"non_field_errors": [str(exc.detail)]}, status=status.HTTP_400_BAD_REQUEST)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    return exception_handler(exc, context)


def _django_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {"non_field_errors": exc.messages}
