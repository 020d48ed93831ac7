"""The interviewer's pages: my interviews, and the interview kit with its scorecard form."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.errors import StaleVersion, ValidationFailed
from core.pagination import page_number
from interviews import bars, selectors, services
from interviews.codes import FeedbackState
from interviews.models import RoundType, Scorecard
from interviews.scheduling import services as scheduling_services

STALE_PAGE_MESSAGE = (
    "This scorecard was saved elsewhere (another tab?) after you opened it. Nothing you typed is lost: "
    "your text is in the form, and the version that was saved is shown beside it. Review, then save again."
)
SCORE_NOT_UNDERSTOOD = "{name}: choose one of the options."
SAVED = "Draft saved."
DRAFT_KEPT = "Your draft is saved; fix the points below, then submit."
SUBMITTED = "Scorecard submitted. Other interviewers' feedback on this loop is now shown below."
AMENDED = "Amendment saved as revision {number}."
GROUP_TITLES = {
    FeedbackState.OVERDUE: "Feedback overdue",
    FeedbackState.DUE: "Feedback due",
    FeedbackState.UPCOMING: "Upcoming",
    FeedbackState.SUBMITTED: "Submitted",
    FeedbackState.CANCELLED: "Cancelled",
}
NO_SCORECARD = "You have no scorecard on this interview; only its interviewers write one."


@login_required
def my_interviews(request: HttpRequest) -> HttpResponse:
    mine = selectors.my_interviews(viewer=request.user, page=page_number(request))
    groups = [(GROUP_TITLES[state], [r for r in mine.rows if r.state == state]) for state in selectors.STATE_ORDER]
    return render(
        request, "interviews/my_interviews.html", {"groups": groups, "has_any": bool(mine.rows), "mine": mine}
    )


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
    for name, anchor in FIELD_ANCHORS.items():
        links += [(m, anchor) for m in field_errors.get(name, [])]
    links += [(m, "scorecard") for m in field_errors.get("status", []) + field_errors.get("ratings", [])]
    return links


@dataclass
class _KitForm:
    """What the scorecard form shows: the values, the problems beside each field, and (after a stale
    write) the version saved elsewhere beside what the person typed."""

    values: dict
    field_errors: dict[str, list[str]] = field(default_factory=dict)
    competency_errors: dict[int, list[str]] = field(default_factory=dict)
    saved_elsewhere: dict | None = None


@dataclass
class _Attempt:
    """One post of the scorecard form: what it changes, at which version; whether the draft got saved."""

    changes: dict
    version: int
    reason: str = ""
    draft_saved: bool = False


@require_GET
@login_required
def interview_kit(request: HttpRequest, interview_id: int) -> HttpResponse:
    """The kit: the round, the rubric with its anchors, the viewer's scorecard and (once theirs is in)
    the others' feedback. 404 unless the viewer may see the interview's loop."""
    kit = selectors.interview_kit(viewer=request.user, interview_id=interview_id)
    amending = request.GET.get("amend") == "1"
    return _render_kit(request, kit, _KitForm(values=_values_from_scorecard(kit.scorecard)), amending=amending)


@require_POST
@login_required
def scorecard_save(request: HttpRequest, interview_id: int) -> HttpResponse:
    """Save the draft (version-checked)."""
    return _kit_post(request, interview_id, _save)


@require_POST
@login_required
def scorecard_submit(request: HttpRequest, interview_id: int) -> HttpResponse:
    """Save the draft first, so a refused submit never loses text, then submit it."""
    return _kit_post(request, interview_id, _submit)


@require_POST
@login_required
def scorecard_amend(request: HttpRequest, interview_id: int) -> HttpResponse:
    """Amend a submitted scorecard with a reason: a new revision."""
    return _kit_post(request, interview_id, _amend)


def _save(request: HttpRequest, scorecard: Scorecard, attempt: _Attempt) -> str:
    services.scorecard_update_draft(
        scorecard=scorecard, actor=request.user, version=attempt.version, changes=attempt.changes
    )
    return SAVED


def _submit(request: HttpRequest, scorecard: Scorecard, attempt: _Attempt) -> str:
    saved = services.scorecard_update_draft(
        scorecard=scorecard, actor=request.user, version=attempt.version, changes=attempt.changes
    )
    attempt.version, attempt.draft_saved = saved.version, True
    services.scorecard_submit(scorecard=scorecard, actor=request.user, version=attempt.version)
    return SUBMITTED


def _amend(request: HttpRequest, scorecard: Scorecard, attempt: _Attempt) -> str:
    amended = services.scorecard_amend(
        scorecard=scorecard, actor=request.user, reason=attempt.reason, changes=attempt.changes, version=attempt.version
    )
    return AMENDED.format(number=amended.revisions.count())


def _kit_post(request: HttpRequest, interview_id: int, write) -> HttpResponse:
    """Read the form, let `write` call the service; redirect on success, else the kit with the problems."""
    kit = selectors.interview_kit(viewer=request.user, interview_id=interview_id)
    if kit.scorecard is None:
        raise PermissionDenied(NO_SCORECARD)
    changes, parse_errors = _form_changes(request.POST, kit.competencies)
    attempt = _Attempt(changes, _posted_version(request, kit.scorecard), reason=request.POST.get("reason", ""))
    try:
        if parse_errors:
            raise ValidationFailed({"ratings": list(parse_errors.values())})
        message = write(request, kit.scorecard, attempt)
    except StaleVersion as exc:
        form, status = _stale_form(kit.scorecard, attempt, exc), 409
    except ValidationFailed as exc:
        form, status = _refused_form(attempt, exc, parse_errors), 400
    else:
        messages.success(request, message)
        return redirect(reverse("interviews:kit", args=[interview_id]) + "#scorecard")
    if write is _amend:
        form.values["reason"] = attempt.reason
    return _render_kit(request, kit, form, status=status, amending=write is _amend)


def _posted_version(request: HttpRequest, scorecard: Scorecard) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return scorecard.version


def _stale_form(scorecard: Scorecard, attempt: _Attempt, exc: StaleVersion) -> _KitForm:
    saved = _values_from_scorecard(Scorecard.objects.prefetch_related("ratings").get(pk=scorecard.pk))
    return _KitForm(
        values=_values_from_changes(attempt.changes, exc.current_version),
        field_errors={"non_field_errors": [STALE_PAGE_MESSAGE]},
        saved_elsewhere=saved,
    )


def _refused_form(attempt: _Attempt, exc: ValidationFailed, parse_errors: dict[int, str]) -> _KitForm:
    form = _KitForm(values=_values_from_changes(attempt.changes, attempt.version))
    for problem in exc.details:
        if problem.competency is not None:
            form.competency_errors.setdefault(problem.competency, []).append(problem.message)
        else:
            form.field_errors.setdefault(problem.field, []).append(problem.message)
    if not exc.details:
        form.field_errors = dict(exc.errors)
    elif attempt.draft_saved:
        form.field_errors.setdefault("draft_saved", []).append(DRAFT_KEPT)
    for cid, message in parse_errors.items():
        form.competency_errors.setdefault(cid, []).append(message)
    return form


def _render_kit(
    request: HttpRequest, kit, form: _KitForm, *, status: int = 200, amending: bool = False
) -> HttpResponse:
    """The kit with the form in `form`. A submitted scorecard reads as text with an Amend button, unless
    `amending` (the amendment form, from that button or a refused amendment)."""
    below = bars.below_bar(
        scores={cid: rating.get("score") for cid, rating in form.values["ratings"].items()}, specs=kit.bar_specs
    )
    below_by_id = {item.competency: item for item in below}
    rows = []
    for competency in kit.competencies:
        current = form.values["ratings"].get(competency.id, {})
        saved = form.saved_elsewhere["ratings"].get(competency.id, {}) if form.saved_elsewhere else None
        spec = kit.bar_specs.get(competency.id)
        rows.append(
            {
                "competency": competency,
                "bar": bars.fmt(spec.bar) if spec else None,
                "bar_value": float(spec.bar) if spec else None,
                "below_template": bars.below_message(spec, "{score}") if spec else "",
                "held": bool(spec and spec.held),
                "below": below_by_id.get(competency.id),
                "anchor": competency.anchors.get(str(current.get("score"))) if current.get("score") else None,
                "score": current.get("score"),
                # A stored rating without a score is "not assessed"; a fresh form has nothing chosen.
                "not_assessed": competency.id in form.values["ratings"] and current.get("score") is None,
                "evidence": current.get("evidence", ""),
                "errors": form.competency_errors.get(competency.id, []),
                "saved": saved,
            }
        )
    context = {
        "kit": kit,
        "interview": kit.interview,
        "candidate": kit.interview.loop.application.candidate,
        "rows": rows,
        "below_bar": below,
        "reading": kit.scorecard is not None and kit.scorecard.status == Scorecard.Status.SUBMITTED and not amending,
        "overall_label": dict(Scorecard.Overall.choices).get(form.values.get("overall", "")),
        "values": form.values,
        "errors": form.field_errors,
        "saved_elsewhere": form.saved_elsewhere,
        "is_depth": kit.interview.round_type.code == RoundType.Code.DEPTH,
        "overall_choices": Scorecard.Overall.choices,
        "score_points": ["1", "2", "3", "4"],
        "error_count": sum(len(v) for k, v in form.field_errors.items() if k != "draft_saved")
        + sum(len(v) for v in form.competency_errors.values()),
        "error_links": _error_links(kit.competencies, form.field_errors, form.competency_errors),
        "can_decline": not scheduling_services.interview_decline_refusal(viewer=request.user, interview=kit.interview),
    }
    return render(request, "interviews/kit.html", context, status=status)
