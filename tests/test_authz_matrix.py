"""The authorization matrix (OWASP ASVS 4): every route the URL resolver knows × every method it answers ×
every role, against the world of `tests/authz_world.py` (two requisitions, each with its own people and a
loop whose interviewer still owes a scorecard). A route without an entry fails; so does an entry for a
route that is gone. Lists hold no foreign rows; mass assignment of read-only fields changes nothing.

Writes are sent empty (`{}`): whoever may not act is refused (403, or 404 for what they may not see)
before what they sent is read; whoever may gets the validation's 400 (or, for actions without a body,
the action). Each call runs in a savepoint that is rolled back, so every call sees the same world.
Pages answer anonymous callers with the sign-in redirect (302), the API with 401.
"""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from hiring.models import Application, Candidate
from interviews.models import Loop, Scorecard
from tests import authz_routes, authz_world

ROLES = authz_world.ROLES

# (path, method): the status for each role, in the order of ROLES:
# anonymous, interviewer_on, interviewer_off, recruiter_of, recruiter_other, hiring_manager, member, chair, admin
MATRIX = {
    ("/", "GET"): "302 200 200 200 200 200 200 200 200",
    ("/", "POST"): "302 200 200 200 200 200 200 200 200",
    ("/login/", "GET"): "200 302 302 302 302 302 302 302 302",
    ("/login/", "POST"): "200 302 302 302 302 302 302 302 302",
    ("/login/", "PUT"): "200 302 302 302 302 302 302 302 302",
    ("/logout/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/logout/", "POST"): "302 302 302 302 302 302 302 302 302",
    ("/password-reset/", "GET"): "200 200 200 200 200 200 200 200 200",
    ("/password-reset/", "POST"): "200 200 200 200 200 200 200 200 200",
    ("/password-reset/", "PUT"): "200 200 200 200 200 200 200 200 200",
    ("/password-reset/sent/", "GET"): "200 200 200 200 200 200 200 200 200",
    ("/password-reset/<uidb64>/<token>/", "GET"): "200 200 200 200 200 200 200 200 200",
    ("/password-reset/<uidb64>/<token>/", "POST"): "200 200 200 200 200 200 200 200 200",
    ("/password-reset/<uidb64>/<token>/", "PUT"): "200 200 200 200 200 200 200 200 200",
    ("/password-reset/done/", "GET"): "200 200 200 200 200 200 200 200 200",
    ("/healthz/", "GET"): "200 200 200 200 200 200 200 200 200",
    ("/healthz/", "POST"): "200 200 200 200 200 200 200 200 200",
    ("/healthz/live", "GET"): "200 200 200 200 200 200 200 200 200",
    ("/healthz/live", "POST"): "405 405 405 405 405 405 405 405 405",
    ("/healthz/ready", "GET"): "200 200 200 200 200 200 200 200 200",
    ("/healthz/ready", "POST"): "405 405 405 405 405 405 405 405 405",
    ("/login/two-factor/", "GET"): "302 302 302 302 302 302 302 302 302",
    ("/login/two-factor/", "POST"): "302 302 302 302 302 302 302 302 302",
    ("/account/", "GET"): "302 200 200 200 200 200 200 200 200",
    ("/account/", "POST"): "302 200 200 200 200 200 200 200 200",
    ("/account/two-factor/", "GET"): "302 200 200 200 200 200 200 200 200",
    ("/account/two-factor/", "POST"): "302 200 200 200 200 200 200 200 200",
    ("/account/two-factor/remove/", "GET"): "302 302 302 302 302 302 302 302 302",
    ("/account/two-factor/remove/", "POST"): "302 302 302 302 302 302 302 302 302",
    ("/api/v1/auth/token/", "POST"): "400 400 400 400 400 400 400 400 400",
    ("/api/v1/auth/logout/", "POST"): "401 204 204 204 204 204 204 204 204",
    ("/api/v1/me/", "GET"): "401 200 200 200 200 200 200 200 200",
    ("/api/v1/me/", "PATCH"): "401 200 200 200 200 200 200 200 200",
    ("/api/v1/users/", "GET"): "401 403 403 200 200 403 403 403 200",
    ("/api/v1/users/", "POST"): "401 403 403 403 403 403 403 403 400",
    ("/api/v1/users/<pk>/", "GET"): "401 403 403 200 200 403 403 403 200",
    ("/api/v1/users/<pk>/", "PATCH"): "401 403 403 403 403 403 403 403 200",
    ("/api/v1/users/<pk>/", "PUT"): "401 403 403 403 403 403 403 403 200",
    ("/api/v1/auth/tokens/", "GET"): "401 200 200 200 200 200 200 200 200",
    ("/api/v1/auth/tokens/<pk>/", "DELETE"): "401 204 404 404 404 404 404 404 404",
    ("/api/v1/auth/tokens/<pk>/", "GET"): "401 200 404 404 404 404 404 404 404",
    ("/api/v1/hiring-plan/", "GET"): "401 403 403 200 200 200 403 403 200",
    ("/api/v1/hiring-settings/", "GET"): "401 403 403 200 200 200 403 403 200",
    ("/api/v1/hiring-settings/", "PATCH"): "401 403 403 403 403 403 403 403 200",
    ("/api/v1/teams/", "GET"): "401 403 403 200 200 200 403 403 200",
    ("/api/v1/teams/", "POST"): "401 403 403 403 403 403 403 403 400",
    ("/api/v1/teams/<pk>/", "GET"): "401 403 403 200 200 200 403 403 200",
    ("/api/v1/teams/<pk>/", "PATCH"): "401 403 403 403 403 403 403 403 200",
    ("/api/v1/teams/<pk>/", "PUT"): "401 403 403 403 403 403 403 403 400",
    ("/api/v1/teams/<pk>/", "DELETE"): "401 403 403 403 403 403 403 403 400",
    ("/api/v1/committees/", "GET"): "401 200 200 200 200 200 200 200 200",
    ("/api/v1/committees/", "POST"): "401 403 403 403 403 403 403 403 400",
    ("/api/v1/committees/<pk>/", "GET"): "401 404 404 200 200 200 200 200 200",
    ("/api/v1/committees/<pk>/", "PATCH"): "401 403 403 403 403 403 403 403 200",
    ("/api/v1/committees/<pk>/", "PUT"): "401 403 403 403 403 403 403 403 400",
    ("/api/v1/use-cases/", "GET"): "401 403 403 200 200 200 403 403 200",
    ("/api/v1/use-cases/", "POST"): "401 403 403 400 400 400 403 403 400",
    ("/api/v1/use-cases/<pk>/", "GET"): "401 403 403 200 200 200 403 403 200",
    ("/api/v1/use-cases/<pk>/", "PATCH"): "401 403 403 403 403 200 403 403 200",
    ("/api/v1/use-cases/<pk>/", "PUT"): "401 403 403 403 403 400 403 403 400",
    ("/api/v1/use-cases/<pk>/accept/", "POST"): "401 403 403 403 403 400 403 403 400",
    ("/api/v1/use-cases/<pk>/retire/", "POST"): "401 403 403 403 403 200 403 403 200",
    ("/api/v1/requisitions/", "GET"): "401 403 403 200 200 200 200 200 200",
    ("/api/v1/requisitions/", "POST"): "401 403 403 400 400 400 403 403 400",
    ("/api/v1/requisitions/<pk>/", "GET"): "401 403 403 200 200 200 200 200 200",
    ("/api/v1/requisitions/<pk>/", "PATCH"): "401 403 403 200 403 200 403 403 200",
    ("/api/v1/requisitions/<pk>/", "PUT"): "401 403 403 400 403 400 403 403 400",
    ("/api/v1/requisitions/<pk>/close/", "POST"): "401 403 403 200 403 200 403 403 200",
    ("/api/v1/requisitions/<pk>/fill/", "POST"): "401 403 403 400 403 400 403 403 400",
    ("/api/v1/requisitions/<pk>/hold/", "POST"): "401 403 403 400 403 400 403 403 400",
    ("/api/v1/requisitions/<pk>/open/", "POST"): "401 403 403 200 403 200 403 403 200",
    ("/api/v1/candidates/", "GET"): "401 200 200 200 200 200 200 200 200",
    ("/api/v1/candidates/", "POST"): "401 403 403 400 400 400 403 403 400",
    ("/api/v1/candidates/<pk>/", "GET"): "401 200 404 200 200 200 200 200 200",
    ("/api/v1/candidates/<pk>/", "PATCH"): "401 403 404 200 403 200 403 403 200",
    ("/api/v1/candidates/<pk>/", "PUT"): "401 403 404 400 403 400 403 403 400",
    ("/api/v1/candidates/<pk>/anonymize/", "POST"): "401 403 404 200 403 200 403 403 200",
    ("/api/v1/applications/", "GET"): "401 200 200 200 200 200 200 200 200",
    ("/api/v1/applications/", "POST"): "401 403 403 400 400 400 403 403 400",
    ("/api/v1/applications/<pk>/", "GET"): "401 200 404 200 200 200 200 200 200",
    ("/api/v1/applications/<pk>/move/", "POST"): "401 403 404 400 403 400 403 403 400",
    ("/api/v1/interviewers/", "GET"): "401 200 200 200 200 200 200 200 200",
    ("/api/v1/interviewers/", "POST"): "401 403 403 400 400 403 403 403 400",
    ("/api/v1/interviewers/<pk>/", "GET"): "401 200 404 200 200 404 404 404 200",
    ("/api/v1/interviewers/<pk>/", "PATCH"): "401 200 404 200 200 404 404 404 200",
    ("/api/v1/interviewers/<pk>/", "PUT"): "401 200 404 200 200 404 404 404 200",
    ("/api/v1/interviewers/<pk>/busy-ics/", "POST"): "401 415 404 415 415 404 404 404 415",
    ("/api/v1/interviewers/<pk>/reset-feed/", "POST"): "401 200 404 403 403 404 404 404 200",
    # A connected calendar is the person's own (and admins'); 400 here: nothing connected yet.
    ("/api/v1/interviewers/<pk>/sync-calendar/", "POST"): "401 400 404 403 403 404 404 404 400",
    ("/api/v1/scorecards/", "GET"): "401 200 200 200 200 200 200 200 200",
    ("/api/v1/scorecards/<pk>/", "GET"): "401 404 404 200 404 200 200 200 200",
    ("/api/v1/scorecards/<pk>/", "PATCH"): "401 404 404 403 404 403 403 403 403",
    ("/api/v1/scorecards/<pk>/amend/", "POST"): "401 404 404 403 404 403 403 403 403",
    ("/api/v1/scorecards/<pk>/revisions/", "GET"): "401 404 404 200 404 200 200 200 200",
    ("/api/v1/scorecards/<pk>/submit/", "POST"): "401 400 404 404 404 404 404 404 404",
    ("/api/v1/round-types/", "GET"): "401 200 200 200 200 200 200 200 200",
    ("/api/v1/round-types/<pk>/", "GET"): "401 200 200 200 200 200 200 200 200",
    ("/api/v1/round-types/<pk>/", "PATCH"): "401 403 403 403 403 403 403 403 200",
    ("/api/v1/round-types/<pk>/", "PUT"): "401 403 403 403 403 403 403 403 400",
    ("/api/v1/rubrics/", "GET"): "401 200 200 200 200 200 200 200 200",
    ("/api/v1/rubrics/", "POST"): "401 403 403 403 403 403 403 403 400",
    ("/api/v1/rubrics/<pk>/", "GET"): "401 200 200 200 200 200 200 200 200",
    ("/api/v1/rubrics/<pk>/", "PATCH"): "401 403 403 403 403 403 403 403 400",
    ("/api/v1/rubrics/<pk>/", "PUT"): "401 403 403 403 403 403 403 403 400",
    ("/api/v1/loop-templates/", "GET"): "401 200 200 200 200 200 200 200 200",
    ("/api/v1/loop-templates/", "POST"): "401 403 403 403 403 403 403 403 400",
    ("/api/v1/loop-templates/<pk>/", "GET"): "401 200 200 200 200 200 200 200 200",
    ("/api/v1/loop-templates/<pk>/", "PATCH"): "401 403 403 403 403 403 403 403 400",
    ("/api/v1/loop-templates/<pk>/", "PUT"): "401 403 403 403 403 403 403 403 400",
    ("/api/v1/loops/", "GET"): "401 200 200 200 200 200 200 200 200",
    ("/api/v1/loops/", "POST"): "401 403 403 400 400 403 403 403 400",
    ("/api/v1/loops/<pk>/", "GET"): "401 200 404 200 404 200 200 200 200",
    ("/api/v1/loops/<pk>/availability/", "POST"): "401 403 404 400 404 403 403 403 400",
    ("/api/v1/loops/<pk>/availability-link/", "POST"): "401 403 404 400 404 403 403 403 400",
    ("/api/v1/loops/<pk>/reschedule-limits/", "POST"): "401 403 404 400 404 403 403 403 400",
    # The candidate's booking opens by the link's signed token alone: a forged one is 410 for everyone.
    ("/api/v1/booking/<str:token>/", "GET"): "410 410 410 410 410 410 410 410 410",
    ("/api/v1/booking/<str:token>/", "POST"): "410 410 410 410 410 410 410 410 410",
    ("/api/v1/booking/<str:token>/reschedule-request/", "POST"): "410 410 410 410 410 410 410 410 410",
    ("/api/v1/loops/<pk>/propose-schedule/", "POST"): "401 403 404 400 404 403 403 403 400",
    ("/api/v1/loops/<pk>/schedule/", "POST"): "401 403 404 400 404 403 403 403 400",
    ("/api/v1/feedback-board/", "GET"): "401 403 403 200 200 403 403 403 200",
    ("/api/v1/feedback-board/nudge/", "POST"): "401 403 403 400 400 403 403 403 400",
    ("/api/v1/interviews/", "GET"): "401 200 200 200 200 200 200 200 200",
    ("/api/v1/interviews/<pk>/decline/", "POST"): "401 400 404 403 404 403 403 403 403",
    ("/api/v1/interviews/<pk>/replace/", "POST"): "401 403 404 400 404 403 403 403 400",
    ("/api/v1/interviews/<pk>/replacements/", "GET"): "401 403 404 200 404 403 403 403 200",
    ("/api/v1/interviews/<pk>/", "GET"): "401 200 404 200 404 200 200 200 200",
    ("/api/v1/interviews/<pk>/cancel/", "POST"): "401 403 404 400 404 403 403 403 400",
    ("/api/v1/interviews/<pk>/ics/", "GET"): "401 200 404 200 404 200 200 200 200",
    ("/api/v1/interviews/<pk>/reschedule/", "POST"): "401 403 404 400 404 403 403 403 400",
    ("/api/v1/loops/<int:pk>/recommendation/", "GET"): "401 404 404 200 404 200 200 200 200",
    ("/api/v1/loops/<int:pk>/packet/", "GET"): "401 404 404 200 404 200 200 200 200",
    ("/api/v1/loops/<int:pk>/votes/", "GET"): "401 404 404 200 404 200 200 200 200",
    ("/api/v1/loops/<int:pk>/votes/", "POST"): "401 404 404 403 404 403 400 400 403",
    ("/api/v1/loops/<int:pk>/decision/", "POST"): "401 404 404 403 404 403 403 400 403",
    ("/api/v1/notifications/", "GET"): "401 200 200 200 200 200 200 200 200",
    ("/api/v1/notifications/<pk>/", "GET"): "401 200 404 404 404 404 404 404 404",
    ("/api/v1/analytics/calibration/", "GET"): "401 403 403 200 200 200 200 200 200",
    ("/api/v1/analytics/reliability/", "GET"): "401 403 403 200 200 200 200 200 200",
    ("/api/v1/analytics/time-to-submit/", "GET"): "401 403 403 200 200 200 200 200 200",
    ("/api/v1/analytics/funnel/", "GET"): "401 403 403 200 200 200 200 200 200",
    ("/api/v1/analytics/round-validity/", "GET"): "401 403 403 200 200 200 200 200 200",
    ("/api/schema/", "GET"): "200 200 200 200 200 200 200 200 200",
    ("/api/docs/", "GET"): "200 200 200 200 200 200 200 200 200",
    ("/api/redoc/", "GET"): "200 200 200 200 200 200 200 200 200",
    ("/use-cases/", "GET"): "302 403 403 200 200 200 403 403 200",
    ("/use-cases/", "POST"): "302 403 403 200 200 200 403 403 200",
    ("/use-cases/new/", "GET"): "302 403 403 200 200 200 403 403 200",
    ("/use-cases/new/", "POST"): "302 403 403 200 200 200 403 403 200",
    ("/use-cases/<int:pk>/", "GET"): "302 403 403 200 200 200 403 403 200",
    ("/use-cases/<int:pk>/", "POST"): "302 403 403 200 200 200 403 403 200",
    ("/use-cases/<int:pk>/edit/", "GET"): "302 403 403 403 403 200 403 403 200",
    ("/use-cases/<int:pk>/edit/", "POST"): "302 403 403 403 403 200 403 403 200",
    ("/use-cases/<int:pk>/accept/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/use-cases/<int:pk>/accept/", "POST"): "302 403 403 403 403 302 403 403 302",
    ("/use-cases/<int:pk>/retire/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/use-cases/<int:pk>/retire/", "POST"): "302 403 403 403 403 302 403 403 302",
    ("/requisitions/", "GET"): "302 403 403 200 200 200 200 200 200",
    ("/requisitions/", "POST"): "302 403 403 200 200 200 200 200 200",
    ("/requisitions/new/", "GET"): "302 403 403 200 200 200 403 403 200",
    ("/requisitions/new/", "POST"): "302 403 403 200 200 200 403 403 200",
    ("/requisitions/<int:pk>/", "GET"): "302 403 403 200 200 200 200 200 200",
    ("/requisitions/<int:pk>/", "POST"): "302 403 403 200 200 200 200 200 200",
    ("/requisitions/<int:pk>/edit/", "GET"): "302 403 403 200 403 200 403 403 200",
    ("/requisitions/<int:pk>/edit/", "POST"): "302 403 403 200 403 200 403 403 200",
    ("/requisitions/<int:pk>/open/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/requisitions/<int:pk>/open/", "POST"): "302 403 403 302 403 302 403 403 302",
    ("/requisitions/<int:pk>/hold/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/requisitions/<int:pk>/hold/", "POST"): "302 403 403 302 403 302 403 403 302",
    ("/requisitions/<int:pk>/fill/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/requisitions/<int:pk>/fill/", "POST"): "302 403 403 302 403 302 403 403 302",
    ("/requisitions/<int:pk>/close/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/requisitions/<int:pk>/close/", "POST"): "302 403 403 302 403 302 403 403 302",
    ("/candidates/", "GET"): "302 200 200 200 200 200 200 200 200",
    ("/candidates/", "POST"): "302 200 200 200 200 200 200 200 200",
    ("/candidates/new/", "GET"): "302 403 403 200 200 200 403 403 200",
    ("/candidates/new/", "POST"): "302 403 403 200 200 200 403 403 200",
    ("/candidates/<int:pk>/", "GET"): "302 200 404 200 200 200 200 200 200",
    ("/candidates/<int:pk>/", "POST"): "302 200 404 200 200 200 200 200 200",
    ("/candidates/<int:pk>/anonymize/", "GET"): "302 403 404 200 403 200 403 403 200",
    ("/candidates/<int:pk>/anonymize/", "POST"): "302 403 404 400 403 400 403 403 400",
    ("/applications/new/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/applications/new/", "POST"): "302 403 403 302 302 302 403 403 302",
    ("/applications/<int:pk>/move/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/applications/<int:pk>/move/", "POST"): "302 403 404 302 403 302 403 403 302",
    ("/hiring-plan/", "GET"): "302 403 403 200 200 200 403 403 200",
    ("/hiring-plan/", "POST"): "302 403 403 200 200 200 403 403 200",
    ("/hiring-plan/settings/", "GET"): "302 403 403 403 403 403 403 403 200",
    ("/hiring-plan/settings/", "POST"): "302 403 403 403 403 403 403 403 200",
    ("/interviews/mine/", "GET"): "302 200 200 200 200 200 200 200 200",
    ("/interviews/mine/", "POST"): "302 200 200 200 200 200 200 200 200",
    ("/interviews/<int:interview_id>/kit/", "GET"): "302 200 404 200 404 200 200 200 200",
    ("/interviews/<int:interview_id>/kit/", "POST"): "405 405 405 405 405 405 405 405 405",
    ("/interviews/<int:interview_id>/kit/save/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/interviews/<int:interview_id>/kit/save/", "POST"): "302 302 404 403 404 403 403 403 403",
    ("/interviews/<int:interview_id>/kit/submit/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/interviews/<int:interview_id>/kit/submit/", "POST"): "302 400 404 403 404 403 403 403 403",
    ("/interviews/<int:interview_id>/kit/amend/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/interviews/<int:interview_id>/kit/amend/", "POST"): "302 400 404 403 404 403 403 403 403",
    ("/pipeline/", "GET"): "302 403 403 200 200 200 403 403 200",
    ("/pipeline/", "POST"): "302 403 403 200 200 200 403 403 200",
    ("/feedback/", "GET"): "302 403 403 200 200 403 403 403 200",
    ("/feedback/", "POST"): "302 405 405 405 405 405 405 405 405",
    ("/feedback/nudge/", "GET"): "302 405 405 405 405 405 405 405 405",
    ("/feedback/nudge/", "POST"): "302 403 403 400 400 403 403 403 400",
    ("/applications/<int:application_id>/build-loop/", "GET"): "302 404 404 200 404 404 404 404 200",
    ("/applications/<int:application_id>/build-loop/", "POST"): "302 404 404 400 404 404 404 404 400",
    ("/loops/<int:loop_id>/", "GET"): "302 200 404 200 404 200 200 200 200",
    ("/loops/<int:loop_id>/", "POST"): "405 405 405 405 405 405 405 405 405",
    ("/loops/<int:loop_id>/availability/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/loops/<int:loop_id>/availability/", "POST"): "302 403 404 302 404 403 403 403 302",
    ("/loops/<int:loop_id>/reschedule-limits/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/loops/<int:loop_id>/reschedule-limits/", "POST"): "302 403 404 302 404 403 403 403 302",
    ("/loops/<int:loop_id>/propose/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/loops/<int:loop_id>/propose/", "POST"): "302 403 404 302 404 403 403 403 302",
    ("/loops/<int:loop_id>/plan/check/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/loops/<int:loop_id>/plan/check/", "POST"): "302 403 404 302 404 403 403 403 302",
    ("/loops/<int:loop_id>/plan/save/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/loops/<int:loop_id>/plan/save/", "POST"): "302 403 404 302 404 403 403 403 302",
    ("/interviews/<int:interview_id>/cancel/", "GET"): "302 403 404 200 404 403 403 403 200",
    ("/interviews/<int:interview_id>/cancel/", "POST"): "302 403 404 302 404 403 403 403 302",
    ("/interviews/<int:interview_id>/decline/", "GET"): "302 200 404 403 404 403 403 403 403",
    ("/interviews/<int:interview_id>/decline/", "POST"): "302 400 404 403 404 403 403 403 403",
    ("/interviews/<int:interview_id>/replace/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/interviews/<int:interview_id>/replace/", "POST"): "302 403 404 302 404 403 403 403 302",
    ("/interviewers/", "GET"): "302 403 403 200 200 403 403 403 200",
    ("/interviewers/", "POST"): "405 405 405 405 405 405 405 405 405",
    ("/interviewers/load/", "GET"): "302 403 403 200 200 403 403 403 200",
    ("/interviewers/load/", "POST"): "302 405 405 405 405 405 405 405 405",
    ("/interviewers/<int:profile_id>/feed/new/", "GET"): "302 405 405 405 405 405 405 405 405",
    ("/interviewers/<int:profile_id>/feed/new/", "POST"): "302 302 404 403 403 404 404 404 302",
    ("/interviewers/<int:profile_id>/calendar/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/interviewers/<int:profile_id>/calendar/", "POST"): "302 302 404 403 403 404 404 404 302",
    ("/interviewers/<int:profile_id>/calendar/sync/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/interviewers/<int:profile_id>/calendar/sync/", "POST"): "302 400 404 403 403 404 404 404 400",
    # The calendar feed opens by its secret alone (no session): any other token is a 404 for everyone.
    ("/calendar/<str:token>/interviews.ics", "GET"): "404 404 404 404 404 404 404 404 404",
    ("/calendar/<str:token>/interviews.ics", "POST"): "405 405 405 405 405 405 405 405 405",
    ("/interviewers/<int:profile_id>/", "GET"): "302 200 404 200 200 404 404 404 200",
    ("/interviewers/<int:profile_id>/", "POST"): "405 405 405 405 405 405 405 405 405",
    ("/interviewers/<int:profile_id>/profile/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/interviewers/<int:profile_id>/profile/", "POST"): "302 400 404 400 400 404 404 404 400",
    ("/interviewers/<int:profile_id>/busy/add/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/interviewers/<int:profile_id>/busy/add/", "POST"): "302 400 404 400 400 404 404 404 400",
    ("/interviewers/<int:profile_id>/busy/<int:block_id>/remove/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/interviewers/<int:profile_id>/busy/<int:block_id>/remove/", "POST"): "302 302 404 302 302 404 404 404 302",
    ("/interviewers/<int:profile_id>/busy/import/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/interviewers/<int:profile_id>/busy/import/", "POST"): "302 400 404 400 400 404 404 404 400",
    ("/availability/<str:token>/", "GET"): "410 410 410 410 410 410 410 410 410",
    ("/availability/<str:token>/", "POST"): "410 410 410 410 410 410 410 410 410",
    ("/decisions/", "GET"): "302 200 200 200 200 200 200 200 200",
    ("/decisions/", "POST"): "302 200 200 200 200 200 200 200 200",
    ("/decisions/loops/<int:pk>/", "GET"): "302 404 404 200 404 200 200 200 200",
    ("/decisions/loops/<int:pk>/", "POST"): "405 405 405 405 405 405 405 405 405",
    ("/decisions/loops/<int:pk>/vote/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/decisions/loops/<int:pk>/vote/", "POST"): "302 404 404 403 404 403 400 400 403",
    ("/decisions/loops/<int:pk>/decide/", "GET"): "405 405 405 405 405 405 405 405 405",
    ("/decisions/loops/<int:pk>/decide/", "POST"): "302 404 404 403 404 403 403 400 403",
    ("/notifications/", "GET"): "302 200 200 200 200 200 200 200 200",
    ("/notifications/", "POST"): "302 200 200 200 200 200 200 200 200",
    ("/analytics/", "GET"): "302 403 403 200 200 200 200 200 200",
    ("/analytics/", "POST"): "302 403 403 200 200 200 200 200 200",
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module (each call is rolled back), emptied afterwards."""
    with django_db_blocker.unblock():
        built = authz_world.build()
    yield built
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def _entries() -> list[tuple[str, str]]:
    return [(route.key, method.upper()) for route in authz_routes.routes() for method in route.methods]


def test_every_route_and_method_has_an_entry_and_every_entry_a_route():
    """A new route (or method) must say here who may call it; a removed one must leave."""
    known = _entries()
    assert sorted(set(known) - set(MATRIX)) == []
    assert sorted(set(MATRIX) - set(known)) == []


ROUTES = {(route.key, method.upper()): (route, method) for route in authz_routes.routes() for method in route.methods}


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "method"), sorted(MATRIX))
def test_each_role_gets_the_status_the_matrix_says(world, path, method):
    """Every role, one route and method: the status, as the table says."""
    route, verb = ROUTES[(path, method)]
    expected = dict(zip(ROLES, MATRIX[(path, method)].split(), strict=True))
    got = {role: str(authz_routes.call(route, verb, world, role)[0]) for role in ROLES}
    assert got == expected


# Which side's rows each role's list holds (the other side's are foreign to it).
SIDES_SEEN = {
    "interviewer_on": {"home"},
    "interviewer_off": {"away"},
    "recruiter_of": {"home"},
    "recruiter_other": {"away"},
    "hiring_manager": {"home"},
    "member": {"home"},
    "chair": {"home"},
    "admin": {"home", "away"},
}
# Candidates and applications: recruiters, hiring managers and admins see every one (to find a person
# again, and to avoid two applications to one requisition); committee members and interviewers only theirs.
EVERYONE_FOR_PLANNERS = {
    **SIDES_SEEN,
    **dict.fromkeys(["recruiter_of", "recruiter_other", "hiring_manager"], {"home", "away"}),
}
LISTS = {
    "loops": ("loop", SIDES_SEEN),
    "interviews": ("interview", SIDES_SEEN),
    "applications": ("application", EVERYONE_FOR_PLANNERS),
    "candidates": ("candidate", EVERYONE_FOR_PLANNERS),
    "notifications": ("notification", {"interviewer_on": {"home"}, "interviewer_off": {"away"}}),
    "auth/tokens": ("token", {"interviewer_on": {"home"}, "interviewer_off": {"away"}}),
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(LISTS))
def test_lists_hold_no_foreign_rows(world, path):
    """Each role's list holds its own side's row and never the other side's."""
    key, seen = LISTS[path]
    for role in ROLES[1:]:
        client = APIClient()
        client.force_authenticate(world.people[role])
        ids = {row["id"] for row in client.get(f"/api/v1/{path}/?page_size=200").json()["results"]}
        sides = {name for name, side in (("home", world.home), ("away", world.away)) if side.ids[key] in ids}
        assert (role, sides) == (role, seen.get(role, set()))


@pytest.mark.django_db
def test_scorecard_lists_hold_only_what_the_sealed_feedback_rule_allows(world):
    """The interviewer who still owes feedback sees only their own draft; drafts are nobody else's to see."""
    home, away = world.home.ids, world.away.ids
    expected = {
        "interviewer_on": {home["draft"]},
        "interviewer_off": {away["draft"]},
        "recruiter_of": {home["scorecard"]},
        "recruiter_other": {away["scorecard"]},
        "hiring_manager": {home["scorecard"]},
        "member": {home["scorecard"]},
        "chair": {home["scorecard"]},
        "admin": {home["scorecard"], away["scorecard"]},
    }
    for role, ids in expected.items():
        client = APIClient()
        client.force_authenticate(world.people[role])
        got = {row["id"] for row in client.get("/api/v1/scorecards/?page_size=200").json()["results"]}
        assert (role, got) == (role, ids)


@pytest.mark.django_db
def test_the_admin_site_is_for_admins_only(world, client):
    """Every model's list in the Django admin: anyone but an admin is sent to the admin's sign-in."""
    pages = [reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist") for m in admin.site._registry]
    for role in ROLES:
        person = world.people[role]
        client.logout()
        if person is not None:
            client.force_login(person)
        for page in pages:
            status = client.get(page).status_code
            assert (role, page, status) == (role, page, 200 if role == "admin" else 302)


@pytest.mark.django_db
def test_mass_assignment_of_read_only_fields_changes_nothing(world):
    """Ids, owners, states and timestamps sent with a write are ignored, never stored."""
    home = world.home
    interviewer = world.people["interviewer_on"]
    admin_client = APIClient()
    admin_client.force_authenticate(world.people["admin"])
    own = APIClient()
    own.force_authenticate(interviewer)

    own.patch("/api/v1/me/", {"roles": ["admin"], "is_staff": True, "username": "root", "id": 1}, format="json")
    interviewer.refresh_from_db()
    interviewer.__dict__.pop("roles", None)
    assert (interviewer.is_staff, interviewer.username, interviewer.is_admin) == (False, interviewer.username, False)
    assert User.objects.filter(username="root").count() == 0

    draft = Scorecard.objects.get(pk=home.ids["draft"])
    own.patch(
        f"/api/v1/scorecards/{draft.pk}/",
        {
            "version": draft.version,
            "status": "submitted",
            "interviewer": world.people["chair"].pk,
            "submitted_at": "2020-01-01T00:00:00Z",
        },
        format="json",
    )
    draft.refresh_from_db()
    assert (draft.status, draft.interviewer_id, draft.submitted_at) == ("draft", interviewer.pk, None)

    candidate = Candidate.objects.get(pk=home.ids["candidate"])
    admin_client.patch(
        f"/api/v1/candidates/{candidate.pk}/",
        {"anonymized_at": "2020-01-01T00:00:00Z", "created_at": "2020-01-01T00:00:00Z", "id": 999},
        format="json",
    )
    candidate.refresh_from_db()
    assert candidate.anonymized_at is None
    assert candidate.created_at.year > 2020
    assert not Candidate.objects.filter(pk=999).exists()

    loop = Loop.objects.get(pk=home.ids["loop"])
    admin_client.post(f"/api/v1/loops/{loop.pk}/availability/", {"windows": [], "status": "decided"}, format="json")
    loop.refresh_from_db()
    assert loop.status == Loop.Status.AWAITING_FEEDBACK

    application = Application.objects.get(pk=home.ids["application"])
    admin_client.post(
        "/api/v1/applications/",
        {"candidate": application.candidate_id, "requisition": application.requisition_id, "id": application.pk},
        format="json",
    )
    assert Application.objects.get(pk=application.pk).stage == application.stage
