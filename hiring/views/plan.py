from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.roles import ADMIN
from core.errors import ValidationFailed
from core.forms import form_add_errors
from hiring import selectors
from hiring.codes import RoleFamily
from hiring.forms import HiringSettingsForm
from hiring.services import plan as services
from hiring.views.common import planner_required


@planner_required
def hiring_plan(request: HttpRequest) -> HttpResponse:
    plan = selectors.hiring_plan(viewer=request.user)
    labels = dict(RoleFamily.choices)
    return render(
        request,
        "hiring/hiring_plan.html",
        {
            "plan": plan,
            "families": [(labels[count.role_family], count) for count in plan.families],
            "hire_next_label": labels.get(plan.ratio.hire_next or ""),
            "advised": [labels[code] for code in plan.stage_advice.hire],
            "not_yet": [labels[code] for code in plan.stage_advice.not_yet],
            "can_configure": request.user.has_role(ADMIN),
        },
    )


@planner_required
def hiring_settings(request: HttpRequest) -> HttpResponse:
    if not request.user.has_role(ADMIN):
        raise Forbidden(services.ONLY_ADMINS_CONFIGURE)
    settings = selectors.hiring_settings_get()
    existing = selectors.existing_team_counts()
    initial = {
        "company_name": settings.company_name,
        "company_stage": settings.company_stage,
        "cap_multiplier": settings.cap_multiplier,
    }
    initial.update({f"existing_{family.value}": existing.get(family.value, 0) for family in RoleFamily})
    form = HiringSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.hiring_settings_update(
                actor=request.user,
                data={
                    "company_name": form.cleaned_data["company_name"],
                    "company_stage": form.cleaned_data["company_stage"],
                    "cap_multiplier": form.cleaned_data["cap_multiplier"],
                    "existing_team": form.existing_team(),
                },
            )
        except ValidationFailed as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, "Hiring settings saved.")
            return redirect("hiring:hiring-plan")
    return render(request, "hiring/hiring_settings.html", {"form": form})
