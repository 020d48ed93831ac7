"""The candidate's availability page: reached through a signed, expiring link, no account needed."""

import zoneinfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.errors import ValidationFailed
from core.forms import error_messages
from interviews.scheduling import services
from interviews.scheduling.forms import WindowFormSet, ZoneForm

SAVED = "Thank you, your availability is saved. Your recruiter will send the invitations."
# A genuine link for a loop that moved on says what happened; a forged or expired one cannot be used.
HEADINGS = {
    services.LINK_LOOP_SCHEDULED: "Your interviews are scheduled",
    services.LINK_LOOP_DONE: "Your interviews have taken place",
    services.LINK_LOOP_CANCELLED: "This interview loop was cancelled",
}
DEFAULT_HEADING = "This link cannot be used"


def candidate_availability(request: HttpRequest, token: str) -> HttpResponse:
    try:
        loop = services.loop_from_availability_token(token=token)
    except ValidationFailed as exc:
        message = exc.errors["token"][0]
        return render(
            request,
            "interviews/public/availability_invalid.html",
            {"message": message, "heading": HEADINGS.get(message, DEFAULT_HEADING)},
            status=410,
        )
    candidate = loop.application.candidate
    zone_form = ZoneForm(request.POST or None, initial={"timezone": candidate.timezone or "UTC"})
    formset = WindowFormSet(request.POST or None, prefix="w")
    errors: list[str] = []
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
    shown_zone = zoneinfo.ZoneInfo(
        zone_form.cleaned_data["timezone"]
        if zone_form.is_bound and zone_form.is_valid()
        else candidate.timezone or "UTC"
    )
    windows = [(w.start.astimezone(shown_zone), w.end.astimezone(shown_zone)) for w in loop.windows.all()]
    minutes = sum(i.minutes for i in loop.interviews.exclude(status="cancelled"))
    return render(
        request,
        "interviews/public/availability.html",
        {
            "candidate_name": candidate.name,
            "zone_name": shown_zone.key,
            "zone_form": zone_form,
            "formset": formset,
            "errors": errors,
            "windows": windows,
            "total_minutes": minutes,
            "rounds": loop.interviews.exclude(status="cancelled").count(),
        },
    )
