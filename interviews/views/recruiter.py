"""The recruiter's pages: pipeline, loop builder, loop scheduling (day grid) and interviewer profiles."""

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.roles import ADMIN, HIRING_MANAGER, RECRUITER
from core.errors import NotFound, PermissionDenied, ValidationFailed
from interviews.models import BusyBlock, Interview, InterviewAssignment, LoopTemplate, RoundType, Scorecard
from interviews.notifications import invite_recipients
from interviews.scheduling import selectors, services, solver
from interviews.scheduling.forms import (
    BusyBlockForm,
    IcsUploadForm,
    InterviewerProfileForm,
    PlanForm,
    ProposeForm,
    WindowFormSet,
    interviewer_profile_initial,
)
from interviews.selectors import interviewer_profile_can_manage, interviewer_profile_list, loop_links_packet
from interviews.services import interviewer_profile_update

LOOP_CREATED = "Loop created with {count} rounds. Next: the candidate's availability."
WINDOWS_SAVED = "Availability saved: {count} window{plural}."
PLAN_SAVED = "Loop scheduled. Invitations are queued for the candidate and the interviewers."
PLAN_UNCHANGED = "Nothing changed, so no invites were sent."
ROUND_MOVED = "{label} moved to {when} ({zone})"
ROUND_REBOOKED = "{label} rebooked for {when} ({zone})"
ROUND_UPDATED = "{label} updated"
INVITES_UPDATED = "{changes}; invites updated."
PLAN_CHECKED = "No conflicts: this plan can be saved."
INTERVIEW_CANCELLED = "{label} cancelled; a cancellation is queued for everyone invited."
ICS_IMPORTED = "Imported {count} busy block{plural} from the calendar file."
PROFILE_SAVED = "Profile saved. The scheduler uses it from now on."
BUSY_ADDED = "Busy time added: {when}."
BUSY_REMOVED = "Busy time removed: {when}."
BUSY_NOT_FOUND = "That busy time is gone already, or was imported from a calendar file (upload a new file instead)."
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


def _initial(interviews, plan: list[services.PlannedInterview], zone) -> dict:
    """The editor's starting values: the plan's times and people, each round's place or link; a
    cancelled round shows what it was."""
    initial = {}
    for interview in interviews:
        initial[f"location_{interview.pk}"] = interview.location
        if interview.status == Interview.Status.CANCELLED and interview.start:
            initial[f"start_{interview.pk}"] = interview.start.astimezone(zone).strftime("%Y-%m-%dT%H:%M")
            initial[f"lead_{interview.pk}"] = next(iter(selectors.interviewers_of(interview)), None)
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


def _stash_key(loop_id: int) -> str:
    return f"loop-page-{loop_id}"


def _when(moment: dt.datetime, zone) -> str:
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


def _saved_message(outcome: services.ScheduleOutcome, before: dict, zone) -> str:
    """Say what the save did: the first booking, nothing, or which rounds moved, changed or came back."""
    if outcome.first_time:
        return PLAN_SAVED
    if not outcome.changed:
        return PLAN_UNCHANGED
    parts = []
    for interview in outcome.changed:
        label = interview.round_type.name
        status, start = before.get(interview.pk, (None, None))
        if status == Interview.Status.CANCELLED:
            parts.append(ROUND_REBOOKED.format(label=label, when=_when(interview.start, zone), zone=zone.key))
        elif start != interview.start:
            parts.append(ROUND_MOVED.format(label=label, when=_when(interview.start, zone), zone=zone.key))
        else:
            parts.append(ROUND_UPDATED.format(label=label))
    return INVITES_UPDATED.format(changes="; ".join(parts))


@dataclass
class Problem:
    """One line of the error summary at the top of the loop page, linking to where it is fixed."""

    message: str
    target: str


def _problems(*, action, errors, windows_formset, options_form, plan_form, conflicts) -> list[Problem]:
    found: list[Problem] = []
    section = {"windows": "availability", "propose": "propose"}.get(action, "edit")
    found += [Problem(message, section) for message in errors]
    if action == "windows" and windows_formset.is_bound:
        found += [Problem(message, "availability") for message in windows_formset.non_form_errors()]
        for index, form in enumerate(windows_formset.forms, start=1):
            for name, messages_ in form.errors.items():
                target = form[name].id_for_label if name in form.fields else form["day"].id_for_label
                found += [Problem(f"Window {index}: {message}", target) for message in messages_]
    if action in {"propose", "check", "save"} and options_form.is_bound:
        for name, messages_ in options_form.errors.items():
            label = options_form.fields[name].label if name in options_form.fields else ""
            found += [Problem(f"{label}: {message}" if label else message, "propose") for message in messages_]
    if plan_form.is_bound:
        for name, messages_ in plan_form.errors.items():
            if name in plan_form.fields:
                label = plan_form.fields[name].label
                found += [Problem(f"{label}: {m}", plan_form[name].id_for_label) for m in messages_]
            else:
                found += [Problem(m, "edit") for m in messages_]
    found += [Problem(c.message, f"id_start_{c.round_key}") for c in conflicts]
    return found


