"""The one way pages show a service's refusal: each reason beside the field it is about."""

from collections.abc import Mapping

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from core.errors import ValidationFailed
from core.fields import is_timezone_name, timezone_choices

CHOOSE_A_ZONE = 'Choose a time zone from the list (IANA names such as "Europe/London").'


class _ZoneSelect(forms.Select):
    """The zone menu; a stored zone that is not on it (an old alias saved through the API) is shown as the
    first option, so saving the form never changes it behind the person's back."""

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        current = next((v for v in value if v), None)
        listed = {option["value"] for _, options, _ in groups for option in options}
        if current and current not in listed and is_timezone_name(current):
            option = self.create_option(name, current, f"{current} (as saved)", True, 0, attrs=attrs)
            groups.insert(0, ("Saved", [option], 0))
        return groups


class TimezoneChoiceField(forms.ChoiceField):
    """A time zone picked from the one menu (`core.fields.timezone_choices`): common zones first."""

    widget = _ZoneSelect
    default_error_messages = {"invalid_choice": CHOOSE_A_ZONE}

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", timezone_choices)
        super().__init__(**kwargs)
        self.saved = ""

    def get_bound_field(self, form, field_name):
        # The form's own copy of the field learns the zone it was opened with (the one kept off the menu).
        self.saved = str(form.get_initial_for_field(self, field_name) or "")
        return super().get_bound_field(form, field_name)

    def valid_value(self, value) -> bool:
        """A zone on the menu, or the zone already saved (an alias set through the API stays as it is)."""
        return super().valid_value(value) or (bool(value) and value == self.saved and is_timezone_name(value))


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
