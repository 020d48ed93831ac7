"""The loop page and its actions: availability, propose, re-check and save a plan, cancel a round.

The page itself only reads (GET). Each action is its own small POST view that calls one service and
redirects back (a refresh never resubmits); when it did not save, what was typed travels once
through the session so the page shows it again with every problem summarised at the top.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import ADMIN, HIRING_MANAGER, RECRUITER
from core.errors import ValidationFailed
from core.forms import error_messages, flash_errors, form_add_errors
from interviews.models import Interview, InterviewAssignment, Loop, Scorecard
from interviews.notifications import invite_recipients
from interviews.scheduling import booking, grid, links, selectors, services, solver
from interviews.scheduling.forms import PlanForm, ProposeForm, WindowFormSet
from interviews.selectors import interviewer_profile_list, loop_feedback_sealed, loop_links_packet
from interviews.views.common import short_when

WINDOWS_SAVED = "Availability saved: {count} window{plural}."
LIMITS_SAVED = "Reschedule limits saved."
LIMIT_LABELS = {"notice_hours": "Reschedule limit (hours before)", "max_requests": "Reschedule limit (requests)"}
PLAN_SAVED = "Loop scheduled. Invitations are queued for the candidate and the interviewers."
PLAN_UNCHANGED = "Nothing changed, so no invites were sent."
ROUND_MOVED = "{label} moved to {when} ({zone})"
ROUND_REBOOKED = "{label} rebooked for {when} ({zone})"
ROUND_UPDATED = "{label} updated"
INVITES_UPDATED = "{changes}; invites updated."
PLAN_CHECKED = "No conflicts: this plan can be saved."
INTERVIEW_CANCELLED = "{label} cancelled; a cancellation is queued for everyone invited."

# What each action's form posts (the page rebuilds the same forms from the stash to show them again).
WINDOWS, PROPOSE, CHECK, SAVE = "windows", "propose", "check", "save"
PLAN_ACTIONS = (CHECK, SAVE)
OPTION_ACTIONS = (PROPOSE, CHECK, SAVE)


@dataclass
class LoopPage:
    """A loop as the page works with it, for the viewer: who may do what, and the people it names."""

    loop: Loop
    can_schedule: bool
    interviews: list[Interview]
    people: list = field(default_factory=list)  # interviewer profiles, for the plan editor's menus
    names: dict[int, str] = field(default_factory=dict)

    @property
    def zone(self):
        return self.loop.application.candidate.zone

    @property
    def editable(self) -> bool:
        return self.can_schedule and self.loop.status in services.OPEN_STATUSES

    @property
    def keep(self) -> dict[int, dict[int, str]]:
        """Per round, the people already on it (menus keep listing them, marked if no longer qualified)."""
        return {i.pk: {a.interviewer_id: str(a.interviewer) for a in i.assignments.all()} for i in self.interviews}


def _loop_page(request: HttpRequest, loop_id: int, *, schedule: bool = False) -> LoopPage:
    """The access check for every view here: 404 unless the viewer may see the loop; 403 for an action
    (`schedule=True`) unless they schedule its requisition's loops."""
    loop = selectors.loop_get(viewer=request.user, loop_id=loop_id)
    can_schedule = selectors.loop_can_schedule(viewer=request.user, loop=loop)
    if schedule and not can_schedule:
        raise PermissionDenied(services.ONLY_RECRUITERS_SCHEDULE)
    interviews = list(loop.interviews.all())
    people = list(interviewer_profile_list(viewer=request.user)) if can_schedule else []
    names = {p.user_id: str(p.user) for p in people}
    names.update({a.interviewer_id: str(a.interviewer) for i in interviews for a in i.assignments.all()})
    return LoopPage(loop, can_schedule, interviews, people, names)


