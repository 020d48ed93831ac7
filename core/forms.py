"""The one way pages show a service's refusal: each reason beside the field it is about."""

from collections.abc import Mapping

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from core.errors import ValidationFailed


def form_add_errors(form: forms.Form, exc: ValidationFailed, fields: Mapping[str, str] | None = None) -> None:
    """Put the service's reasons beside the form's fields (`fields` maps service names to form names);
    a reason about anything the form has no field for goes to the form's non-field errors."""
    for name, reasons in exc.errors.items():
        target = (fields or {}).get(name, name)
        for reason in reasons:
            form.add_error(target if target in form.fields else None, reason)


def flash_errors(request: HttpRequest, exc: ValidationFailed) -> None:
    """The refusal of a button (no form fields to put it beside) goes into the page's message area."""
    for message in error_messages(exc):
        messages.error(request, message)


def error_messages(exc: ValidationFailed) -> list[str]:
    """Every reason, for a page's summary or flash messages."""
    return [message for messages in exc.errors.values() for message in messages]
