"""Sealed feedback holds on every path: someone who still owes a scorecard on a loop sees nothing derived
from anyone else's feedback on it — whatever other roles they hold — in any API response or page."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from decisions.codes import Trigger
from decisions.models import Decision
from decisions.notifications import notify_decision_recorded, notify_loop_ready_for_committee, recruiter_digests_send
from decisions.services import loop_recommendation_refresh
from interviews.models import Loop, Rating, Scorecard
from notifications.models import Notification
from tests.decisions import factories as f
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Written only into the colleagues' submitted scorecards: none may reach the sealed interviewer.
MARKERS = ["EVIDENCE-ZQX", "SUMMARY-ZQX", "JERK-ZQX", "FORCEFIT-ZQX"]
# What the recommendation says about those scorecards (its reasons quote them or name their verdicts).
DERIVED = ["raised the brilliant-jerk flag", "recommends strong no after", "is concerned the candidate is being"]


def _sealed_world():
    """A loop where two colleagues submitted (a jerk flag, a strong no, a force-fit concern) and the
    sealed person — its requisition's hiring manager, recruiter and committee member too — still owes
    their ML-coding scorecard. The recommendation has been computed and stored."""
    loop = f.loop(rounds=["overview", "ml_coding", "breadth", "depth"])
    sealed = UserFactory(roles=["interviewer", "recruiter", "hiring_manager", "committee"])
    requisition = loop.application.requisition
    requisition.recruiters.add(sealed)
    requisition.hiring_manager = sealed
    requisition.save()
    requisition.committee.members.add(sealed)
    f.submit(f.interview(loop, "overview"), jerk=True)
    f.submit(f.interview(loop, "breadth"), overall="strong_no")
    f.submit(f.interview(loop, "depth"), force_fit=True)
    Rating.objects.filter(scorecard__interview__loop=loop).update(evidence="EVIDENCE-ZQX seen.")
    Scorecard.objects.filter(interview__loop=loop).update(
        summary="SUMMARY-ZQX.", jerk_evidence="JERK-ZQX mocked a colleague.", force_fit_evidence="FORCEFIT-ZQX."
    )
    Scorecard.objects.filter(interview__loop=loop, brilliant_jerk=False).update(jerk_evidence="")
    own = f.draft(f.interview(loop, "ml_coding"), interviewer=sealed)
    loop_recommendation_refresh(loop=loop, trigger=Trigger.SCORECARD_SUBMITTED)
    loop.refresh_from_db()
    return loop, sealed, own


def _routes(resolver: URLResolver | None = None, prefix: str = ""):
    """Every URL pattern of the project as a regex over the whole path (the admin and static files aside)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        regex = prefix + entry.pattern.regex.pattern.lstrip("^").rstrip("$").replace("\\Z", "")
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            yield from _routes(entry, regex)
        elif isinstance(entry, URLPattern):
            yield regex


