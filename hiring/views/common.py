from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from hiring.selectors import hiring_can_plan


def planner_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, and a recruiter, hiring manager or admin (403 for anyone else)."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not hiring_can_plan(viewer=request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
