"""The recruiter's pages: pipeline, loop builder, loop scheduling (day grid) and interviewer profiles."""

import datetime as dt
import zoneinfo
from collections import defaultdict

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.roles import ADMIN, HIRING_MANAGER, RECRUITER
from core.errors import NotFound, PermissionDenied, ValidationFailed
from interviews.models import Interview, InterviewAssignment, LoopTemplate
from interviews.scheduling import selectors, services, solver
from interviews.scheduling.forms import IcsUploadForm, ProposeForm, WindowFormSet
from interviews.selectors import interviewer_profile_list

LOOP_CREATED = "Loop created with {count} rounds. Next: the candidate's availability."
WINDOWS_SAVED = "Availability saved: {count} window{plural}."
PLAN_SAVED = "Loop scheduled. Invitations are queued for the candidate and the interviewers."
PLAN_CHECKED = "No conflicts: this plan can be saved."
INTERVIEW_CANCELLED = "{label} cancelled; a cancellation is queued for everyone invited."
ICS_IMPORTED = "Imported {count} busy block{plural} from the calendar file."
PICK_SOMEONE = "Choose an interviewer."
PIXELS_PER_MINUTE = 1


def _require_staff(request: HttpRequest) -> None:
    if not request.user.has_role(ADMIN, RECRUITER, HIRING_MANAGER):
        raise HttpForbidden()


def _loop_or_404(request: HttpRequest, loop_id: int):
    try:
        return selectors.loop_get(viewer=request.user, loop_id=loop_id)
    except NotFound:
        raise Http404() from None


def _errors(exc: ValidationFailed) -> list[str]:
    return [message for field_messages in exc.errors.values() for message in field_messages]


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
    optional = sorted(
        {(r.round_type.code, r.round_type.name) for t in templates for r in t.rounds.all() if not r.required},
        key=lambda item: item[1],
    )
    form = LoopBuildForm(
        request.POST or None,
        templates=templates,
        optional_rounds=optional,
        initial={"template": matching.pk if matching else None},
    )
    errors: list[str] = []
    closed = selectors.application_is_closed(application=application)
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
            errors = _errors(exc)
        else:
            messages.success(request, LOOP_CREATED.format(count=loop.interviews.count()))
            return redirect("interviews:loop", loop_id=loop.pk)
    return render(
        request,
        "interviews/recruiter/loop_build.html",
        {"application": application, "form": form, "errors": errors, "templates": templates, "closed": closed},
        status=400 if closed and request.method == "POST" else 200,
    )


