"""`audit_record`, the one way an audit event is written. The request's client address and person come
from `AuditContextMiddleware`; a beat task has neither (the system acted)."""

import contextvars
from typing import Any

from audit.models import AuditEvent

# The Django request being served. Its `user` and address are read only when an event is written (most
# requests write none), and by then DRF has set the token's user on it.
_request_context: contextvars.ContextVar[Any] = contextvars.ContextVar("audit_request", default=None)

Action = AuditEvent.Action


def client_address(request) -> str | None:
    """The client's address as django-axes reads it (the same trusted-proxy setting as the lockout)."""
    from axes.helpers import get_client_ip_address

    try:
        return get_client_ip_address(request) or None
    except (ValueError, TypeError):
        return None


def audit_record(
    action: str,
    *,
    actor=None,
    username: str = "",
    target=None,
    target_type: str = "",
    target_id: int | None = None,
    detail: dict | None = None,
    request=None,
) -> AuditEvent:
    """Append one event. `target` (a model instance) gives its type and id; `detail` holds codes and
    ids only. Without `actor`, the request's signed-in person is the actor."""
    request = request if request is not None else _request_context.get()
    address = client_address(request) if request is not None else None
    if actor is None and request is not None:
        person = getattr(request, "user", None)
        actor = person if person is not None and person.is_authenticated else None
    if target is not None:
        target_type = target_type or target._meta.model_name
        target_id = target.pk
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_username=(actor.get_username() if actor is not None else username)[:150],
        client_address=address,
        target_type=target_type,
        target_id=target_id,
        detail=detail or {},
    )


class AuditContextMiddleware:
    """Remember the request for the events written while it runs (their person and address)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_context.set(request)
        try:
            return self.get_response(request)
        finally:
            _request_context.reset(token)
