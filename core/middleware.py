"""Request limits checked before any view runs (OWASP ASVS 13/5: bounded input, never a 500)."""

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
