"""The candidate's page: reached through a signed, expiring link, no account needed. It offers complete
plans to book (interviews/scheduling/booking.py), falls back to typing windows when none fits, and once the
loop is booked shows the times and lets the candidate ask to reschedule within the recruiter's limits."""

import zoneinfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.errors import ValidationFailed
from core.forms import error_messages
from interviews.models import Loop
from interviews.scheduling import booking, services
from interviews.scheduling.forms import WindowFormSet, ZoneForm

SAVED = "Thank you, your availability is saved. Your recruiter will choose the times and send the invitations."
BOOKED = "Your interviews are booked. The invitations are on their way to your inbox."
ASKED = "Your request is with your recruiter; they will write to you with new times."
# A genuine link for a loop that moved on says what happened; a forged or expired one cannot be used.
HEADINGS = {
    services.LINK_LOOP_SCHEDULED: "Your interviews are scheduled",
    services.LINK_LOOP_DONE: "Your interviews have taken place",
    services.LINK_LOOP_CANCELLED: "This interview loop was cancelled",
}
DEFAULT_HEADING = "This link cannot be used"


def candidate_availability(request: HttpRequest, token: str) -> HttpResponse:
    try:
        loop = booking.loop_from_booking_token(token=token)
    except ValidationFailed as exc:
        message = exc.errors["token"][0]
        return render(
            request,
            "interviews/public/availability_invalid.html",
            {"message": message, "heading": HEADINGS.get(message, DEFAULT_HEADING)},
            status=410,
        )
    if loop.status == Loop.Status.SCHEDULED:
        return _booked(request, loop)
    errors: list[str] = []
    if request.method == "POST" and "option" in request.POST:
        try:
            booking.booking_book(loop=loop, option_id=request.POST["option"])
        except booking.OptionTaken as taken:
            errors = [taken.message]
        except ValidationFailed as exc:
            errors = error_messages(exc)
        else:
            messages.success(request, BOOKED)
            return redirect(request.path)
        return _choose(request, loop, ZoneForm(initial=_zone_initial(loop)), WindowFormSet(prefix="w"), errors)
    zone_form = ZoneForm(request.POST or None, initial=_zone_initial(loop))
    formset = WindowFormSet(request.POST or None, prefix="w")
    if request.method == "POST" and zone_form.is_valid() and formset.is_valid():
        chosen = zone_form.cleaned_data["timezone"]
        try:
            # The zone they chose becomes theirs: the recruiter's page and the invites follow it.
            services.loop_set_availability(
                loop=loop,
                windows=formset.windows(zoneinfo.ZoneInfo(chosen)),
                actor=None,
                candidate_timezone=chosen,
            )
        except ValidationFailed as exc:
            errors = error_messages(exc)
        else:
            messages.success(request, SAVED)
            return redirect(request.path)
    return _choose(request, loop, zone_form, formset, errors)


def _zone_initial(loop: Loop) -> dict:
    return {"timezone": loop.application.candidate.timezone or "UTC"}


def _choose(request: HttpRequest, loop: Loop, zone_form, formset, errors: list[str]) -> HttpResponse:
    """The options to book (when a complete plan fits) above the form for typing windows."""
    candidate = loop.application.candidate
    shown_zone = zoneinfo.ZoneInfo(
        zone_form.cleaned_data["timezone"]
        if zone_form.is_bound and zone_form.is_valid()
        else candidate.timezone or "UTC"
    )
    windows = [(w.start.astimezone(shown_zone), w.end.astimezone(shown_zone)) for w in loop.windows.all()]
    open_rounds = list(loop.interviews.exclude(status="cancelled").select_related("round_type"))
    names = {i.pk: i.round_type.name for i in open_rounds}
    candidate_zone = zoneinfo.ZoneInfo(candidate.timezone or "UTC")
    options = [
        {
            "id": option.id,
            "days": option.days,
            "rounds": [
                {
                    "name": names.get(s.round_key, ""),
                    "start": s.start.astimezone(candidate_zone),
                    "end": s.end.astimezone(candidate_zone),
                }
                for s in option.slots
            ],
        }
        for option in booking.booking_options(loop=loop)
    ]
    return render(
        request,
        "interviews/public/availability.html",
        {
            "candidate_name": candidate.name,
            "zone_name": shown_zone.key,
            "candidate_zone": candidate_zone.key,
            "zone_form": zone_form,
            "formset": formset,
            "errors": errors,
            "windows": windows,
            "options": options,
            "total_minutes": sum(i.minutes for i in open_rounds),
            "rounds": len(open_rounds),
        },
        status=409 if errors and errors[0] in (booking.OPTION_TAKEN, booking.ALREADY_BOOKED) else 200,
    )


def _booked(request: HttpRequest, loop: Loop) -> HttpResponse:
    """What is booked, in the candidate's zone, and the reschedule request (when the limits allow one)."""
    errors: list[str] = []
    reason = ""
    if request.method == "POST" and "option" in request.POST:  # a second tab, or a double click
        return _booked_page(request, loop, notice=booking.ALREADY_BOOKED, status=409)
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        try:
            booking.booking_reschedule_request(loop=loop, reason=reason)
        except ValidationFailed as exc:
            errors = error_messages(exc)
        else:
            messages.success(request, ASKED)
            return redirect(request.path)
    return _booked_page(request, loop, errors=errors, reason=reason, status=400 if errors else 200)


def _booked_page(
    request: HttpRequest, loop: Loop, *, errors=(), reason: str = "", notice: str = "", status: int = 200
) -> HttpResponse:
    zone = zoneinfo.ZoneInfo(loop.application.candidate.timezone or "UTC")
    interviews = [
        {
            "name": i.round_type.name,
            "start": i.start.astimezone(zone),
            "end": i.end.astimezone(zone),
            "location": i.location,
            "meeting_url": i.meeting_url,
        }
        for i in booking.loop_booked_interviews(loop) or []
    ]
    return render(
        request,
        "interviews/public/booked.html",
        {
            "candidate_name": loop.application.candidate.name,
            "zone_name": zone.key,
            "interviews": interviews,
            "refusal": booking.reschedule_refusal(loop=loop),
            "open_request": loop.reschedule_requests.filter(resolved_at__isnull=True).last(),
            "errors": errors,
            "reason": reason,
            "notice": notice,
            "reason_max": booking.REASON_MAX,
        },
        status=status,
    )
