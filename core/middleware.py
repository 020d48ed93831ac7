"""Request limits checked before any view runs, and security headers added after (OWASP ASVS 13/14)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

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
