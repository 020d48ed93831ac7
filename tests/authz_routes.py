"""Every route the URL resolver knows (the Django admin apart), with the methods it answers, and how the
authorization matrix calls it: which of the world's objects fills its URL, signed in as whom."""

from dataclasses import dataclass

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from tests.authz_world import World

WRITE_METHODS = ("post", "put", "patch", "delete")


@dataclass(frozen=True)
class Route:
    pattern: str  # as the resolver spells it, e.g. "api/v1/^loops/(?P<pk>[^/.]+)/packet/$"
    name: str
    namespace: str
    methods: tuple[str, ...]
    is_api: bool

    @property
    def key(self) -> str:
        """`path METHOD`-free key of the matrix: the route's readable path."""
        path = self.pattern.replace("(?P<pk>[^/.]+)", "<pk>").replace("^", "").replace("$", "")
        return "/" + path


def _methods(pattern: URLPattern) -> tuple[str, ...]:
    callback = pattern.callback
    actions = getattr(callback, "actions", None)
    if actions:
        return tuple(sorted(set(actions) - {"head"}))  # DRF adds HEAD (as GET) on the first request
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is not None:
        found = [m for m in ("get", "post", "put", "patch", "delete") if hasattr(view_class, m)]
        return tuple(found)
    return ("get", "post")  # function views: the matrix asks both (one may answer 405)


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if str(entry.pattern).startswith("admin/"):
                    continue  # the Django admin: tests/test_authz_matrix.py checks it as one
                walk(entry.url_patterns, prefix + str(entry.pattern), entry.namespace or namespace)
            else:
                pattern = prefix + str(entry.pattern)
                found.append(
                    Route(pattern, entry.name or "", namespace, _methods(entry), pattern.startswith("api/v1/"))
                )

    walk(get_resolver().url_patterns, "", "")
    return found


# Which of the home side's objects a `pk` in the route stands for, by route name.
PK_OF = {
    "user": "interviewer",
    "auth-token-item": "token",
    "team": "team",
    "committee": "committee",
    "use-case": "use_case",
    "requisition": "requisition",
    "candidate": "candidate",
    "application": "application",
    "interviewer": "profile",
    "scorecard-submit": "draft",
    "scorecard": "scorecard",
    "round-type": "round_type",
    "rubric": "rubric",
    "loop-template": "template",
    "loop": "loop",
    "interview": "interview",
    "notification": "notification",
    "packet": "loop",
    "vote": "loop",
    "decide": "loop",
}


def _pk(route: Route, world: World) -> int:
    for prefix in sorted(PK_OF, key=len, reverse=True):
        if route.name == prefix or route.name.startswith(prefix + "-"):
            return world.home.ids[PK_OF[prefix]]
    raise KeyError(f"No object for the pk of {route.key} ({route.name}): add it to PK_OF.")


def url_of(route: Route, world: World) -> str:
    path = route.key
    values = dict(world.kwargs)
    if "<pk>" in path or "<int:pk>" in path:
        values["pk"] = _pk(route, world)
    path = path.replace("<uidb64>/<token>", f"{values['uidb64']}/{values['token_reset']}")
    for name, value in values.items():
        for converter in ("", "int:", "str:"):
            path = path.replace(f"<{converter}{name}>", str(value))
    return path


def call(route: Route, method: str, world: World, role: str) -> tuple[int, object]:
    """The status (and JSON body, where there is one) of one call, undone afterwards."""
    person = world.people[role]
    url = url_of(route, world)
    with transaction.atomic():
        if route.is_api:
            client = APIClient()
            if person is not None:
                client.force_authenticate(person)
            response = getattr(client, method)(url, {}, format="json") if method in WRITE_METHODS else client.get(url)
        else:
            client = Client()
            if person is not None:
                client.force_login(person)
            response = getattr(client, method)(url, {}) if method in WRITE_METHODS else client.get(url)
        body = None
        if response.get("Content-Type", "").startswith("application/json"):
            body = response.json()
        transaction.set_rollback(True)
    return response.status_code, body