def _plan_form(page: LoopPage, data: QueryDict | None) -> PlanForm:
    shown = [i for i in page.interviews if i.status != Interview.Status.CANCELLED or page.editable]
    return PlanForm(data, interviews=shown, people=page.people, zone=page.zone, keep=page.keep)


def _options(form: ProposeForm) -> solver.Options:
    values = form.cleaned_data
    return solver.Options(
        buffer_minutes=values["buffer_minutes"],
        max_rounds_per_day=values["max_rounds_per_day"],
        slot_minutes=int(values["slot_minutes"]),
        add_shadows=values.get("add_shadows", False),
    )


# --- the actions (POST) -------------------------------------------------------------------------


def _stash_key(loop_id: int) -> str:
    return f"loop-page-{loop_id}"


def _back(request: HttpRequest, loop: Loop, action: str, *, errors: list[str] = (), anchor: str) -> HttpResponse:
    """Back to the page with what was typed (once), so it shows the forms as sent and what went wrong."""
    data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    request.session[_stash_key(loop.pk)] = {"action": action, "data": data, "errors": list(errors)}
    return redirect(f"{reverse('interviews:loop', args=[loop.pk])}#{anchor}")


def _done(loop: Loop) -> HttpResponseRedirect:
    return redirect("interviews:loop", loop_id=loop.pk)


@require_POST
@login_required
def loop_availability(request: HttpRequest, loop_id: int) -> HttpResponse:
    """Save the candidate's windows, entered on the candidate's clock."""
    page = _loop_page(request, loop_id, schedule=True)
    formset = WindowFormSet(request.POST, prefix="w")
    if not formset.is_valid():
        return _back(request, page.loop, WINDOWS, anchor="problems")
    windows = formset.windows(page.zone)
    try:
        services.loop_set_availability(loop=page.loop, windows=windows, actor=request.user)
    except ValidationFailed as exc:
        return _back(request, page.loop, WINDOWS, errors=error_messages(exc), anchor="problems")
    messages.success(request, WINDOWS_SAVED.format(count=len(windows), plural="" if len(windows) == 1 else "s"))
    return _done(page.loop)


@require_POST
@login_required
def loop_reschedule_limits(request: HttpRequest, loop_id: int) -> HttpResponse:
    """How late and how often the candidate may ask to reschedule from their link."""
    page = _loop_page(request, loop_id, schedule=True)
    values = {}
    for name in ("notice_hours", "max_requests"):
        text = request.POST.get(name, "").strip()
        values[name] = int(text) if text.isdigit() and len(text) < 6 else text
    try:
        booking.loop_set_reschedule_limits(loop=page.loop, actor=request.user, **values)
    except ValidationFailed as exc:
        for field, problems in exc.errors.items():
            label = LIMIT_LABELS.get(field, "")
            for message in problems:
                messages.error(request, f"{label}: {message}" if label else message)
    else:
        messages.success(request, LIMITS_SAVED)
    return redirect("interviews:loop", loop_id=page.loop.pk)


@require_POST
@login_required
def loop_propose(request: HttpRequest, loop_id: int) -> HttpResponse:
    """Ask the scheduler for a plan with these options; the page shows it (nothing is saved)."""
    page = _loop_page(request, loop_id, schedule=True)
    return _back(request, page.loop, PROPOSE, anchor="propose")


@require_POST
@login_required
def loop_plan_check(request: HttpRequest, loop_id: int) -> HttpResponse:
    """Re-check an edited plan; the page shows every conflict (nothing is saved)."""
    page = _loop_page(request, loop_id, schedule=True)
    return _back(request, page.loop, CHECK, anchor="problems")