class PlanForm(forms.Form):
    """One row per open interview: start (candidate's clock), interviewer, optional shadow."""

    def __init__(self, *args, interviews, people, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.interviews = interviews
        self.zone = zone
        choices = [("", "—")] + [(p.user_id, str(p.user)) for p in people]
        for interview in interviews:
            key = interview.pk
            self.fields[f"start_{key}"] = forms.DateTimeField(
                label=f"{interview.round_type.name} starts",
                required=True,
                input_formats=["%Y-%m-%dT%H:%M"],
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            )
            self.fields[f"lead_{key}"] = forms.TypedChoiceField(
                label=f"{interview.round_type.name} interviewer",
                choices=choices,
                coerce=int,
                empty_value=None,
                error_messages={"required": PICK_SOMEONE},
            )
            self.fields[f"shadow_{key}"] = forms.TypedChoiceField(
                label=f"{interview.round_type.name} shadow (trainee)",
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
            )

    def rows(self):
        for interview in self.interviews:
            key = interview.pk
            yield interview, self[f"start_{key}"], self[f"lead_{key}"], self[f"shadow_{key}"]

    def plan(self) -> list[services.PlannedInterview]:
        planned = []
        for interview in self.interviews:
            key = interview.pk
            local = self.cleaned_data[f"start_{key}"].replace(tzinfo=None)
            start = local.replace(tzinfo=self.zone).astimezone(dt.UTC)
            shadow = self.cleaned_data.get(f"shadow_{key}")
            planned.append(
                services.PlannedInterview(
                    interview_id=key,
                    start=start,
                    end=start + dt.timedelta(minutes=interview.minutes),
                    interviewers=(self.cleaned_data[f"lead_{key}"],),
                    shadows=(shadow,) if shadow else (),
                )
            )
        return planned


def _initial_from_plan(plan: list[services.PlannedInterview], zone) -> dict:
    initial = {}
    for item in plan:
        initial[f"start_{item.interview_id}"] = item.start.astimezone(zone).strftime("%Y-%m-%dT%H:%M")
        initial[f"lead_{item.interview_id}"] = item.interviewers[0] if item.interviewers else None
        initial[f"shadow_{item.interview_id}"] = item.shadows[0] if item.shadows else None
    return initial


def _current_plan(interviews) -> list[services.PlannedInterview]:
    plan = []
    for interview in interviews:
        if interview.start is None:
            continue
        leads = [
            a.interviewer_id for a in interview.assignments.all() if a.role == InterviewAssignment.Role.INTERVIEWER
        ]
        shadows = [a.interviewer_id for a in interview.assignments.all() if a.role == InterviewAssignment.Role.SHADOW]
        plan.append(
            services.PlannedInterview(interview.pk, interview.start, interview.end, tuple(leads), tuple(shadows))
        )
    return plan


def _from_proposal(proposal: solver.Proposal) -> list[services.PlannedInterview]:
    return [
        services.PlannedInterview(
            interview_id=s.round_key,
            start=s.start,
            end=s.end,
            interviewers=(s.interviewer_id, *s.extra_ids),
            shadows=(s.shadow_id,) if s.shadow_id else (),
        )
        for s in proposal.slots
    ]


def _day_grid(plan, interviews, windows, conflicts_by_interview, zone, names) -> dict:
    """Columns per candidate day, blocks positioned by minute; windows shown behind them."""
    by_id = {i.pk: i for i in interviews}
    days: dict[dt.date, list[dict]] = defaultdict(list)
    for item in plan:
        start, end = item.start.astimezone(zone), item.end.astimezone(zone)
        interview = by_id.get(item.interview_id)
        days[start.date()].append(
            {
                "label": interview.round_type.name if interview else f"#{item.interview_id}",
                "start": start,
                "end": end,
                "who": ", ".join(names.get(uid, f"#{uid}") for uid in item.interviewers),
                "shadow": ", ".join(names.get(uid, f"#{uid}") for uid in item.shadows),
                "conflicts": conflicts_by_interview.get(item.interview_id, []),
            }
        )
    bands: dict[dt.date, list[tuple]] = defaultdict(list)
    for window in windows:
        start, end = window.start.astimezone(zone), window.end.astimezone(zone)
        bands[start.date()].append((start, end))
    all_days = sorted(set(days) | {d for d in bands if days})
    if not all_days:
        return {"days": [], "hours": []}
    times = [b["start"] for d in days.values() for b in d] + [b["end"] for d in days.values() for b in d]
    first_hour = max(0, min(t.hour for t in times) - 1)
    last_hour = min(24, max(t.hour + (1 if t.minute else 0) for t in times) + 1)

    def offset(moment: dt.datetime) -> int:
        minutes = (moment.hour - first_hour) * 60 + moment.minute
        return max(0, min((last_hour - first_hour) * 60, minutes)) * PIXELS_PER_MINUTE

    columns = []
    for day in all_days:
        blocks = [
            dict(block, top=offset(block["start"]), height=max(18, offset(block["end"]) - offset(block["start"])))
            for block in sorted(days.get(day, []), key=lambda b: b["start"])
        ]
        window_bands = [
            {
                "top": offset(s),
                "height": max(0, offset(e if e.date() == day else s.replace(hour=23, minute=59)) - offset(s)),
            }
            for s, e in bands.get(day, [])
        ]
        columns.append({"day": day, "blocks": blocks, "windows": window_bands})
    hours = [
        {"label": f"{h:02d}:00", "top": (h - first_hour) * 60 * PIXELS_PER_MINUTE} for h in range(first_hour, last_hour)
    ]
    return {"days": columns, "hours": hours, "height": (last_hour - first_hour) * 60 * PIXELS_PER_MINUTE}


@login_required
def loop_detail(request: HttpRequest, loop_id: int) -> HttpResponse:
    """The loop: availability, propose / edit / re-check / save the plan, and the scorecard board."""
    loop = _loop_or_404(request, loop_id)
    candidate = loop.application.candidate
    zone = zoneinfo.ZoneInfo(candidate.timezone or "UTC")
    can_schedule = selectors.loop_can_schedule(viewer=request.user, loop=loop)
    open_interviews = [i for i in loop.interviews.all() if i.status != Interview.Status.CANCELLED]
    people = list(interviewer_profile_list(viewer=request.user)) if can_schedule else []
    names = {p.user_id: str(p.user) for p in people}
    names.update({a.interviewer_id: str(a.interviewer) for i in loop.interviews.all() for a in i.assignments.all()})
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action and not can_schedule:
        raise HttpForbidden()

    options_form = ProposeForm(request.POST if action in {"propose", "check", "save"} else None)
    windows_formset = WindowFormSet(request.POST if action == "windows" else None, prefix="w")
    plan = _current_plan(open_interviews)
    proposal: solver.Proposal | None = None
    conflicts: list[solver.Conflict] = []
    errors: list[str] = []
    plan_form_data = None

    if action == "windows" and windows_formset.is_valid():
        try:
            services.loop_set_availability(loop=loop, windows=windows_formset.windows(zone), actor=request.user)
        except ValidationFailed as exc:
            errors = _errors(exc)
        else:
            count = len(windows_formset.windows(zone))
            messages.success(request, WINDOWS_SAVED.format(count=count, plural="" if count == 1 else "s"))
            return redirect("interviews:loop", loop_id=loop.pk)
    elif action == "propose" and options_form.is_valid():
        try:
            proposal = services.loop_propose_schedule(loop=loop, actor=request.user, options=_options(options_form))
        except ValidationFailed as exc:
            errors = _errors(exc)
        else:
            if proposal.feasible:
                plan = _from_proposal(proposal)
    elif action in {"check", "save"}:
        plan_form_data = request.POST

    plan_form = PlanForm(
        plan_form_data,
        interviews=open_interviews,
        people=people,
        zone=zone,
        initial=_initial_from_plan(plan, zone),
    )
    if plan_form_data is not None and plan_form.is_valid() and options_form.is_valid():
        plan = plan_form.plan()
        options = _options(options_form)
        conflicts = selectors.loop_plan_conflicts(loop=loop, plan=plan, options=options)
        if action == "save" and not conflicts:
            try:
                services.loop_schedule(loop=loop, actor=request.user, plan=plan, options=options)
            except ValidationFailed as exc:
                errors = _errors(exc)
            else:
                messages.success(request, PLAN_SAVED)
                return redirect("interviews:loop", loop_id=loop.pk)
        elif action == "check" and not conflicts:
            messages.info(request, PLAN_CHECKED)

    conflicts_by_interview: dict = defaultdict(list)
    for conflict in conflicts:
        conflicts_by_interview[conflict.round_key].append(conflict.message)
    grid = _day_grid(plan, open_interviews, list(loop.windows.all()), conflicts_by_interview, zone, names)
    windows = [(w.start.astimezone(zone), w.end.astimezone(zone)) for w in loop.windows.all()]
    board = selectors.loop_scorecard_board(loop=loop)
    link = None
    if can_schedule and loop.status in services.LINK_STATUSES:
        current = services.loop_availability_link(loop=loop, actor=request.user)
        link = {
            "url": request.build_absolute_uri(reverse("interviews:candidate-availability", args=[current.token])),
            "expires_at": current.expires_at,
        }
    return render(
        request,
        "interviews/recruiter/loop.html",
        {
            "loop": loop,
            "candidate": candidate,
            "zone": zone,
            "can_schedule": can_schedule,
            "windows": windows,
            "windows_formset": windows_formset,
            "options_form": options_form,
            "plan_form": plan_form,
            "proposal": proposal,
            "conflicts": conflicts,
            "errors": errors,
            "grid": grid,
            "board": board,
            "interviews": list(loop.interviews.all()),
            "names": names,
            "link": link,
        },
    )


def _options(form: ProposeForm) -> solver.Options:
    values = form.cleaned_data
    return solver.Options(
        buffer_minutes=values["buffer_minutes"],
        max_rounds_per_day=values["max_rounds_per_day"],
        slot_minutes=int(values["slot_minutes"]),
        add_shadows=values.get("add_shadows", False),
    )


@login_required
@require_POST
def interview_cancel(request: HttpRequest, interview_id: int) -> HttpResponse:
    interview = selectors.interview_detail_queryset(viewer=request.user).filter(pk=interview_id).first()
    if interview is None:
        raise Http404()
    try:
        services.interview_cancel(interview=interview, actor=request.user)
    except PermissionDenied:
        raise HttpForbidden() from None
    except ValidationFailed as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, INTERVIEW_CANCELLED.format(label=interview.round_type.name))
    return redirect("interviews:loop", loop_id=interview.loop_id)