def _fill(route: str, ids: dict[str, object]) -> str | None:
    """The route with each named group replaced by the id of the matching object (by the path segment
    before it), or None when a group names nothing this test has."""

    def value(match: re.Match) -> str:
        segment = route[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        # A named group says what it is (`interview_id`); a bare `pk` is the segment's (`/candidates/<pk>/`).
        name = match.group(1)
        found = (ids.get(name) if name != "pk" else None) or ids.get(segment) or ids.get(name)
        if found is None:
            raise LookupError(match.group(1))
        return str(found)

    try:
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", value, route)
    except LookupError:
        return None
    path = re.sub(r"\\\.|\(\?P<format>[^)]*\)", "", path).replace("\\", "")
    return "/" + path if "(" not in path and "[" not in path else None


def _ids(loop: Loop, sealed, own: Scorecard) -> dict[str, object]:
    colleague_card = Scorecard.objects.filter(interview__loop=loop, status="submitted").first()
    application = loop.application
    return {
        "loops": loop.pk,
        "loop_id": loop.pk,
        "interviews": colleague_card.interview_id,
        "interview_id": own.interview_id,
        "scorecards": colleague_card.pk,
        "candidates": application.candidate_id,
        "applications": application.pk,
        "application_id": application.pk,
        "requisitions": application.requisition_id,
        "committees": application.requisition.committee_id,
        "users": colleague_card.interviewer_id,
        "interviewers": sealed.interviewer_profile.pk if hasattr(sealed, "interviewer_profile") else 1,
        "profile_id": sealed.interviewer_profile.pk if hasattr(sealed, "interviewer_profile") else 1,
        "pk": loop.pk,
    }


def test_no_page_or_api_response_shows_others_feedback_to_someone_who_owes_theirs(client):
    """Walk every route of the URL resolver (API and pages) with the loop's ids: no marker of the
    colleagues' scorecards and no reason derived from them appears anywhere."""
    loop, sealed, own = _sealed_world()
    client.force_login(sealed)
    ids = _ids(loop, sealed, own)
    seen: dict[str, int] = {}
    for route in _routes():
        path = _fill(route, ids)
        if path is None or path in seen:
            continue
        response = client.get(path)
        seen[path] = response.status_code
        body = response.content.decode(errors="replace")
        leaked = [text for text in MARKERS + DERIVED if text in body]
        assert leaked == [], f"{path} ({response.status_code}) shows {leaked}"
    # The walk reached what matters, and those answered (not just refusals everywhere).
    for path in (
        f"/api/v1/loops/{loop.pk}/",
        "/api/v1/loops/",
        "/api/v1/scorecards/",
        f"/loops/{loop.pk}/",
        f"/interviews/{own.interview_id}/kit/",
        f"/candidates/{loop.application.candidate_id}/",
        "/",
    ):
        assert seen.get(path) == 200, (path, seen.get(path))
    for path in (f"/api/v1/loops/{loop.pk}/recommendation/", f"/api/v1/loops/{loop.pk}/packet/"):
        assert seen.get(path) == 404, (path, seen.get(path))
    assert len(seen) > 60


def test_the_loop_api_leaves_the_recommendation_out_until_the_viewer_has_submitted(api):
    """`recommendation` is null in GET loops/ and loops/{id}/ for them, and there once their own is in."""
    loop, sealed, own = _sealed_world()
    api.force_authenticate(sealed)
    assert api.get(f"/api/v1/loops/{loop.pk}/").json()["recommendation"] is None
    listed = {row["id"]: row for row in api.get("/api/v1/loops/").json()["results"]}
    assert listed[loop.pk]["recommendation"] is None
    Scorecard.objects.filter(pk=own.pk).update(status="submitted", overall="yes", submitted_at=loop.created_at)
    shown = api.get(f"/api/v1/loops/{loop.pk}/").json()["recommendation"]
    assert shown["outcome"] == loop.latest_recommendation["outcome"]
    assert "brilliant_jerk" in {reason["code"] for reason in shown["reasons"]}


def test_messages_derived_from_the_feedback_skip_whoever_still_owes_theirs():
    """Ready for committee, decision recorded and the digest's items leave them out; others still get them."""
    loop, sealed, _ = _sealed_world()
    committee = loop.application.requisition.committee
    other_member = committee.members.exclude(pk=sealed.pk).first()
    notify_loop_ready_for_committee(loop=loop)
    ready = Notification.objects.filter(kind="loop_ready_for_committee")
    assert set(ready.values_list("recipient_id", flat=True)) == set(
        committee.members.exclude(pk=sealed.pk).values_list("pk", flat=True)
    )
    assert other_member.pk in set(ready.values_list("recipient_id", flat=True))
    decision = Decision.objects.create(loop=loop, outcome="no_hire", decided_by=committee.chair)
    notify_decision_recorded(decision=decision)
    assert not Notification.objects.filter(kind="decision_recorded", recipient=sealed).exists()
    Loop.objects.filter(pk=loop.pk).update(status=Loop.Status.READY_FOR_REVIEW)
    recruiter_digests_send()
    digest = Notification.objects.filter(kind="daily_digest", recipient=sealed).first()
    assert digest is None or loop.application.candidate.name not in digest.body


def test_home_counts_leave_out_loops_whose_feedback_is_sealed(client):
    """The ready-for-review and overdue counts of someone who owes a scorecard skip that loop."""
    loop, sealed, _ = _sealed_world()
    Loop.objects.filter(pk=loop.pk).update(status=Loop.Status.READY_FOR_REVIEW)
    client.force_login(sealed)
    context = client.get("/").context
    assert context["ready_for_review"] == 0
    assert context["overdue_scorecards"] == 0