@require_POST
@login_required
def loop_plan_save(request: HttpRequest, loop_id: int) -> HttpResponse:
    """Re-check and book the plan, then say what happened; a refused plan comes back with its conflicts."""
    page = _loop_page(request, loop_id, schedule=True)
    options_form, plan_form = ProposeForm(request.POST), _plan_form(page, request.POST)
    if not (options_form.is_valid() and plan_form.is_valid()):
        return _back(request, page.loop, SAVE, anchor="problems")
    plan, options = plan_form.plan(), _options(options_form)
    if selectors.loop_plan_conflicts(loop=page.loop, plan=plan, options=options):
        return _back(request, page.loop, SAVE, anchor="problems")
    before = {i.pk: (i.status, i.start) for i in page.interviews}
    try:
        outcome = services.loop_schedule(loop=page.loop, actor=request.user, plan=plan, options=options)
    except ValidationFailed as exc:
        return _back(request, page.loop, SAVE, errors=error_messages(exc), anchor="problems")
    messages.success(request, _saved_message(outcome, before, page.zone))
    return _done(page.loop)


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
            parts.append(ROUND_REBOOKED.format(label=label, when=short_when(interview.start, zone), zone=zone.key))
        elif start != interview.start:
            parts.append(ROUND_MOVED.format(label=label, when=short_when(interview.start, zone), zone=zone.key))
        else:
            parts.append(ROUND_UPDATED.format(label=label))
    return INVITES_UPDATED.format(changes="; ".join(parts))


# --- the page (GET) -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One line of the error summary at the top of the loop page, linking to where it is fixed."""

    message: str
    target: str


@dataclass
class _Shown:
    """What the page shows after the last action (from the stash), or the loop as it is."""

    action: str
    errors: list[str]
    windows_formset: WindowFormSet
    options_form: ProposeForm
    plan_form: PlanForm
    plan: list[services.PlannedInterview]
    proposal: solver.Proposal | None = None
    conflicts: list[solver.Conflict] = field(default_factory=list)
    checked: bool = False


def _shown(request: HttpRequest, page: LoopPage) -> _Shown:
    stash = request.session.pop(_stash_key(page.loop.pk), None) or {}
    action, errors = stash.get("action", ""), list(stash.get("errors", []))
    data = _querydict(stash["data"]) if stash else None
    shown = _Shown(
        action=action,
        errors=errors,
        windows_formset=WindowFormSet(data if action == WINDOWS else None, prefix="w"),
        options_form=ProposeForm(data if action in OPTION_ACTIONS else None),
        plan_form=_plan_form(page, data if action in PLAN_ACTIONS else None),
        plan=_current_plan(page.interviews),
    )
    if action == PROPOSE:
        _show_proposal(request, page, shown)
    elif action in PLAN_ACTIONS:
        _show_conflicts(page, shown)
    if not shown.plan_form.is_bound:
        shown.plan_form.initial = _initial(shown.plan_form.interviews, shown.plan, page.zone)
    return shown


def _show_proposal(request: HttpRequest, page: LoopPage, shown: _Shown) -> None:
    if not shown.options_form.is_valid():
        return
    try:
        shown.proposal = services.loop_propose_schedule(
            loop=page.loop, actor=request.user, options=_options(shown.options_form)
        )
    except ValidationFailed as exc:
        shown.errors += error_messages(exc)
        return
    if shown.proposal.feasible:
        shown.plan = _from_proposal(shown.proposal)


def _show_conflicts(page: LoopPage, shown: _Shown) -> None:
    if not (shown.plan_form.is_valid() and shown.options_form.is_valid()):
        return
    shown.plan = shown.plan_form.plan()
    options = _options(shown.options_form)
    shown.conflicts = selectors.loop_plan_conflicts(loop=page.loop, plan=shown.plan, options=options)
    shown.checked = shown.action == CHECK and not shown.conflicts and not shown.errors


