"""Request limits checked before any view runs, security headers added after (OWASP ASVS 13/14), and
conditional GET for the API."""

import hashlib

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response

MAX_HEADER_LENGTH = 4096  # a real browser's longest (a cookie) stays well under; gunicorn's own cap is 8190
HEADER_TOO_LONG = "A request header is too long (at most {limit} characters)."


class RequestLimitsMiddleware:
    """Refuse a request with an overlong header value: 400, before sessions, CSRF or views read it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for key, value in request.META.items():
            if key.startswith("HTTP_") and isinstance(value, str) and len(value) > MAX_HEADER_LENGTH:
                message = HEADER_TOO_LONG.format(limit=MAX_HEADER_LENGTH)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": message}, status=400)
                return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; `Cache-Control: no-store` on every API response and every page
    for a signed-in person (they show PII or feedback), unless the view chose its own caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        personal = request.path.startswith("/api/") or (user is not None and user.is_authenticated)
        if personal and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response


class ApiConditionalGetMiddleware:
    """`ETag` on every successful API read, computed per viewer (the caller's id is hashed with the body, so
    two people never share a tag even when they see the same thing), and `If-None-Match` answered with
    304 and no body. The view still runs — authorization, the audit of a packet read — so a 304 is only
    ever an answer to what the caller may see now. The response stays `no-store`: a browser keeps no
    copy; API clients that keep their own revalidate with the tag."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method not in ("GET", "HEAD")
            or not request.path.startswith("/api/")
            or response.status_code != 200
            or response.streaming
            or response.has_header("ETag")
        ):
            return response
        user = getattr(request, "user", None)
        viewer = str(user.pk) if user is not None and user.is_authenticated else "-"
        digest = hashlib.sha256(viewer.encode() + b"\0" + response.content).hexdigest()[:32]
        response["ETag"] = f'"{digest}"'
        return get_conditional_response(request, etag=response["ETag"], response=response)
