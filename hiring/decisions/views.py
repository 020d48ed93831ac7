"""Pages for the hiring committee: the decision queue and a loop's packet with votes and decision.

Thin: the same selectors and services as the API decide what is shown and what may be done.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import PermissionDenied, ValidationFailed
from hiring import decision
from hiring.decisions import selectors, services
from hiring.decisions.forms import DecisionForm, VoteForm
from hiring.models import Decision, Outcome, Vote
from interviews.models import Loop

VOTE_SAVED = "Your vote is recorded."
DECISION_SAVED = "Decision recorded: {outcome}. The application moved to {stage} and the loop is locked."


OUTCOME_LABELS = dict(Outcome.choices)
VOTE_LABELS = dict(Vote.Choice.choices)


@login_required
def decision_queue(request: HttpRequest) -> HttpResponse:
    rows = [
        {
            "loop": loop,
            "recommended": loop.recommended,
            "recommended_label": OUTCOME_LABELS.get(loop.recommended),
            "my_vote": VOTE_LABELS.get(loop.my_vote),
        }
        for loop in selectors.decision_queue(viewer=request.user)
    ]
    return render(request, "hiring/decisions/queue.html", {"rows": rows})


def _loop_or_404(request: HttpRequest, pk: int) -> Loop:
    loop = selectors.loop_packet_list(viewer=request.user).filter(pk=pk).first()
    if loop is None:
        raise Http404
    return loop


def _render_packet(
    request: HttpRequest,
    loop: Loop,
    *,
    vote_form: VoteForm | None = None,
    decision_form: DecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    packet = selectors.loop_packet(viewer=request.user, loop=loop)
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
        "missing": [r for r in packet.recommendation.reasons if r.code == decision.MISSING_ROUND],
        "no_votes_message": services.NO_VOTES_YET,
    }
    return render(request, "hiring/decisions/packet.html", context, status=status)


@login_required
def loop_packet(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_packet(request, _loop_or_404(request, pk))


def _attach(form: forms.Form, exc: ValidationFailed) -> None:
    """Put the service's reasons beside the fields they are about."""
    for field, reasons in exc.errors.items():
        for reason in reasons:
            form.add_error(field if field in form.fields else None, reason)


@login_required
@require_POST
def loop_vote(request: HttpRequest, pk: int) -> HttpResponse:
    loop = _loop_or_404(request, pk)
    form = VoteForm(request.POST)
    if form.is_valid():
        try:
            services.vote_cast(loop=loop, voter=request.user, **form.cleaned_data)
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except ValidationFailed as exc:
            _attach(form, exc)
        else:
            messages.success(request, VOTE_SAVED)
            return redirect(reverse("hiring:decision-packet", args=[loop.pk]) + "#votes")
    return _render_packet(request, loop, vote_form=form, status=400)


@login_required
@require_POST
def loop_decide(request: HttpRequest, pk: int) -> HttpResponse:
    loop = _loop_or_404(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            recorded = services.decision_record(loop=loop, actor=request.user, **form.cleaned_data)
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except ValidationFailed as exc:
            _attach(form, exc)
        else:
            stage = recorded.loop.application.get_stage_display().lower()
            messages.success(
                request, DECISION_SAVED.format(outcome=recorded.get_outcome_display().lower(), stage=stage)
            )
            return redirect(reverse("hiring:decision-packet", args=[loop.pk]) + "#decision")
    return _render_packet(request, loop, decision_form=form, status=400)
