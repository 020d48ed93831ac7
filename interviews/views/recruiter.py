"""The recruiter's pages: the pipeline and the loop builder (the loop page is views/loop.py)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

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
    closed = application.is_closed
    if closed:
        errors = [services.APPLICATION_CLOSED.format(stage=application.get_stage_display().lower())]
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
        status=400 if closed and request.method == "POST" else 200,
    )
