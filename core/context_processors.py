from django.http import HttpRequest
from django.urls import reverse

from accounts import roles


def navigation(request: HttpRequest) -> dict:
    """Links shown in the top bar, by the signed-in person's roles."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": []}
    links = [("Home", reverse("home"))]
    if user.has_role(roles.ADMIN):
        links.append(("Admin", reverse("admin:index")))
    links.append(("API docs", reverse("api-docs")))
    return {"nav_links": links}
