"""Interviewer profiles: the list (recruiters, admins) and one interviewer's page with its actions.

The page reads (GET); each action is its own small POST view: save the profile, add or remove a
block of busy time, import busy time from an .ics file. A refused one shows the page again with the
reasons beside the fields (400); a successful one redirects back.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST, require_safe

from accounts.roles import ADMIN, RECRUITER
from core.errors import PermissionDenied as DomainPermissionDenied
from core.errors import ValidationFailed
from core.forms import error_messages, form_add_errors
from interviews import calendar_sync
from interviews.models import BusyBlock, InterviewerProfile, RoundType
from interviews.scheduling import invites, selectors, services
from interviews.scheduling.forms import (
    BusyBlockForm,
    IcsUploadForm,
    InterviewerProfileForm,
    interviewer_profile_initial,
)
from interviews.selectors import (
    interviewer_profile_can_manage,
    interviewer_profile_list,
    profile_promotions_due,
    profile_weekly_load,
)
from interviews.services import interviewer_feed_rotate as interviewer_feed_rotate_service
from interviews.services import interviewer_feed_token, interviewer_profile_update
from interviews.views.common import short_when

ICS_IMPORTED = "Imported {count} busy block{plural} from the calendar file."
PROFILE_SAVED = "Profile saved. The scheduler uses it from now on."
BUSY_ADDED = "Busy time added: {when}."
BUSY_REMOVED = "Busy time removed: {when}."
BUSY_NOT_FOUND = "That busy time is gone already, or was imported from a calendar file (upload a new file instead)."
ONLY_THEY_EDIT = "Only recruiters, admins and the interviewer themselves change this profile."
WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


@require_GET
@login_required
def interviewer_profiles(request: HttpRequest) -> HttpResponse:
    if not request.user.has_role(ADMIN, RECRUITER):
        raise PermissionDenied
    profiles = interviewer_profile_list(viewer=request.user)
    return render(request, "interviews/recruiter/interviewers.html", {"profiles": profiles})


@login_required
@require_safe
def interviewer_load(request: HttpRequest) -> HttpResponse:
    """Recruiters and admins: everyone's interviews per ISO week against their cap (interviews.load)."""
    if not request.user.has_role(ADMIN, RECRUITER):
        raise PermissionDenied
    rows = [(profile, profile_weekly_load(profile)) for profile in interviewer_profile_list(viewer=request.user)]
    weeks = rows[0][1] if rows else []
    return render(request, "interviews/recruiter/interviewer_load.html", {"rows": rows, "weeks": weeks})


def _feed_url(request: HttpRequest, profile: InterviewerProfile) -> str:
    """The person's private calendar link, for their own eyes only."""
    if request.user.pk != profile.user_id:
        return ""
    return request.build_absolute_uri(reverse("interviewer-feed", args=[interviewer_feed_token(profile=profile)]))


def _profile(request: HttpRequest, profile_id: int, *, edit: bool = False) -> InterviewerProfile:
    """The access check for every view here: 404 unless the viewer sees the profile; 403 for an action
    (`edit=True`) unless they are a recruiter, an admin or the interviewer themselves."""
    profile = interviewer_profile_list(viewer=request.user).filter(pk=profile_id).first()
    if profile is None:
        raise Http404()
    if edit and not _can_edit(request, profile):
        raise PermissionDenied(ONLY_THEY_EDIT)
    return profile


def _can_edit(request: HttpRequest, profile: InterviewerProfile) -> bool:
    return interviewer_profile_can_manage(viewer=request.user) or profile.user_id == request.user.pk


def _profile_form(request: HttpRequest, profile: InterviewerProfile, data=None) -> InterviewerProfileForm:
    return InterviewerProfileForm(
        data,
        initial=interviewer_profile_initial(profile),
        round_types=RoundType.objects.order_by("order", "code"),
        can_train=interviewer_profile_can_manage(viewer=request.user),
    )


