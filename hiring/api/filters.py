"""Query-parameter filters of the hiring lists: a bad value is a 400 naming the parameter, never ignored.

Silently dropping `?stage=zzz` would return the unfiltered list, which looks like an answer; the
other resources (django-filter) refuse such values, and these do too, saying what is allowed.
"""

from collections.abc import Iterable, Mapping

from core.errors import ValidationFailed, shown
from hiring import limits

UNKNOWN_CHOICE = "Unknown {field} {value}; choose one of: {allowed}."
NOT_AN_ID = f"{{field}} must be an id (a whole number from 1 to {limits.MAX_ID}), not {{value!r}}."
NUL_IN_TEXT = "{field} cannot contain a NUL character (\\x00); remove it and try again."
TEXT_TOO_LONG = "{field} has at most {max_length} characters; nothing longer can match."


def choice_param(params: Mapping[str, str], name: str, allowed: Iterable[str]) -> str | None:
    """The parameter's value if it is one of `allowed`; None when absent or empty; 400 otherwise."""
    value = params.get(name, "")
    if value == "":
        return None
    allowed = list(allowed)
    if value not in allowed:
        raise ValidationFailed(
            {name: [UNKNOWN_CHOICE.format(field=name, value=shown(value), allowed=", ".join(allowed))]}
        )
    return value


def id_param(params: Mapping[str, str], name: str) -> int | None:
    """The parameter as an id; None when absent or empty; 400 when it is not a whole number an id column holds."""
    value = params.get(name, "")
    if value == "":
        return None
    wanted = limits.parse_id(value)
    if wanted is None:
        raise ValidationFailed({name: [NOT_AN_ID.format(field=name, value=value)]})
    return wanted


def text_param(params: Mapping[str, str], name: str, *, max_length: int, label: str | None = None) -> str:
    """The parameter without surrounding spaces ("" when absent); 400 when it holds a NUL character or
    is longer than `max_length`. Messages call it `label` (a page's word for it) or else by its name.

    PostgreSQL text cannot hold NUL, and SQLite refuses a LIKE pattern beyond 50,000 characters: either
    would fail in the database rather than match nothing. Nothing longer than the column can match anyway.
    """
    value = params.get(name, "").strip()
    if "\x00" in value:
        raise ValidationFailed({name: [NUL_IN_TEXT.format(field=label or name)]})
    if len(value) > max_length:
        raise ValidationFailed({name: [TEXT_TOO_LONG.format(field=label or name, max_length=max_length)]})
    return value


TRUE_WORDS = ("1", "true", "yes")
FALSE_WORDS = ("0", "false", "no")
NOT_A_FLAG = "{field} is 1 or 0 (true/false, yes/no), not {value}."


def flag_param(params: Mapping[str, str], name: str) -> bool:
    """The parameter as a yes/no flag (absent or empty: no); 400 for anything else than the words above."""
    value = params.get(name, "").strip().lower()
    if value in ("", *FALSE_WORDS):
        return False
    if value in TRUE_WORDS:
        return True
    raise ValidationFailed({name: [NOT_A_FLAG.format(field=name, value=shown(params[name]))]})
