from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from notifications.selectors import notification_list

PAGE_SIZE = 50


@login_required
def notifications_mine(request: HttpRequest) -> HttpResponse:
    """What Loopwise sent the signed-in person, and when."""
    page = Paginator(notification_list(viewer=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/mine.html", {"page": page})
