from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts import roles
from core.selectors import system_health
from interviews.models import Loop
from interviews.scheduling.selectors import feedback_board
from interviews.selectors import loop_feedback_list, loop_workload, my_interviews
from notifications.selectors import outbox_backlog


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {"role_labels": [roles.ROLE_LABELS[code] for code in user.roles]}
    if user.has_role(roles.INTERVIEWER):
        states = [row.state for row in my_interviews(viewer=user, per_page=0).rows]  # the open ones
        context["feedback_due"] = states.count("due") + states.count("overdue")
        context["feedback_overdue"] = states.count("overdue")
        context["upcoming"] = states.count("upcoming")
    if user.has_role(roles.COMMITTEE, roles.HIRING_MANAGER, roles.ADMIN):
        context["ready_for_review"] = (
            loop_feedback_list(viewer=user).filter(status=Loop.Status.READY_FOR_REVIEW).count()
        )
    if user.has_role(roles.RECRUITER, roles.ADMIN):
        context.update(loop_workload(viewer=user))
        context["overdue_scorecards"] = feedback_board(viewer=user, overdue_only=True).count()
    context["chaired"] = list(user.chaired_committees.values_list("name", flat=True))
    return render(request, "home/home.html", context)


def _processes(rows: list[dict]) -> list[dict]:
    return [{**row, "last_seen_at": row["last_seen_at"].isoformat()} for row in rows]


def _staff(request: HttpRequest) -> bool:
    return request.user.is_authenticated and request.user.is_staff


@transaction.non_atomic_requests  # a database that is down is a 503 from the check, not a 500 from BEGIN
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: `ok` (200, or 503 when a part is down). Operators signed in as staff also see which
    part answers, the outbox backlog, the workers and beat; nobody else does."""
    state = system_health()
    if not _staff(request):
        return JsonResponse({"ok": state.ok}, status=200 if state.ok else 503)
    return JsonResponse(
        {
            "ok": state.ok,
            "database": state.database,
            "broker": state.broker,
            # Rows per status in the notification outbox: a growing "pending" means delivery is stuck.
            "outbox": outbox_backlog() if state.database else None,
            "workers": _processes(state.workers),
            "beat": _processes(state.beat),
        },
        status=200 if state.ok else 503,
    )


@transaction.non_atomic_requests  # not even a BEGIN: the database is not asked
@require_safe  # GET and HEAD (load balancers probe with either)
def health_live(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers requests. Touches nothing else, so a database outage never makes an
    orchestrator restart every web process (that is what readiness is for)."""
    return JsonResponse({"ok": True})


@transaction.non_atomic_requests
@require_safe
def health_ready(request: HttpRequest) -> JsonResponse:
    """Readiness: this instance can serve, i.e. the database and the broker answer (503 otherwise, so a
    load balancer sends its traffic to the other instances). Workers are not asked: requests do not wait
    for them (the outbox keeps what they have not delivered yet). Which part is down is for staff only."""
    state = system_health()
    body = {"ok": state.ok, "database": state.database, "broker": state.broker} if _staff(request) else {"ok": state.ok}
    return JsonResponse(body, status=200 if state.ok else 503)
