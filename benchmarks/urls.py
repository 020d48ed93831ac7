from django.http import JsonResponse
from django.urls import path

from config.urls import urlpatterns as product


def bare(request):
    """The yardstick: what the same gunicorn serves when Django does nothing but answer."""
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/bare/", bare), *product]
