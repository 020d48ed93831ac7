from django.utils import timezone


class UserTimezoneMiddleware:
    """Render times on pages in the signed-in person's own zone (`User.zone`, the one owner of it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.deactivate()
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)
        return self.get_response(request)