def _querydict(fields: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in fields.items():
        data.setlist(key, values)
    return data


def _current_plan(interviews: list[Interview]) -> list[services.PlannedInterview]:
    plan = []
    for interview in interviews:
        if interview.start is None or interview.status == Interview.Status.CANCELLED:
            continue
        roles = [(a.interviewer_id, a.role) for a in interview.assignments.all()]
        leads = tuple(uid for uid, role in roles if role == InterviewAssignment.Role.INTERVIEWER)
        shadows = tuple(uid for uid, role in roles if role == InterviewAssignment.Role.SHADOW)
        plan.append(services.PlannedInterview(interview.pk, interview.start, interview.end, leads, shadows))
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


def _local_input(moment: dt.datetime, zone) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def _initial(interviews, plan: list[services.PlannedInterview], zone) -> dict:
    """The editor's starting values: the plan's times and people, each round's place or link; a
    cancelled round shows what it was."""
    initial = {}
    for interview in interviews:
        initial[f"location_{interview.pk}"] = interview.location
        if interview.status == Interview.Status.CANCELLED and interview.start:
            initial[f"start_{interview.pk}"] = _local_input(interview.start, zone)
            initial[f"lead_{interview.pk}"] = next(iter(selectors.interviewers_of(interview)), None)
    for item in plan:
        initial[f"start_{item.interview_id}"] = _local_input(item.start, zone)
        initial[f"lead_{item.interview_id}"] = item.interviewers[0] if item.interviewers else None
        initial[f"shadow_{item.interview_id}"] = item.shadows[0] if item.shadows else None
    return initial


def _grid(page: LoopPage, shown: _Shown) -> grid.DayGrid:
    by_id = {i.pk: i for i in page.interviews}
    conflicts: dict = defaultdict(list)
    for conflict in shown.conflicts:
        conflicts[conflict.round_key].append(conflict.message)
    items = [
        grid.GridItem(
            key=item.interview_id,
            label=by_id[item.interview_id].round_type.name if item.interview_id in by_id else f"#{item.interview_id}",
            start=item.start,
            end=item.end,
            who=", ".join(page.names.get(uid, f"#{uid}") for uid in item.interviewers),
            shadow=", ".join(page.names.get(uid, f"#{uid}") for uid in item.shadows),
            conflicts=tuple(conflicts.get(item.interview_id, ())),
        )
        for item in shown.plan
    ]
    windows = [(w.start, w.end) for w in page.loop.windows.all()]
    return grid.day_grid(items=items, windows=windows, zone=page.zone)


def _form_problems(form, *, prefix: str = "", target: str | None = None) -> list[Problem]:
    """Each error of a bound form, linking to its field (or to `target`)."""
    if not form.is_bound:
        return []
    found = []
    for name, messages_ in form.errors.items():
        in_form = name in form.fields
        label = form.fields[name].label if in_form and target else ""
        where = target or (form[name].id_for_label if in_form else "edit")
        found += [Problem(f"{prefix}{label}: {m}" if label else f"{prefix}{m}", where) for m in messages_]
    return found


def _window_problems(formset: WindowFormSet) -> list[Problem]:
    if not formset.is_bound:
        return []
    found = [Problem(message, "availability") for message in formset.non_form_errors()]
    for index, form in enumerate(formset.forms, start=1):
        for name, messages_ in form.errors.items():
            target = form[name].id_for_label if name in form.fields else form["day"].id_for_label
            found += [Problem(f"Window {index}: {message}", target) for message in messages_]
    return found


def _problems(shown: _Shown) -> list[Problem]:
    section = {WINDOWS: "availability", PROPOSE: "propose"}.get(shown.action, "edit")
    found = [Problem(message, section) for message in shown.errors]
    found += _window_problems(shown.windows_formset)
    found += _form_problems(shown.options_form, target="propose")
    found += _form_problems(shown.plan_form)
    found += [Problem(c.message, f"id_start_{c.round_key}") for c in shown.conflicts]
    return found


def _candidate_link(request: HttpRequest, page: LoopPage) -> dict | None:
    """The candidate's link for whoever schedules the loop: to hand out while it is being scheduled, and once
    booked (the same link shows the booking and the reschedule request) to send again."""
    if not page.can_schedule:
        return None
    if page.loop.status in services.LINK_STATUSES:
        current = services.loop_availability_link(loop=page.loop, actor=request.user)
        token, expires_at, booked = current.token, current.expires_at, False
    elif page.loop.status == Loop.Status.SCHEDULED:
        token, expires_at = links.availability_token(loop=page.loop, now=timezone.now())
        booked = True
    else:
        return None
    url = request.build_absolute_uri(reverse("interviews:candidate-availability", args=[token]))
    return {"url": url, "expires_at": expires_at, "booked": booked}


@require_GET
@login_required
def loop_detail(request: HttpRequest, loop_id: int) -> HttpResponse:
    """The loop: its rounds, the candidate's availability, proposing and editing the plan (recruiters
    of its requisition), and the scorecard board. Interviewers and committee members read it."""
    page = _loop_page(request, loop_id)
    shown = _shown(request, page)
    staff = request.user.has_role(ADMIN, RECRUITER, HIRING_MANAGER)
    loop, zone = page.loop, page.zone
    context = {
        "loop": loop,
        "candidate": loop.application.candidate,
        "zone": zone,
        "can_schedule": page.can_schedule,
        "editable": page.editable,
        "staff": staff,
        "mine": {i.pk for i in page.interviews for a in i.assignments.all() if a.interviewer_id == request.user.pk},
        "packet_visible": loop_links_packet(viewer=request.user, loop=loop),
        "windows": [(w.start.astimezone(zone), w.end.astimezone(zone)) for w in loop.windows.all()],
        "windows_formset": shown.windows_formset,
        "options_form": shown.options_form,
        "plan_form": shown.plan_form,
        "proposal": shown.proposal,
        "conflicts": shown.conflicts,
        "problems": _problems(shown),
        "action": shown.action,
        "checked": shown.checked,
        "grid": _grid(page, shown),
        # Who has submitted is derived from the others' feedback: sealed until the viewer's own is in.
        "board_sealed": loop_feedback_sealed(viewer=request.user, loop=loop),
        "board": selectors.loop_scorecard_board(loop=loop)
        if staff and not loop_feedback_sealed(viewer=request.user, loop=loop)
        else [],
        "interviews": page.interviews,
        "names": page.names,
        "link": _candidate_link(request, page),
    }
    _declines(page)
    return render(request, "interviews/recruiter/loop.html", context)


def _declines(page) -> None:
    """Each interview's open declines and, for whoever schedules the loop, who could take it over (set on
    the interviews as `open_declines` and `replacement_options`)."""
    declines = selectors.interview_open_declines(interviews=page.interviews)
    for interview in page.interviews:
        interview.open_declines = declines.get(interview.pk, [])
        interview.replacement_options = (
            selectors.interview_replacements(interview=interview)
            if page.can_schedule and interview.open_declines
            else []
        )


# --- cancelling one round -------------------------------------------------------------------------


def _cancel_recipients(interview: Interview) -> list[str]:
    """Who a cancellation reaches (exactly whom the sender writes to), as the page names them."""
    to_candidate, assignments = invite_recipients(interview)
    candidate = interview.loop.application.candidate
    people = [f"{candidate.name} (candidate)"] if to_candidate else []
    return people + [f"{a.interviewer} ({a.get_role_display().lower()})" for a in assignments]


def _cancellable(request: HttpRequest, interview_id: int) -> Interview:
    """404 unless the viewer sees the interview; 403 unless they schedule its loop."""
    interview = (
        selectors.interview_detail_queryset(viewer=request.user)
        .select_related("loop__application__requisition")
        .filter(pk=interview_id)
        .first()
    )
    if interview is None:
        raise Http404()
    if not selectors.loop_can_schedule(viewer=request.user, loop=interview.loop):
        raise PermissionDenied(services.ONLY_RECRUITERS_SCHEDULE)
    return interview


def _cancel_blocked(interview: Interview) -> str:
    if interview.status == Interview.Status.CANCELLED:
        return services.ALREADY_CANCELLED
    if interview.end is not None and interview.end <= timezone.now():
        return services.INTERVIEW_DONE
    return ""


@require_http_methods(["GET", "POST"])
@login_required
def interview_cancel(request: HttpRequest, interview_id: int) -> HttpResponse:
    """GET: what cancelling will do (who gets a CANCEL, whose drafts go) and the button; POST: cancel it."""
    interview = _cancellable(request, interview_id)
    if request.method == "POST":
        return _cancel(request, interview)
    drafts = [str(card.interviewer) for card in interview.scorecards.all() if card.status == Scorecard.Status.DRAFT]
    return render(
        request,
        "interviews/recruiter/interview_cancel.html",
        {
            "interview": interview,
            "candidate": interview.loop.application.candidate,
            "zone": interview.loop.application.candidate.zone,
            "blocked": _cancel_blocked(interview),
            "invited": interview.start is not None,
            "recipients": _cancel_recipients(interview),
            "drafts": drafts,
        },
    )


def _cancel(request: HttpRequest, interview: Interview) -> HttpResponse:
    try:
        services.interview_cancel(interview=interview, actor=request.user)
    except ValidationFailed as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, INTERVIEW_CANCELLED.format(label=interview.round_type.name))
    return redirect("interviews:loop", loop_id=interview.loop_id)