def _render(
    request: HttpRequest,
    profile: InterviewerProfile,
    *,
    profile_form: InterviewerProfileForm | None = None,
    busy_form: BusyBlockForm | None = None,
    ics_form: IcsUploadForm | None = None,
    calendar_errors: list[str] = (),
    status: int = 200,
) -> HttpResponse:
    zone = profile.user.zone
    upcoming = selectors.interviewer_upcoming_interviews(profile=profile, viewer=request.user)
    return render(
        request,
        "interviews/recruiter/interviewer.html",
        {
            "profile": profile,
            "form": ics_form or IcsUploadForm(),
            "profile_form": profile_form or _profile_form(request, profile),
            "busy_form": busy_form or BusyBlockForm(prefix="busy"),
            "can_edit": _can_edit(request, profile),
            "can_train": interviewer_profile_can_manage(viewer=request.user),
            "promotions": profile_promotions_due(profile),
            "feed_url": _feed_url(request, profile),
            "can_calendar": calendar_sync.calendar_can_manage(viewer=request.user, profile=profile),
            "calendar": {
                "connected": calendar_sync.calendar_connected(profile),
                "caldav_url": profile.caldav_url,
                "username": profile.caldav_username,
                "last_synced_at": profile.caldav_last_synced_at,
                "error": profile.caldav_error,
            },
            "calendar_errors": calendar_errors,
            "busy": [(b.start.astimezone(zone), b.end.astimezone(zone), b) for b in profile.upcoming_busy],
            "weekdays": ", ".join(WEEKDAY_NAMES[d] for d in sorted(profile.weekdays or [])),
            "zone": zone,
            "upcoming": [(i, i.start.astimezone(zone) if i.start else None) for i in upcoming.shown],
            "upcoming_elsewhere": upcoming.elsewhere,
        },
        status=status,
    )


@require_GET
@login_required
def interviewer_profile(request: HttpRequest, profile_id: int) -> HttpResponse:
    """One interviewer: training and seniority (recruiters, admins), hours, zone, weekly cap and busy
    time (also the interviewer themselves), a .ics upload, and their upcoming interviews."""
    return _render(request, _profile(request, profile_id))


def _back(profile: InterviewerProfile) -> HttpResponse:
    return redirect("interviews:interviewer", profile_id=profile.pk)


