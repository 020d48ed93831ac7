"""Request bodies the API accepts: JSON of bounded size and depth (OWASP ASVS 5.5; never a 500 on hostile input)."""

import json

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32  # the deepest real payload (a rubric's competencies' anchors) is 4
BODY_TOO_LARGE = "The request body is larger than {limit} bytes."
TOO_DEEP = "The JSON is nested deeper than {limit} levels."
NOT_JSON = "The body is not valid JSON (UTF-8)."


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether arrays/objects nest deeper than `limit` (a linear scan that ignores brackets in strings)."""
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser with a size limit (`API_MAX_BODY_BYTES`) and a nesting limit checked before parsing."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_BODY_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise ParseError(BODY_TOO_LARGE.format(limit=limit))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ParseError(NOT_JSON) from None
        if json_depth_exceeds(text, MAX_DEPTH):
            raise ParseError(TOO_DEEP.format(limit=MAX_DEPTH))
        try:
            return json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, RecursionError):
            raise ParseError(NOT_JSON) from None


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")