# --- declining and replacing ----------------------------------------------------------------------

DECLINED = "Declined. The recruiter is told why and will find someone else; you stay invited until then."
REPLACED = "{name} now runs {label}; the invites are updated for everyone."


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why you cannot do it",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The recruiter reads this to find someone else.",
    )


def _interview_seen(request: HttpRequest, interview_id: int) -> Interview:
    interview = selectors.interview_detail_queryset(viewer=request.user).filter(pk=interview_id).first()
    if interview is None:
        raise Http404()
    return interview


@require_http_methods(["GET", "POST"])
@login_required
def interview_decline(request: HttpRequest, interview_id: int) -> HttpResponse:
    """An interviewer on an upcoming interview: say why they cannot do it (the recruiter is told)."""
    interview = _interview_seen(request, interview_id)
    refusal = services.interview_decline_refusal(viewer=request.user, interview=interview)
    if refusal == services.DECLINE_NOT_ON_IT:
        raise PermissionDenied(refusal)
    form = DeclineForm(request.POST or None)
    status = 200
    if refusal:
        form = None
        status = 400 if request.method == "POST" else 200
    elif request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.interview_decline(interview=interview, actor=request.user, reason=form.cleaned_data["reason"])
            except ValidationFailed as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, DECLINED)
                return redirect("interviews:my-interviews")
    return render(
        request,
        "interviews/interview_decline.html",
        {"interview": interview, "form": form, "refusal": refusal, "zone": request.user.zone},
        status=status,
    )


@require_POST
@login_required
def interview_replace(request: HttpRequest, interview_id: int) -> HttpResponse:
    """The recruiter puts a replacement in a declined interviewer's place, in one step."""
    interview = _cancellable(request, interview_id)
    try:
        from_user, to_user = int(request.POST.get("from", "")), int(request.POST.get("to", ""))
    except ValueError:
        messages.error(request, services.REPLACE_NOT_FREE.format(name="that person"))
        return redirect("interviews:loop", loop_id=interview.loop_id)
    try:
        services.interview_replace(interview=interview, actor=request.user, from_user=from_user, to_user=to_user)
    except ValidationFailed as exc:
        flash_errors(request, exc)
    else:
        name = InterviewAssignment.objects.select_related("interviewer").get(
            interview=interview, interviewer_id=to_user
        )
        messages.success(request, REPLACED.format(name=name.interviewer, label=interview.round_type.name))
    return redirect("interviews:loop", loop_id=interview.loop_id)
