from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.errors import PermissionDenied, ValidationFailed
from core.forms import flash_errors, form_add_errors
from hiring import selectors
from hiring.forms import UseCaseForm
from hiring.models import UseCase
from hiring.services import use_cases as services
from hiring.views.common import planner_required


@planner_required
def use_case_list(request: HttpRequest) -> HttpResponse:
    use_cases = selectors.use_case_list(viewer=request.user)
    wanted = request.GET.get("status")
    if wanted in UseCase.Status.values:
        use_cases = use_cases.filter(status=wanted)
    return render(
        request,
        "hiring/use_case_list.html",
        {"use_cases": use_cases, "statuses": UseCase.Status.choices, "wanted": wanted},
    )


@planner_required
def use_case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    use_case = get_object_or_404(selectors.use_case_list(viewer=request.user), pk=pk)
    return render(
        request,
        "hiring/use_case_detail.html",
        {
            "use_case": use_case,
            "can_accept": selectors.use_case_can_accept(viewer=request.user),
            "can_edit": selectors.use_case_can_edit(viewer=request.user, use_case=use_case),
            "own_proposal": selectors.use_case_is_own_proposal(viewer=request.user, use_case=use_case),
            "own_proposal_note": services.PROPOSER_CANNOT_ACCEPT,
            "requisitions": use_case.requisitions.select_related("team").order_by("-created_at"),
        },
    )


def _values(form: UseCaseForm) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "problem": data["problem"],
        "category": data["category"],
        "team_id": data["team"].pk if data["team"] else None,
        "baseline_tried": data["baseline_tried"],
        "why_baseline_insufficient": data["why_baseline_insufficient"],
    }


@planner_required
def use_case_create(request: HttpRequest) -> HttpResponse:
    form = UseCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            use_case = services.use_case_create(actor=request.user, **_values(form))
        except ValidationFailed as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, "Use case proposed. Another hiring manager (not the proposer) accepts it.")
            return redirect("hiring:use-case", pk=use_case.pk)
    return render(request, "hiring/use_case_form.html", {"form": form, "use_case": None})


@planner_required
def use_case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    use_case = get_object_or_404(selectors.use_case_list(viewer=request.user), pk=pk)
    if not selectors.use_case_can_edit(viewer=request.user, use_case=use_case):
        raise PermissionDenied(services.ONLY_EDITORS_EDIT)
    initial = {
        "title": use_case.title,
        "problem": use_case.problem,
        "category": use_case.category,
        "team": use_case.team,
        "baseline_tried": use_case.baseline_tried,
        "why_baseline_insufficient": use_case.why_baseline_insufficient,
    }
    form = UseCaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _, reopened = services.use_case_update(use_case=use_case, actor=request.user, data=_values(form))
        except ValidationFailed as exc:
            form_add_errors(form, exc)
        else:
            if reopened:
                messages.warning(request, services.BACK_TO_PROPOSED)
            else:
                messages.success(request, "Use case saved.")
            return redirect("hiring:use-case", pk=use_case.pk)
    return render(request, "hiring/use_case_form.html", {"form": form, "use_case": use_case})


def _change_status(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    use_case = get_object_or_404(selectors.use_case_list(viewer=request.user), pk=pk)
    try:
        service(use_case=use_case, actor=request.user)
    except ValidationFailed as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, done)
    return redirect("hiring:use-case", pk=pk)


@require_POST
@planner_required
def use_case_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_status(request, pk, services.use_case_accept, "Use case accepted.")


@require_POST
@planner_required
def use_case_retire(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_status(request, pk, services.use_case_retire, "Use case retired.")
