"""The recruiter's pages: the pipeline and the loop builder (the loop page is views/loop.py)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import ADMIN, HIRING_MANAGER, RECRUITER
from core.errors import ValidationFailed
from core.forms import error_messages
from interviews.models import LoopTemplate
from interviews.scheduling import selectors, services

LOOP_CREATED = "Loop created with {count} rounds. Next: the candidate's availability."


def _require_staff(request: HttpRequest) -> None:
    if not request.user.has_role(ADMIN, RECRUITER, HIRING_MANAGER):
        raise PermissionDenied


@login_required
def pipeline(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    columns = selectors.pipeline(viewer=request.user)
    return render(request, "interviews/recruiter/pipeline.html", {"columns": columns})


class LoopBuildForm(forms.Form):
    template = forms.ModelChoiceField(queryset=LoopTemplate.objects.none(), label="Loop template")

    def __init__(self, *args, templates, optional_rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["skip_rounds"] = forms.MultipleChoiceField(
            label="Leave out these optional rounds",
            required=False,
            choices=optional_rounds,
            widget=forms.CheckboxSelectMultiple,
        )


@login_required
def loop_build(request: HttpRequest, application_id: int) -> HttpResponse:
    """Create a loop for an application from a template, with optional rounds toggled off."""
    application = selectors.application_list_for_loops(viewer=request.user).filter(pk=application_id).first()
    if application is None:
        raise Http404()
    templates = LoopTemplate.objects.filter(is_active=True).prefetch_related("rounds__round_type")
    requisition = application.requisition
    matching = templates.filter(role_family=requisition.role_family, level=requisition.level).first()
    # Each optional round with the templates it is optional in: the page shows a round only for the chosen
    # template (static/js/loop_build.js), and the service refuses one the template does not have.
    optional_in: dict[tuple[str, str], list[int]] = {}
    for template in templates:
        for r in template.rounds.all():
            if not r.required:
                optional_in.setdefault((r.round_type.code, r.round_type.name), []).append(template.pk)
    optional = sorted(optional_in, key=lambda item: item[1])
    form = LoopBuildForm(
        request.POST or None,
        templates=templates,
        optional_rounds=optional,
        initial={"template": matching.pk if matching else None},
    )
    errors: list[str] = []
    # The one rule (application_loop_buildable_ids), said before anyone fills the form in.
    closed = application.pk not in selectors.application_loop_buildable_ids(
        viewer=request.user, application_ids=[application.pk]
    )
    if closed:
        errors = [services.why_no_loop(application)]
    elif request.method == "POST" and form.is_valid():
        try:
            loop = services.loop_create(
                application_id=application.pk,
                template_id=form.cleaned_data["template"].pk,
                skip_rounds=form.cleaned_data["skip_rounds"],
                actor=request.user,
            )
        except ValidationFailed as exc:
            errors = error_messages(exc)
        else:
            messages.success(request, LOOP_CREATED.format(count=loop.interviews.count()))
            return redirect("interviews:loop", loop_id=loop.pk)
    return render(
        request,
        "interviews/recruiter/loop_build.html",
        {
            "application": application,
            "form": form,
            "errors": errors,
            "templates": templates,
            "closed": closed,
            "skip_choices": [
                (choice, " ".join(str(pk) for pk in optional_in[item]))
                for choice, item in zip(form["skip_rounds"], optional, strict=True)
            ],
        },
        status=400 if request.method == "POST" and (closed or errors or not form.is_valid()) else 200,
    )


FEEDBACK_BOARD_PER_PAGE = 50
NUDGED = "Nudged {names}: each gets an e-mail with a link to their scorecard."


def _board(request: HttpRequest, *, errors: list[str] = (), status: int = 200) -> HttpResponse:
    if not selectors.loops_can_build(viewer=request.user):
        raise PermissionDenied
    now = timezone.now()
    overdue_only = (request.GET.get("show") or request.POST.get("show")) == "overdue"
    board = selectors.feedback_board(viewer=request.user, now=now, overdue_only=overdue_only)
    page = Paginator(board, FEEDBACK_BOARD_PER_PAGE).get_page(request.GET.get("page"))
    rows = [selectors.owed_scorecard(scorecard, now=now) for scorecard in page.object_list]
    context = {
        "rows": rows,
        "page": page,
        "overdue_only": overdue_only,
        "errors": errors,
        "refused": request.session.pop("nudge_refused", []),
    }
    return render(request, "interviews/recruiter/feedback_board.html", context, status=status)


@login_required
@require_safe
def feedback_board(request: HttpRequest) -> HttpResponse:
    """Scorecards still owed across the recruiter's loops, the longest waiting first, with nudges."""
    return _board(request)


@login_required
@require_POST
def feedback_nudge(request: HttpRequest) -> HttpResponse:
    """One nudge (a row's button) or several (the ticked rows): what was sent, and why others were not."""
    if not selectors.loops_can_build(viewer=request.user):
        raise PermissionDenied
    chosen = [request.POST["one"]] if request.POST.get("one") else request.POST.getlist("scorecards")
    try:
        result = services.scorecard_nudge(actor=request.user, scorecard_ids=chosen)
    except ValidationFailed as exc:
        return _board(request, errors=error_messages(exc), status=400)
    if result.sent:
        names = ", ".join(sorted({str(n.scorecard.interviewer) for n in result.sent}))
        messages.success(request, NUDGED.format(names=names))
    request.session["nudge_refused"] = [r.message for r in result.refused]
    target = reverse("interviews:feedback-board")
    return redirect(target + ("?show=overdue" if request.POST.get("show") == "overdue" else ""))
