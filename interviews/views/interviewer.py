"""The interviewer's pages: my interviews, and the interview kit with its scorecard form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from core.errors import NotFound, PermissionDenied, StaleVersion, ValidationFailed
from interviews import selectors, services
from interviews.models import RoundType, Scorecard

STALE_PAGE_MESSAGE = (
    "This scorecard was saved elsewhere (another tab?) after you opened it. Nothing you typed is lost: "
    "your text is in the form, and the version that was saved is shown beside it. Review, then save again."
)
SCORE_NOT_UNDERSTOOD = "{name}: choose one of the options."
SAVED = "Draft saved."
DRAFT_KEPT = "Your draft is saved; fix the points below, then submit."
SUBMITTED = "Scorecard submitted. Other interviewers' feedback on this loop is now shown below."
AMENDED = "Amendment saved as revision {number}."


@login_required
def my_interviews(request: HttpRequest) -> HttpResponse:
    rows = selectors.my_interviews(viewer=request.user)
    groups = [
        ("Feedback overdue", [r for r in rows if r.state == "overdue"]),
        ("Feedback due", [r for r in rows if r.state == "due"]),
        ("Upcoming", [r for r in rows if r.state == "upcoming"]),
        ("Submitted", [r for r in rows if r.state == "submitted"]),
        ("Cancelled", [r for r in rows if r.state == "cancelled"]),
    ]
    return render(request, "interviews/my_interviews.html", {"groups": groups, "has_any": bool(rows)})


def _form_changes(post, competencies) -> tuple[dict, dict[int, str]]:
    """Read the scorecard form. Returns the changes and per-competency parse errors."""
    ratings, errors = [], {}
    for competency in competencies:
        raw = post.get(f"score_{competency.id}", "")
        evidence = post.get(f"evidence_{competency.id}", "")
        if raw == "" and not evidence.strip():
            continue  # nothing chosen or written yet; "Not assessed" is an explicit choice ("na")
        if raw in {"", "na"}:
            score = None
        elif raw in {"1", "2", "3", "4"}:
            score = int(raw)
        else:
            errors[competency.id] = SCORE_NOT_UNDERSTOOD.format(name=competency.name)
            continue
        ratings.append({"competency": competency.id, "score": score, "evidence": evidence})
    changes = {
        "ratings": ratings,
        "overall": post.get("overall", "") if post.get("overall", "") in Scorecard.Overall.values else "",
        "summary": post.get("summary", ""),
        "brilliant_jerk": post.get("brilliant_jerk") == "on",
        "jerk_evidence": post.get("jerk_evidence", ""),
        "force_fit_concern": post.get("force_fit_concern") == "on",
        "force_fit_evidence": post.get("force_fit_evidence", ""),
    }
    return changes, errors


def _values_from_scorecard(scorecard: Scorecard | None) -> dict:
    if scorecard is None:
        return {"ratings": {}}
    return {
        "ratings": {r.competency_id: {"score": r.score, "evidence": r.evidence} for r in scorecard.ratings.all()},
        "overall": scorecard.overall,
        "summary": scorecard.summary,
        "brilliant_jerk": scorecard.brilliant_jerk,
        "jerk_evidence": scorecard.jerk_evidence,
        "force_fit_concern": scorecard.force_fit_concern,
        "force_fit_evidence": scorecard.force_fit_evidence,
        "version": scorecard.version,
    }


def _values_from_changes(changes: dict, version) -> dict:
    values = dict(changes, version=version)
    values["ratings"] = {r["competency"]: {"score": r["score"], "evidence": r["evidence"]} for r in changes["ratings"]}
    return values


FIELD_ANCHORS = {
    "overall": "overall",
    "summary": "summary",
    "jerk_evidence": "jerk_evidence",
    "force_fit_evidence": "force_fit_evidence",
    "force_fit_concern": "force_fit_evidence",
    "reason": "reason",
}


def _error_links(competencies, field_errors: dict, competency_errors: dict) -> list[tuple[str, str]]:
    """Every problem with the id of the input it is about, in the order of the form."""
    links = [(m, f"competency-{c.id}") for c in competencies for m in competency_errors.get(c.id, [])]
    for field, anchor in FIELD_ANCHORS.items():
        links += [(m, anchor) for m in field_errors.get(field, [])]
    links += [(m, "scorecard") for m in field_errors.get("status", []) + field_errors.get("ratings", [])]
    return links


@login_required
def interview_kit(request: HttpRequest, interview_id: int) -> HttpResponse:
    try:
        kit = selectors.interview_kit(viewer=request.user, interview_id=interview_id)
    except NotFound:
        raise Http404() from None
    values = _values_from_scorecard(kit.scorecard)
    field_errors: dict[str, list[str]] = {}
    competency_errors: dict[int, list[str]] = {}
    saved_elsewhere = None
    status = 200

    if request.method == "POST" and kit.scorecard is not None:
        changes, parse_errors = _form_changes(request.POST, kit.competencies)
        intent = request.POST.get("intent", "save")
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = kit.scorecard.version
        try:
            if parse_errors:
                raise ValidationFailed({"ratings": list(parse_errors.values())})
            if intent == "amend":
                scorecard = services.scorecard_amend(
                    scorecard=kit.scorecard,
                    actor=request.user,
                    reason=request.POST.get("reason", ""),
                    changes=changes,
                    version=version,
                )
                messages.success(request, AMENDED.format(number=scorecard.revisions.count()))
            elif intent == "submit":
                # Keep the text first: if the scorecard is not complete yet, the draft is still saved.
                saved = services.scorecard_update_draft(
                    scorecard=kit.scorecard, actor=request.user, version=version, changes=changes
                )
                version = saved.version
                services.scorecard_submit(scorecard=kit.scorecard, actor=request.user, version=version)
                messages.success(request, SUBMITTED)
            else:
                services.scorecard_update_draft(
                    scorecard=kit.scorecard, actor=request.user, version=version, changes=changes
                )
                messages.success(request, SAVED)
            return redirect(reverse("interviews:kit", args=[interview_id]) + "#scorecard")
        except StaleVersion as exc:
            saved_elsewhere = _values_from_scorecard(
                Scorecard.objects.prefetch_related("ratings").get(pk=kit.scorecard.pk)
            )
            values = _values_from_changes(changes, exc.current_version)
            field_errors = {"non_field_errors": [STALE_PAGE_MESSAGE]}
            status = 409
        except ValidationFailed as exc:
            values = _values_from_changes(changes, version)
            for problem in exc.details:
                if problem.competency is not None:
                    competency_errors.setdefault(problem.competency, []).append(problem.message)
                else:
                    field_errors.setdefault(problem.field, []).append(problem.message)
            if not exc.details:
                field_errors = exc.errors
            elif intent == "submit" and version != kit.scorecard.version:
                field_errors.setdefault("draft_saved", []).append(DRAFT_KEPT)
            for cid, message in parse_errors.items():
                competency_errors.setdefault(cid, []).append(message)
            status = 400
        except PermissionDenied as exc:
            field_errors = {"non_field_errors": [exc.message]}
            status = 403
        if intent == "amend":
            values["reason"] = request.POST.get("reason", "")

    rows = []
    for competency in kit.competencies:
        current = values["ratings"].get(competency.id, {})
        saved = saved_elsewhere["ratings"].get(competency.id, {}) if saved_elsewhere else None
        rows.append(
            {
                "competency": competency,
                "score": current.get("score"),
                # A stored rating without a score is "not assessed"; a fresh form has nothing chosen.
                "not_assessed": competency.id in values["ratings"] and current.get("score") is None,
                "evidence": current.get("evidence", ""),
                "errors": competency_errors.get(competency.id, []),
                "saved": saved,
            }
        )
    context = {
        "kit": kit,
        "interview": kit.interview,
        "candidate": kit.interview.loop.application.candidate,
        "rows": rows,
        "values": values,
        "errors": field_errors,
        "saved_elsewhere": saved_elsewhere,
        "is_depth": kit.interview.round_type.code == RoundType.Code.DEPTH,
        "overall_choices": Scorecard.Overall.choices,
        "score_points": ["1", "2", "3", "4"],
        "error_count": sum(len(v) for k, v in field_errors.items() if k != "draft_saved")
        + sum(len(v) for v in competency_errors.values()),
        "error_links": _error_links(kit.competencies, field_errors, competency_errors),
    }
    return render(request, "interviews/kit.html", context, status=status)