@require_POST
@login_required
def interviewer_profile_save(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = _profile(request, profile_id, edit=True)
    form = _profile_form(request, profile, request.POST)
    if form.is_valid():
        try:
            interviewer_profile_update(profile=profile, actor=request.user, data=form.changes())
        except ValidationFailed as exc:
            form_add_errors(form, exc, {"working_hours": "work_end"})
        else:
            messages.success(request, PROFILE_SAVED)
            return _back(profile)
    return _render(request, profile, profile_form=form, status=400)


def _entered(profile: InterviewerProfile) -> list[BusyBlock]:
    return [b for b in profile.upcoming_busy if b.source == BusyBlock.Source.MANUAL]


@require_POST
@login_required
def interviewer_busy_add(request: HttpRequest, profile_id: int) -> HttpResponse:
    """A block of busy time on the interviewer's own clock."""
    profile = _profile(request, profile_id, edit=True)
    form = BusyBlockForm(request.POST, prefix="busy")
    if form.is_valid():
        block = form.block(profile.user.zone)
        keep = [{"start": b.start, "end": b.end} for b in _entered(profile)]
        try:
            interviewer_profile_update(profile=profile, actor=request.user, data={"busy": [*keep, block]})
        except ValidationFailed as exc:
            form_add_errors(form, exc, {"busy": "end"})
        else:
            messages.success(request, BUSY_ADDED.format(when=_span(block["start"], block["end"], profile.user.zone)))
            return _back(profile)
    return _render(request, profile, busy_form=form, status=400)


@require_POST
@login_required
def interviewer_busy_remove(request: HttpRequest, profile_id: int, block_id: int) -> HttpResponse:
    """Remove an entered block (imported ones are replaced by the next upload)."""
    profile = _profile(request, profile_id, edit=True)
    entered = _entered(profile)
    gone = next((b for b in entered if b.pk == block_id), None)
    if gone is None:
        messages.error(request, BUSY_NOT_FOUND)
        return _back(profile)
    keep = [{"start": b.start, "end": b.end} for b in entered if b.pk != gone.pk]
    interviewer_profile_update(profile=profile, actor=request.user, data={"busy": keep})
    messages.success(request, BUSY_REMOVED.format(when=_span(gone.start, gone.end, profile.user.zone)))
    return _back(profile)


@require_POST
@login_required
def interviewer_busy_import(request: HttpRequest, profile_id: int) -> HttpResponse:
    """Replace the upcoming imported busy time with the events of an .ics file."""
    profile = _profile(request, profile_id, edit=True)
    form = IcsUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            count = services.interviewer_busy_import_ics(
                profile=profile, actor=request.user, content=form.cleaned_data["file"].read()
            )
        except ValidationFailed as exc:
            for message in error_messages(exc):
                form.add_error("file", message)
        else:
            messages.success(request, ICS_IMPORTED.format(count=count, plural="" if count == 1 else "s"))
            return _back(profile)
    return _render(request, profile, ics_form=form, status=400)


def _span(start: dt.datetime, end: dt.datetime, zone) -> str:
    a, b = start.astimezone(zone), end.astimezone(zone)
    until = f"{b:%H:%M}" if a.date() == b.date() else short_when(b, zone)
    return f"{short_when(a, zone)}–{until} ({zone.key})"


FEED_ROTATED = "A new calendar link is ready; the old one no longer works. Subscribe to the new one."


@transaction.non_atomic_requests
@require_safe
def interviewer_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's interviews as an iCalendar subscription, opened by its secret alone (calendar apps have no
    session); 404 for any other token. Revoked by making a new link."""
    profile = selectors.interviewer_feed_profile(token=token)
    if profile is None:
        raise Http404()
    body = invites.interviewer_feed_ics(interviews=selectors.interviewer_feed_interviews(profile=profile))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_POST
def interviewer_feed_rotate(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = _profile(request, profile_id)
    try:
        interviewer_feed_rotate_service(profile=profile, actor=request.user)
    except DomainPermissionDenied as exc:
        raise PermissionDenied(exc.message) from None
    messages.success(request, FEED_ROTATED)
    return redirect("interviews:interviewer", profile_id=profile.pk)


CALENDAR_SAVED = "Calendar saved; it is being synced."
CALENDAR_REMOVED = "Calendar disconnected."
CALENDAR_SYNCED = (
    "Synced: {busy} busy block{bs} read; {written} interview{ws} written, {updated} updated, {removed} removed."
)


@sensitive_post_parameters("password")
@require_POST
@login_required
def interviewer_calendar(request: HttpRequest, profile_id: int) -> HttpResponse:
    """Connect, change or (with an empty URL) disconnect the person's CalDAV calendar."""
    profile = _profile(request, profile_id)
    try:
        calendar_sync.interviewer_calendar_connect(
            profile=profile,
            actor=request.user,
            caldav_url=request.POST.get("caldav_url", ""),
            username=request.POST.get("username", ""),
            password=request.POST.get("password", ""),
        )
    except DomainPermissionDenied as exc:
        raise PermissionDenied(exc.message) from None
    except ValidationFailed as exc:
        return _render(request, profile, calendar_errors=error_messages(exc), status=400)
    messages.success(request, CALENDAR_SAVED if request.POST.get("caldav_url", "").strip() else CALENDAR_REMOVED)
    return _back(profile)


@require_POST
@login_required
def interviewer_calendar_sync(request: HttpRequest, profile_id: int) -> HttpResponse:
    """Sync the connected calendar now and say what changed (or why it failed)."""
    profile = _profile(request, profile_id)
    try:
        result = calendar_sync.interviewer_calendar_sync_now(profile=profile, actor=request.user)
    except DomainPermissionDenied as exc:
        raise PermissionDenied(exc.message) from None
    except ValidationFailed as exc:
        return _render(request, profile, calendar_errors=error_messages(exc), status=400)
    except calendar_sync.CalendarUnreachable as exc:
        messages.error(request, exc.message)
        return _back(profile)
    plural = {"bs": "" if result.busy == 1 else "s", "ws": "" if result.written == 1 else "s"}
    messages.success(request, CALENDAR_SYNCED.format(**result.__dict__, **plural))
    return _back(profile)
