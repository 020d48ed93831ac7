from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.errors import ValidationFailed
from core.forms import flash_errors, form_add_errors
from hiring import hooks, limits, retention, selectors
from hiring.api.filters import text_param
from hiring.forms import AnonymizeForm, ApplicationForm, ApplicationMoveForm, CandidateForm
from hiring.models import Application, Candidate, Requisition
from hiring.services import applications as application_services
from hiring.services import candidates as services
from hiring.views.common import planner_required


@login_required
def candidate_list(request: HttpRequest) -> HttpResponse:
    candidates = selectors.candidate_list(viewer=request.user)
    query_error = None
    try:
        query = text_param(request.GET, "q", max_length=limits.SEARCH_MAX_LENGTH, label="The name")
    except ValidationFailed as exc:
        # Nothing can match such a name; say why beside the search box instead of listing everyone.
        query, query_error = request.GET["q"].replace("\x00", "").strip(), exc.errors["q"][0]
        candidates = candidates.none()
    if query and query_error is None:
        candidates = candidates.filter(name__icontains=query)
    return render(
        request,
        "hiring/candidate_list.html",
        {
            "candidates": candidates,
            "query": query,
            "query_error": query_error,
            "can_add": selectors.hiring_can_plan(viewer=request.user),
        },
        status=400 if query_error else 200,
    )


def _application_rows(request: HttpRequest, applications: list[Application]) -> list[tuple]:
    """Each application with a move form when the viewer may move it, and what the apps above link
    under it (hiring.hooks: its loops and their packets)."""
    lines = hooks.application_related_lines(viewer=request.user, application_ids=[a.pk for a in applications])
    rows = []
    for application in applications:
        can_move = not application.is_closed and selectors.application_can_move(
            viewer=request.user, application=application
        )
        form = ApplicationMoveForm(current=application.stage, prefix=f"a{application.pk}")
        rows.append((application, form if can_move else None, lines.get(application.pk, [])))
    return rows


@login_required
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_object_or_404(retention.with_retention(selectors.candidate_list(viewer=request.user)), pk=pk)
    applied_to = [application.requisition_id for application in candidate.visible_applications]
    open_requisitions = selectors.requisitions_open_for(viewer=request.user).exclude(pk__in=applied_to)
    can_change = selectors.candidate_can_change(viewer=request.user, candidate=candidate)
    return render(
        request,
        "hiring/candidate_detail.html",
        {
            "candidate": candidate,
            "sees_contact": selectors.candidate_sees_contact(viewer=request.user, candidate=candidate),
            "rows": _application_rows(request, candidate.visible_applications),
            "application_form": ApplicationForm(requisitions=open_requisitions)
            if open_requisitions.exists() and candidate.anonymized_at is None
            else None,
            "can_anonymize": can_change and candidate.anonymized_at is None,
            "anonymize_after": retention.anonymize_after(candidate),
            "retention_days": retention.days(),
        },
    )


@planner_required
def candidate_create(request: HttpRequest) -> HttpResponse:
    form = CandidateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            candidate = services.candidate_create(
                actor=request.user,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                timezone_name=data["timezone"],
                links=data["links"],
                source=data["source"],
            )
        except ValidationFailed as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, f"{candidate.name} added. Add them to a requisition below.")
            return redirect("hiring:candidate", pk=candidate.pk)
    return render(request, "hiring/candidate_form.html", {"form": form})


ANONYMIZED = "Contact details and name erased; applications and scorecards are kept."


@login_required
def candidate_anonymize(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page first (GET); erasing happens only on a POST with the box ticked."""
    candidate = get_object_or_404(selectors.candidate_list(viewer=request.user), pk=pk)
    if not selectors.candidate_can_change(viewer=request.user, candidate=candidate):
        raise Forbidden(services.ONLY_CONTACT_HOLDERS_CHANGE)
    if candidate.anonymized_at is not None:
        messages.info(request, services.ALREADY_ANONYMIZED.format(date=f"{candidate.anonymized_at:%Y-%m-%d}"))
        return redirect("hiring:candidate", pk=pk)
    form = AnonymizeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_anonymize(candidate=candidate, actor=request.user)
        except ValidationFailed as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, ANONYMIZED)
        return redirect("hiring:candidate", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "hiring/candidate_anonymize.html",
        {"candidate": candidate, "form": form, "anonymized_name": services.ANONYMIZED_NAME.format(id=candidate.pk)},
        status=status,
    )


CHOOSE_CANDIDATE_AND_REQUISITION = "Choose both the candidate and the requisition."


@require_POST
@planner_required
def application_create(request: HttpRequest) -> HttpResponse:
    """From a candidate's page (choosing a requisition) or a requisition's page (choosing a candidate)."""
    candidate_id = limits.parse_id(request.POST.get("candidate", ""))
    requisition_id = limits.parse_id(request.POST.get("requisition", ""))
    back = request.POST.get("back")
    if candidate_id is None or requisition_id is None:
        messages.error(request, CHOOSE_CANDIDATE_AND_REQUISITION)
    else:
        try:
            application_services.application_create(
                actor=request.user, candidate_id=candidate_id, requisition_id=requisition_id
            )
        except ValidationFailed as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, "Application added.")
    if back == "requisition" and requisition_id is not None:
        return redirect("hiring:requisition", pk=requisition_id)
    if candidate_id is not None:
        return redirect("hiring:candidate", pk=candidate_id)
    return redirect("hiring:candidates")


@require_POST
@login_required
def application_move(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(selectors.application_list(viewer=request.user), pk=pk)
    application_services.application_require_mover(application=application, actor=request.user)
    form = ApplicationMoveForm(request.POST, current=application.stage, prefix=f"a{application.pk}")
    if not form.is_valid():
        for message in [m for messages_ in form.errors.values() for m in messages_]:
            messages.error(request, message)
    else:
        try:
            application = application_services.application_move(
                application=application,
                actor=request.user,
                stage=form.cleaned_data["stage"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationFailed as exc:
            flash_errors(request, exc)
        else:
            name = application.candidate.name
            messages.success(request, f"{name} moved to {application.get_stage_display().lower()}.")
    if request.POST.get("back") == "requisition":
        return redirect("hiring:requisition", pk=application.requisition_id)
    return redirect("hiring:candidate", pk=application.candidate_id)


def requisition_applications(request: HttpRequest, requisition: Requisition, can_change: bool) -> dict:
    """The applications part of a requisition's page: who is on it, and a form to add someone."""
    applications = list(selectors.application_list(viewer=request.user).filter(requisition=requisition))
    form = None
    if can_change and requisition.status == Requisition.Status.OPEN:
        on_it = [application.candidate_id for application in applications]
        candidates = Candidate.objects.filter(anonymized_at__isnull=True).exclude(pk__in=on_it).order_by("name")
        form = ApplicationForm(candidates=candidates)
    return {"application_rows": _application_rows(request, applications), "add_candidate_form": form}