@login_required
def loop_detail(request: HttpRequest, loop_id: int) -> HttpResponse:
    """The loop: availability, propose / edit / re-check / save the plan, and the scorecard board.

    A POST never answers with a page: it redirects back here (a refresh never resubmits). When it
    did not save, what was typed travels once through the session so the page shows it again with
    every problem summarised at the top.
    """
    loop = _loop_or_404(request, loop_id)
    candidate = loop.application.candidate
    zone = zoneinfo.ZoneInfo(candidate.timezone or "UTC")
    can_schedule = selectors.loop_can_schedule(viewer=request.user, loop=loop)
    editable = can_schedule and loop.status in services.OPEN_STATUSES
    interviews = list(loop.interviews.all())
    open_interviews = [i for i in interviews if i.status != Interview.Status.CANCELLED]
    people = list(interviewer_profile_list(viewer=request.user)) if can_schedule else []
    names = {p.user_id: str(p.user) for p in people}
    names.update({a.interviewer_id: str(a.interviewer) for i in interviews for a in i.assignments.all()})
    keep = {i.pk: {a.interviewer_id: str(a.interviewer) for a in i.assignments.all()} for i in interviews}

    stash = None
    if request.method == "POST":
        if not can_schedule:
            raise HttpForbidden()
        action, data = request.POST.get("action", ""), request.POST
    else:
        stash = request.session.pop(_stash_key(loop.pk), None)
        action, data = (stash["action"], _querydict(stash["data"])) if stash else ("", None)

    options_form = ProposeForm(data if action in {"propose", "check", "save"} else None)
    windows_formset = WindowFormSet(data if action == "windows" else None, prefix="w")
    plan_form = PlanForm(
        data if action in {"check", "save"} else None,
        interviews=[i for i in interviews if i.status != Interview.Status.CANCELLED or editable],
        people=people,
        zone=zone,
        keep=keep,
    )
    errors: list[str] = list(stash["errors"]) if stash else []

    if request.method == "POST":
        if action == "windows" and windows_formset.is_valid():
            windows = windows_formset.windows(zone)
            try:
                services.loop_set_availability(loop=loop, windows=windows, actor=request.user)
            except ValidationFailed as exc:
                errors = _errors(exc)
            else:
                messages.success(
                    request, WINDOWS_SAVED.format(count=len(windows), plural="" if len(windows) == 1 else "s")
                )
                return redirect("interviews:loop", loop_id=loop.pk)
        elif action == "save" and plan_form.is_valid() and options_form.is_valid():
            plan, options = plan_form.plan(), _options(options_form)
            if not selectors.loop_plan_conflicts(loop=loop, plan=plan, options=options):
                before = {i.pk: (i.status, i.start) for i in interviews}
                try:
                    outcome = services.loop_schedule(loop=loop, actor=request.user, plan=plan, options=options)
                except ValidationFailed as exc:
                    errors = _errors(exc)
                else:
                    messages.success(request, _saved_message(outcome, before, zone))
                    return redirect("interviews:loop", loop_id=loop.pk)
        if action not in {"windows", "propose", "check", "save"}:
            return redirect("interviews:loop", loop_id=loop.pk)
        fields = {key: data.getlist(key) for key in data if key != "csrfmiddlewaretoken"}
        request.session[_stash_key(loop.pk)] = {"action": action, "data": fields, "errors": errors}
        anchor = "propose" if action == "propose" else "problems"
        return redirect(f"{reverse('interviews:loop', args=[loop.pk])}#{anchor}")

    # A GET: the current plan, or what the last POST asked for (proposal, re-check, refused save).
    plan = _current_plan(open_interviews)
    proposal: solver.Proposal | None = None
    conflicts: list[solver.Conflict] = []
    checked = False
    if action == "propose" and options_form.is_valid():
        try:
            proposal = services.loop_propose_schedule(loop=loop, actor=request.user, options=_options(options_form))
        except ValidationFailed as exc:
            errors = _errors(exc)
        else:
            if proposal.feasible:
                plan = _from_proposal(proposal)
    elif action in {"check", "save"} and plan_form.is_valid() and options_form.is_valid():
        plan = plan_form.plan()
        conflicts = selectors.loop_plan_conflicts(loop=loop, plan=plan, options=_options(options_form))
        checked = action == "check" and not conflicts and not errors
    if not plan_form.is_bound:
        plan_form.initial = _initial(plan_form.interviews, plan, zone)

    conflicts_by_interview: dict = defaultdict(list)
    for conflict in conflicts:
        conflicts_by_interview[conflict.round_key].append(conflict.message)
    grid = _day_grid(plan, interviews, list(loop.windows.all()), conflicts_by_interview, zone, names)
    windows = [(w.start.astimezone(zone), w.end.astimezone(zone)) for w in loop.windows.all()]
    staff = request.user.has_role(ADMIN, RECRUITER, HIRING_MANAGER)
    link = None
    if can_schedule and loop.status in services.LINK_STATUSES:
        current = services.loop_availability_link(loop=loop, actor=request.user)
        link = {
            "url": request.build_absolute_uri(reverse("interviews:candidate-availability", args=[current.token])),
            "expires_at": current.expires_at,
        }
    problems = _problems(
        action=action,
        errors=errors,
        windows_formset=windows_formset,
        options_form=options_form,
        plan_form=plan_form,
        conflicts=conflicts,
    )
    return render(
        request,
        "interviews/recruiter/loop.html",
        {
            "loop": loop,
            "candidate": candidate,
            "zone": zone,
            "can_schedule": can_schedule,
            "editable": editable,
            "staff": staff,
            "mine": {i.pk for i in interviews for a in i.assignments.all() if a.interviewer_id == request.user.pk},
            "packet_visible": loop_links_packet(viewer=request.user, loop=loop),
            "windows": windows,
            "windows_formset": windows_formset,
            "options_form": options_form,
            "plan_form": plan_form,
            "proposal": proposal,
            "conflicts": conflicts,
            "problems": problems,
            "action": action,
            "checked": checked,
            "grid": grid,
            "board": selectors.loop_scorecard_board(loop=loop) if staff else [],
            "interviews": interviews,
            "names": names,
            "link": link,
        },
    )


