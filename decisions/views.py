"""Pages for the hiring committee: the decision queue and a loop's packet with votes and decision.

Thin: the same selectors and services as the API decide what is shown and what may be done.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.errors import ValidationFailed
from core.forms import form_add_errors
from decisions import engine, selectors, services
from decisions.codes import Outcome
from decisions.forms import DecisionForm, VoteForm
from decisions.models import Decision, Vote
from hiring import selectors as hiring_selectors
from interviews.models import Loop

VOTE_SAVED = "Your vote is recorded."
DECISION_SAVED = "Decision recorded: {outcome}. The application moved to {stage} and the loop is locked."


OUTCOME_LABELS = dict(Outcome.choices)
VOTE_LABELS = dict(Vote.Choice.choices)


DECIDED_PER_PAGE = 25


@login_required
def decision_queue(request: HttpRequest) -> HttpResponse:
    """Loops waiting for the committee, then the decided ones (most recent first, paged)."""
    rows = [
        {
            "loop": loop,
            "recommended": loop.recommended,
            "recommended_label": OUTCOME_LABELS.get(loop.recommended),
            "my_vote": VOTE_LABELS.get(loop.my_vote),
        }
        for loop in selectors.decision_queue(viewer=request.user)
    ]
    decided = Paginator(selectors.decided_list(viewer=request.user), DECIDED_PER_PAGE).get_page(
        request.GET.get("decided_page")
    )
    return render(request, "decisions/queue.html", {"rows": rows, "decided": decided})


def _loop_or_404(request: HttpRequest, pk: int) -> Loop:
    loop = selectors.loop_packet_list(viewer=request.user).filter(pk=pk).first()
    if loop is None:
        raise Http404
    return loop


# Where each field's error links to from the summary at the top of the packet page.
VOTE_ANCHORS = {"vote": "#id_vote_0", "comment": "#id_comment"}
DECISION_ANCHORS = {"outcome": "#id_outcome_0", "rationale": "#id_rationale"}


def _error_summary(form: forms.Form | None, anchors: dict[str, str], fallback: str) -> list[tuple[str, str]]:
    """(link, message) per error, for the summary at the top: the forms sit several screens down."""
    if form is None or not form.is_bound:
        return []
    return [(anchors.get(field, fallback), message) for field, messages in form.errors.items() for message in messages]


def _render_packet(
    request: HttpRequest,
    loop: Loop,
    *,
    vote_form: VoteForm | None = None,
    decision_form: DecisionForm | None = None,
    errors: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    packet = selectors.loop_packet(viewer=request.user, loop=loop)
    summary = list(errors or [])
    summary += _error_summary(vote_form, VOTE_ANCHORS, "#vote-form")
    summary += _error_summary(decision_form, DECISION_ANCHORS, "#decision-form")
    if vote_form is None:
        mine = packet.my_vote
        vote_form = VoteForm(initial={"vote": mine.vote, "comment": mine.comment} if mine else None)
    if decision_form is None:
        recommended = packet.recommendation.outcome
        decision_form = DecisionForm(
            initial={"outcome": recommended} if recommended in Decision.Choice.values else None
        )
    context = {
        "packet": packet,
        "loop": loop,
        "candidate": packet.candidate_view,
        "recommendation": packet.recommendation,
        "outcome_label": OUTCOME_LABELS[packet.recommendation.outcome],
        "vote_form": vote_form,
        "decision_form": decision_form,
        "error_summary": summary,
        # Links out of the packet, each only where the viewer may follow it.
        "candidate_page": hiring_selectors.candidate_list(viewer=request.user)
        .filter(pk=loop.application.candidate_id)
        .exists(),
        "requisition_page": hiring_selectors.requisition_list(viewer=request.user)
        .filter(pk=loop.application.requisition_id)
        .exists(),
        "missing": [r for r in packet.recommendation.reasons if r.code == engine.MISSING_ROUND],
    }
    return render(request, "decisions/packet.html", context, status=status)


@require_GET
@login_required
def loop_packet(request: HttpRequest, pk: int) -> HttpResponse:
    """The packet. Its vote and decision forms post to their own small views: a successful post
    redirects back here (post/redirect/get); a refused one shows the packet again with the typed
    values, the errors beside the fields and a summary at the top linking to them."""
    return _render_packet(request, _loop_or_404(request, pk))


@require_POST
@login_required
def loop_vote(request: HttpRequest, pk: int) -> HttpResponse:
    """A committee member's vote (again to change it)."""
    loop = _loop_or_404(request, pk)
    services.vote_require_voter(loop=loop, voter=request.user)
    form = VoteForm(request.POST)
    if form.is_valid():
        try:
            services.vote_cast(loop=loop, voter=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, VOTE_SAVED)
            return redirect(reverse("decisions:packet", args=[loop.pk]) + "#votes")
    return _render_packet(request, loop, vote_form=form, status=400)


@require_POST
@login_required
def loop_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair records the final decision."""
    loop = _loop_or_404(request, pk)
    services.decision_require_chair(loop=loop, actor=request.user)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            recorded = services.decision_record(loop=loop, actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            form_add_errors(form, exc)
        else:
            stage = recorded.loop.application.get_stage_display().lower()
            messages.success(
                request, DECISION_SAVED.format(outcome=recorded.get_outcome_display().lower(), stage=stage)
            )
            return redirect(reverse("decisions:packet", args=[loop.pk]) + "#decision")
    return _render_packet(request, loop, decision_form=form, status=400)
