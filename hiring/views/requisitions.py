from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.roles import HIRING_MANAGER
from core.errors import ValidationFailed
from core.forms import flash_errors, form_add_errors
from hiring import selectors
from hiring.forms import RequisitionForm
from hiring.models import Requisition
from hiring.services import requisitions as services
from hiring.views.candidates import requisition_applications
from hiring.views.common import planner_required

# Buttons on the detail page: action → (label, statuses it applies to).
ACTIONS = [
    ("open", "Open", {Requisition.Status.DRAFT, Requisition.Status.ON_HOLD}),
    ("hold", "Put on hold", {Requisition.Status.OPEN}),
    ("fill", "Mark filled", {Requisition.Status.OPEN, Requisition.Status.ON_HOLD}),
    ("close", "Close", {Requisition.Status.DRAFT, Requisition.Status.OPEN, Requisition.Status.ON_HOLD}),
]


def _readable(request: HttpRequest):
    if not selectors.requisition_can_read(viewer=request.user):
        raise Forbidden
    return selectors.requisition_list(viewer=request.user)


@login_required
def requisition_list(request: HttpRequest) -> HttpResponse:
    requisitions = _readable(request)
    wanted = request.GET.get("status")
    if wanted in Requisition.Status.values:
        requisitions = requisitions.filter(status=wanted)
    plan_input = selectors.hiring_plan_input()
    rows = [
        (requisition, selectors.requisition_warnings(requisition=requisition, plan_input=plan_input))
        for requisition in requisitions
    ]
    return render(
        request,
        "hiring/requisition_list.html",
        {
            "rows": rows,
            "statuses": Requisition.Status.choices,
            "wanted": wanted,
            "can_create": selectors.hiring_can_plan(viewer=request.user),
        },
    )


@login_required
def requisition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    requisition = get_object_or_404(_readable(request), pk=pk)
    can_change = selectors.requisition_can_change(viewer=request.user, requisition=requisition)
    gate = []
    if requisition.status in {Requisition.Status.DRAFT, Requisition.Status.ON_HOLD}:
        gate = selectors.requisition_gate_problems(
            role_family=requisition.role_family, use_cases=list(requisition.use_cases.all())
        )
    return render(
        request,
        "hiring/requisition_detail.html",
        {
            "requisition": requisition,
            "warnings": selectors.requisition_warnings(requisition=requisition),
            "gate_problems": gate,
            "can_change": can_change,
            "editable": can_change and requisition.status not in {Requisition.Status.FILLED, Requisition.Status.CLOSED},
            "actions": [(name, label) for name, label, sources in ACTIONS if requisition.status in sources]
            if can_change
            else [],
            **requisition_applications(request, requisition, can_change),
        },
    )


def _values(form: RequisitionForm) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "role_family": data["role_family"],
        "level": data["level"],
        "team_id": data["team"].pk,
        "headcount": data["headcount"],
        "use_case_ids": [use_case.pk for use_case in data["use_cases"]],
        "hiring_manager_id": data["hiring_manager"].pk,
        "recruiter_ids": [user.pk for user in data["recruiters"]],
        "committee_id": data["committee"].pk if data["committee"] else None,
    }


@planner_required
def requisition_create(request: HttpRequest) -> HttpResponse:
    initial = {"headcount": 1}
    if request.user.has_role(HIRING_MANAGER):
        initial["hiring_manager"] = request.user
    form = RequisitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            requisition = services.requisition_create(actor=request.user, **_values(form))
        except ValidationFailed as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, "Draft requisition created. Open it when it is ready.")
            return redirect("hiring:requisition", pk=requisition.pk)
    return render(request, "hiring/requisition_form.html", {"form": form, "requisition": None})


@planner_required
def requisition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    requisition = get_object_or_404(selectors.requisition_list(viewer=request.user), pk=pk)
    if not selectors.requisition_can_change(viewer=request.user, requisition=requisition):
        raise Forbidden(services.ONLY_OWNERS_CHANGE)
    initial = {
        "title": requisition.title,
        "role_family": requisition.role_family,
        "level": requisition.level,
        "team": requisition.team,
        "headcount": requisition.headcount,
        "use_cases": list(requisition.use_cases.all()),
        "hiring_manager": requisition.hiring_manager,
        "recruiters": list(requisition.recruiters.all()),
        "committee": requisition.committee,
    }
    form = RequisitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.requisition_update(requisition=requisition, actor=request.user, data=_values(form))
        except ValidationFailed as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, "Requisition saved.")
            return redirect("hiring:requisition", pk=requisition.pk)
    return render(request, "hiring/requisition_form.html", {"form": form, "requisition": requisition})


def _transition(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    """A lifecycle button: the service decides; a refusal is shown on the requisition's page."""
    requisition = get_object_or_404(selectors.requisition_list(viewer=request.user), pk=pk)
    try:
        service(requisition=requisition, actor=request.user)
    except ValidationFailed as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, done)
    return redirect("hiring:requisition", pk=pk)


@require_POST
@planner_required
def requisition_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.requisition_open, "Requisition opened.")


@require_POST
@planner_required
def requisition_hold(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.requisition_hold, "Requisition put on hold.")


@require_POST
@planner_required
def requisition_fill(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.requisition_fill, "Requisition marked filled.")


@require_POST
@planner_required
def requisition_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.requisition_close, "Requisition closed.")