def _querydict(fields: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in fields.items():
        data.setlist(key, values)
    return data


def _options(form: ProposeForm) -> solver.Options:
    values = form.cleaned_data
    return solver.Options(
        buffer_minutes=values["buffer_minutes"],
        max_rounds_per_day=values["max_rounds_per_day"],
        slot_minutes=int(values["slot_minutes"]),
        add_shadows=values.get("add_shadows", False),
    )


def _cancel_recipients(interview: Interview) -> list[str]:
    """Who a cancellation reaches (exactly whom the sender writes to), as the page names them."""
    to_candidate, assignments = invite_recipients(interview)
    candidate = interview.loop.application.candidate
    people = [f"{candidate.name} (candidate)"] if to_candidate else []
    return people + [f"{a.interviewer} ({a.get_role_display().lower()})" for a in assignments]


@login_required
def interview_cancel(request: HttpRequest, interview_id: int) -> HttpResponse:
    """GET: what cancelling will do, and a button to confirm. POST: cancel it."""
    interview = (
        selectors.interview_detail_queryset(viewer=request.user)
        .select_related("loop__application__requisition")
        .filter(pk=interview_id)
        .first()
    )
    if interview is None:
        raise Http404()
    if not selectors.loop_can_schedule(viewer=request.user, loop=interview.loop):
        raise HttpForbidden()
    if request.method == "POST":
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
    zone = zoneinfo.ZoneInfo(interview.loop.application.candidate.timezone or "UTC")
    blocked = ""
    if interview.status == Interview.Status.CANCELLED:
        blocked = services.ALREADY_CANCELLED
    elif interview.end is not None and interview.end <= timezone.now():
        blocked = services.INTERVIEW_DONE
    drafts = [str(card.interviewer) for card in interview.scorecards.all() if card.status == Scorecard.Status.DRAFT]
    return render(
        request,
        "interviews/recruiter/interview_cancel.html",
        {
            "interview": interview,
            "candidate": interview.loop.application.candidate,
            "zone": zone,
            "blocked": blocked,
            "invited": interview.start is not None,
            "recipients": _cancel_recipients(interview),
            "drafts": drafts,
        },
    )


@login_required
def interviewer_profiles(request: HttpRequest) -> HttpResponse:
    if not request.user.has_role(ADMIN, RECRUITER):
        raise HttpForbidden()
    profiles = interviewer_profile_list(viewer=request.user)
    return render(request, "interviews/recruiter/interviewers.html", {"profiles": profiles})


def _attach(form: forms.Form, exc: ValidationFailed, fields: dict[str, str]) -> None:
    """Put a service's reasons beside the field they are about (`fields` maps service → form names)."""
    for name, reasons in exc.errors.items():
        target = fields.get(name, name)
        for reason in reasons:
            form.add_error(target if target in form.fields else None, reason)


@login_required
def interviewer_profile(request: HttpRequest, profile_id: int) -> HttpResponse:
    """One interviewer: training and seniority (recruiters, admins), hours, zone, weekly cap and busy
    time (also the interviewer themselves), a .ics upload, and their upcoming interviews."""
    profile = interviewer_profile_list(viewer=request.user).filter(pk=profile_id).first()
    if profile is None:
        raise Http404()
    can_train = interviewer_profile_can_manage(viewer=request.user)
    can_edit = can_train or profile.user_id == request.user.pk
    action = request.POST.get("action", "ics") if request.method == "POST" else ""
    if action and not can_edit:
        raise HttpForbidden()
    zone = zoneinfo.ZoneInfo(profile.timezone or "UTC")
    profile_form = InterviewerProfileForm(
        request.POST if action == "profile" else None,
        initial=interviewer_profile_initial(profile),
        round_types=RoundType.objects.order_by("order", "code"),
        can_train=can_train,
    )
    busy_form = BusyBlockForm(request.POST if action == "busy-add" else None, prefix="busy")
    form = IcsUploadForm(request.POST if action == "ics" else None, request.FILES if action == "ics" else None)
    entered = [b for b in profile.upcoming_busy if b.source == BusyBlock.Source.MANUAL]
    try:
        if action == "profile" and profile_form.is_valid():
            try:
                interviewer_profile_update(profile=profile, actor=request.user, **profile_form.changes())
            except ValidationFailed as exc:
                _attach(profile_form, exc, {"working_hours": "work_end"})
            else:
                messages.success(request, PROFILE_SAVED)
                return redirect("interviews:interviewer", profile_id=profile.pk)
        elif action == "busy-add" and busy_form.is_valid():
            block = busy_form.block(zone)
            keep = [{"start": b.start, "end": b.end} for b in entered]
            try:
                interviewer_profile_update(profile=profile, actor=request.user, busy=[*keep, block])
            except ValidationFailed as exc:
                _attach(busy_form, exc, {"busy": "end"})
            else:
                messages.success(request, BUSY_ADDED.format(when=_span(block["start"], block["end"], zone)))
                return redirect("interviews:interviewer", profile_id=profile.pk)
        elif action == "busy-remove":
            gone = next((b for b in entered if str(b.pk) == request.POST.get("block")), None)
            if gone is None:
                messages.error(request, BUSY_NOT_FOUND)
            else:
                keep = [{"start": b.start, "end": b.end} for b in entered if b.pk != gone.pk]
                interviewer_profile_update(profile=profile, actor=request.user, busy=keep)
                messages.success(request, BUSY_REMOVED.format(when=_span(gone.start, gone.end, zone)))
            return redirect("interviews:interviewer", profile_id=profile.pk)
        elif action == "ics" and form.is_valid():
            try:
                count = services.interviewer_busy_import_ics(
                    profile=profile, actor=request.user, content=form.cleaned_data["file"].read()
                )
            except ValidationFailed as exc:
                for message in _errors(exc):
                    form.add_error("file", message)
            else:
                messages.success(request, ICS_IMPORTED.format(count=count, plural="" if count == 1 else "s"))
                return redirect("interviews:interviewer", profile_id=profile.pk)
    except PermissionDenied:
        raise HttpForbidden() from None
    busy = [(b.start.astimezone(zone), b.end.astimezone(zone), b) for b in profile.upcoming_busy]
    weekdays = ", ".join(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d] for d in sorted(profile.weekdays or []))
    upcoming = selectors.interviewer_upcoming_interviews(profile=profile)
    return render(
        request,
        "interviews/recruiter/interviewer.html",
        {
            "profile": profile,
            "form": form,
            "profile_form": profile_form,
            "busy_form": busy_form,
            "can_edit": can_edit,
            "can_train": can_train,
            "busy": busy,
            "weekdays": weekdays,
            "zone": zone,
            "upcoming": [(i, i.start.astimezone(zone) if i.start else None) for i in upcoming],
        },
        status=400 if action and request.method == "POST" else 200,
    )


def _span(start: dt.datetime, end: dt.datetime, zone) -> str:
    a, b = start.astimezone(zone), end.astimezone(zone)
    until = f"{b:%H:%M}" if a.date() == b.date() else _when(b, zone)
    return f"{_when(a, zone)}–{until} ({zone.key})"
