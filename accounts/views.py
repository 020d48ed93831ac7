"""The signed-in person's own account page: their name and the time zone pages use."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts import services
from core.fields import timezone_names
from interviews.services import interviewer_profile_update

SAVED = "Saved. Times on every page are now shown in {zone}."


class AccountForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=200, required=False)
    timezone = forms.ChoiceField(label="Time zone", help_text="Pages show times in this zone.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = [(z, z.replace("_", " ")) for z in sorted(timezone_names())]


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    profile = _profile(user)
    current_zone = profile.timezone if profile else user.timezone
    form = AccountForm(request.POST or None, initial={"name": user.name, "timezone": current_zone})
    if request.method == "POST" and form.is_valid():
        zone = form.cleaned_data["timezone"]
        with transaction.atomic():
            services.user_update(user=user, name=form.cleaned_data["name"], timezone_name=zone)
            if profile is not None:
                # An interviewer's working hours live in their profile's zone: they move together.
                interviewer_profile_update(profile=profile, actor=user, timezone_name=zone)
        messages.success(request, SAVED.format(zone=zone))
        return redirect("account")
    return render(request, "accounts/account.html", {"form": form, "profile": profile})


def _profile(user):
    try:
        return user.interviewer_profile
    except ObjectDoesNotExist:
        return None