@login_required
def interviewer_profiles(request: HttpRequest) -> HttpResponse:
    if not request.user.has_role(ADMIN, RECRUITER):
        raise HttpForbidden()
    profiles = interviewer_profile_list(viewer=request.user)
    return render(request, "interviews/recruiter/interviewers.html", {"profiles": profiles})


@login_required
def interviewer_profile(request: HttpRequest, profile_id: int) -> HttpResponse:
    """Qualifications, hours and busy blocks of one interviewer, with a .ics upload."""
    profile = interviewer_profile_list(viewer=request.user).filter(pk=profile_id).first()
    if profile is None:
        raise Http404()
    form = IcsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.interviewer_busy_import_ics(
                profile=profile, actor=request.user, content=form.cleaned_data["file"].read()
            )
        except PermissionDenied:
            raise HttpForbidden() from None
        except ValidationFailed as exc:
            for message in _errors(exc):
                form.add_error("file", message)
        else:
            messages.success(request, ICS_IMPORTED.format(count=count, plural="" if count == 1 else "s"))
            return redirect("interviews:interviewer", profile_id=profile.pk)
    zone = zoneinfo.ZoneInfo(profile.timezone or "UTC")
    busy = [(b.start.astimezone(zone), b.end.astimezone(zone), b) for b in profile.upcoming_busy]
    weekdays = ", ".join(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d] for d in sorted(profile.weekdays or []))
    upcoming = selectors.interviewer_upcoming_interviews(profile=profile)
    return render(
        request,
        "interviews/recruiter/interviewer.html",
        {
            "profile": profile,
            "form": form,
            "busy": busy,
            "weekdays": weekdays,
            "zone": zone,
            "upcoming": [(i, i.start.astimezone(zone) if i.start else None) for i in upcoming],
        },
    )
