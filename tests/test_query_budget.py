"""Query budgets: every page and every API read the URL resolver knows, as an admin (who sees every row)
and as the committee chair, answers in exactly the number of queries recorded here — with one loop per
side of the authorization world (`tests/authz_world.py`), and again after three more sides (loops,
interviews, scorecards, applications, candidates, requisitions, people, notifications) are added. A new
read route without a budget fails; so does a budget for a route that is gone.

Speed itself is measured by `benchmarks/run.py` (README "Performance at volume"), not here.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import authz_routes, authz_world

ROLES = ("admin", "chair")
SKIP = {
    "/healthz/",  # asks the broker and the workers, not the database alone
}


def _reads() -> list[authz_routes.Route]:
    return [r for r in authz_routes.routes() if "get" in r.methods and r.key not in SKIP]


def _counts(world) -> dict[tuple[str, str], tuple[int, int]]:
    """(route, role) → (status, queries) for every read."""
    counts = {}
    for route in _reads():
        for role in ROLES:
            cache.clear()  # roles and the EM reference are cached: each call starts cold
            connection.queries_log.clear()  # it keeps the last 9,000 only: counts would go wrong after
            with CaptureQueriesContext(connection) as queries:
                status, _ = authz_routes.call(route, "get", world, role)
            counts[route.key, role] = (status, len(queries))
    return counts


@pytest.mark.django_db
def test_every_read_has_the_same_query_count_at_one_row_and_at_several():
    """Counts at one loop per side equal those after three more sides, and both equal the budgets."""
    world = authz_world.build()
    _counts(world)  # warm the process-wide caches (content types, permissions) once
    small = _counts(world)
    committee = world.home.loop.application.requisition.committee
    for _ in range(3):
        authz_world.add_side(world.home.loop.template, committee=committee)
    large = _counts(world)
    grew = {key: (small[key], large[key]) for key in small if small[key] != large[key]}
    assert grew == {}
    budgets = {key: queries for key, (status, queries) in small.items() if status == 200}
    changed = {
        key: (BUDGETS.get(key), budgets.get(key))
        for key in budgets.keys() | BUDGETS.keys()
        if BUDGETS.get(key) != budgets.get(key)
    }
    assert changed == {}, "(route, role): (budget, now) — update BUDGETS if the change is intended"


BUDGETS: dict[tuple[str, str], int] = {
    ("/", "admin"): 30,
    ("/", "chair"): 27,
    ("/password-reset/", "admin"): 25,
    ("/password-reset/", "chair"): 25,
    ("/password-reset/sent/", "admin"): 25,
    ("/password-reset/sent/", "chair"): 25,
    ("/password-reset/<uidb64>/<token>/", "admin"): 26,
    ("/password-reset/<uidb64>/<token>/", "chair"): 26,
    ("/password-reset/done/", "admin"): 25,
    ("/password-reset/done/", "chair"): 25,
    ("/account/", "admin"): 27,
    ("/account/", "chair"): 27,
    ("/account/two-factor/", "admin"): 29,
    ("/account/two-factor/", "chair"): 29,
    ("/api/v1/me/", "admin"): 5,
    ("/api/v1/me/", "chair"): 5,
    ("/api/v1/users/", "admin"): 8,
    ("/api/v1/users/<pk>/", "admin"): 7,
    ("/api/v1/auth/tokens/", "admin"): 6,
    ("/api/v1/auth/tokens/", "chair"): 6,
    ("/api/v1/hiring-plan/", "admin"): 9,
    ("/api/v1/hiring-settings/", "admin"): 7,
    ("/healthz/live", "admin"): 22,
    ("/healthz/live", "chair"): 22,
    ("/healthz/ready", "admin"): 25,
    ("/healthz/ready", "chair"): 25,
    ("/api/v1/teams/", "admin"): 7,
    ("/api/v1/teams/<pk>/", "admin"): 6,
    ("/api/v1/committees/", "admin"): 8,
    ("/api/v1/committees/", "chair"): 8,
    ("/api/v1/committees/<pk>/", "admin"): 7,
    ("/api/v1/committees/<pk>/", "chair"): 7,
    ("/api/v1/use-cases/", "admin"): 7,
    ("/api/v1/use-cases/<pk>/", "admin"): 6,
    ("/api/v1/requisitions/", "admin"): 13,
    ("/api/v1/requisitions/", "chair"): 13,
    ("/api/v1/requisitions/<pk>/", "admin"): 12,
    ("/api/v1/requisitions/<pk>/", "chair"): 12,
    ("/api/v1/candidates/", "admin"): 9,
    ("/api/v1/candidates/", "chair"): 9,
    ("/api/v1/candidates/<pk>/", "admin"): 8,
    ("/api/v1/candidates/<pk>/", "chair"): 8,
    ("/api/v1/applications/", "admin"): 8,
    ("/api/v1/applications/", "chair"): 8,
    ("/api/v1/applications/<pk>/", "admin"): 7,
    ("/api/v1/applications/<pk>/", "chair"): 7,
    ("/api/v1/interviewers/", "admin"): 10,
    ("/api/v1/interviewers/", "chair"): 6,
    ("/api/v1/interviewers/<pk>/", "admin"): 9,
    ("/api/v1/scorecards/", "admin"): 8,
    ("/api/v1/scorecards/", "chair"): 8,
    ("/api/v1/scorecards/<pk>/", "admin"): 7,
    ("/api/v1/scorecards/<pk>/", "chair"): 7,
    ("/api/v1/scorecards/<pk>/revisions/", "admin"): 8,
    ("/api/v1/scorecards/<pk>/revisions/", "chair"): 8,
    ("/api/v1/round-types/", "admin"): 6,
    ("/api/v1/round-types/", "chair"): 6,
    ("/api/v1/round-types/<pk>/", "admin"): 6,
    ("/api/v1/round-types/<pk>/", "chair"): 6,
    ("/api/v1/rubrics/", "admin"): 8,
    ("/api/v1/rubrics/", "chair"): 8,
    ("/api/v1/rubrics/<pk>/", "admin"): 7,
    ("/api/v1/rubrics/<pk>/", "chair"): 7,
    ("/api/v1/loop-templates/", "admin"): 8,
    ("/api/v1/loop-templates/", "chair"): 8,
    ("/api/v1/loop-templates/<pk>/", "admin"): 7,
    ("/api/v1/loop-templates/<pk>/", "chair"): 7,
    ("/api/v1/loops/", "admin"): 11,
    ("/api/v1/loops/", "chair"): 11,
    ("/api/v1/loops/<pk>/", "admin"): 10,
    ("/api/v1/loops/<pk>/", "chair"): 10,
    ("/api/v1/interviews/", "admin"): 8,
    ("/api/v1/interviews/<pk>/replacements/", "admin"): 15,
    ("/api/v1/interviews/", "chair"): 8,
    ("/api/v1/feedback-board/", "admin"): 7,
    ("/api/v1/interviews/<pk>/", "admin"): 7,
    ("/api/v1/interviews/<pk>/", "chair"): 7,
    ("/api/v1/interviews/<pk>/ics/", "admin"): 9,
    ("/api/v1/interviews/<pk>/ics/", "chair"): 11,
    ("/api/v1/loops/<int:pk>/recommendation/", "admin"): 12,
    ("/api/v1/loops/<int:pk>/recommendation/", "chair"): 12,
    ("/api/v1/loops/<int:pk>/packet/", "admin"): 19,
    ("/api/v1/loops/<int:pk>/packet/", "chair"): 20,
    ("/api/v1/loops/<int:pk>/votes/", "admin"): 8,
    ("/api/v1/loops/<int:pk>/votes/", "chair"): 8,
    ("/api/v1/notifications/", "admin"): 6,
    ("/api/v1/notifications/", "chair"): 6,
    ("/api/v1/analytics/calibration/", "admin"): 6,
    ("/api/v1/analytics/calibration/", "chair"): 6,
    ("/api/v1/analytics/reliability/", "admin"): 8,
    ("/api/v1/analytics/reliability/", "chair"): 8,
    ("/api/v1/analytics/time-to-submit/", "admin"): 7,
    ("/api/v1/analytics/time-to-submit/", "chair"): 7,
    ("/api/v1/analytics/funnel/", "admin"): 7,
    ("/api/v1/analytics/funnel/", "chair"): 7,
    ("/api/v1/analytics/round-validity/", "admin"): 7,
    ("/api/v1/analytics/round-validity/", "chair"): 7,
    ("/api/schema/", "admin"): 64,
    ("/api/schema/", "chair"): 64,
    ("/api/docs/", "admin"): 25,
    ("/api/docs/", "chair"): 25,
    ("/api/redoc/", "admin"): 25,
    ("/api/redoc/", "chair"): 25,
    ("/use-cases/", "admin"): 26,
    ("/use-cases/new/", "admin"): 26,
    ("/use-cases/<int:pk>/", "admin"): 27,
    ("/use-cases/<int:pk>/edit/", "admin"): 27,
    ("/requisitions/", "admin"): 32,
    ("/requisitions/", "chair"): 32,
    ("/requisitions/new/", "admin"): 30,
    ("/requisitions/<int:pk>/", "admin"): 37,
    ("/requisitions/<int:pk>/", "chair"): 36,
    ("/requisitions/<int:pk>/edit/", "admin"): 33,
    ("/candidates/", "admin"): 28,
    ("/candidates/", "chair"): 28,
    ("/candidates/new/", "admin"): 25,
    ("/candidates/<int:pk>/", "admin"): 32,
    ("/candidates/<int:pk>/", "chair"): 30,
    ("/candidates/<int:pk>/anonymize/", "admin"): 28,
    ("/hiring-plan/", "admin"): 29,
    ("/hiring-plan/settings/", "admin"): 27,
    ("/interviews/mine/", "admin"): 27,
    ("/interviews/mine/", "chair"): 27,
    ("/interviews/<int:interview_id>/kit/", "admin"): 36,
    ("/interviews/<int:interview_id>/kit/", "chair"): 36,
    ("/pipeline/", "admin"): 28,
    ("/feedback/", "admin"): 27,
    ("/applications/<int:application_id>/build-loop/", "admin"): 34,
    ("/loops/<int:loop_id>/", "admin"): 39,
    ("/loops/<int:loop_id>/", "chair"): 32,
    ("/interviews/<int:interview_id>/cancel/", "admin"): 29,
    ("/interviewers/", "admin"): 29,
    ("/interviewers/load/", "admin"): 29,
    ("/interviewers/<int:profile_id>/", "admin"): 32,
    ("/decisions/", "admin"): 27,
    ("/decisions/", "chair"): 27,
    ("/decisions/loops/<int:pk>/", "admin"): 41,
    ("/decisions/loops/<int:pk>/", "chair"): 42,
    ("/notifications/", "admin"): 26,
    ("/notifications/", "chair"): 26,
    ("/analytics/", "admin"): 32,
    ("/analytics/", "chair"): 32,
}
