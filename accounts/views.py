"""The signed-in person's own account page: their name and the time zone pages use."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts import services
from accounts.roles import INTERVIEWER
from core.fields import timezone_choices

SAVED = "Saved. Times on every page are now shown in {zone}."


class AccountForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=200, required=False)
    timezone = forms.ChoiceField(
        label="Time zone", help_text="Pages show times in this zone.", choices=timezone_choices
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = AccountForm(request.POST or None, initial={"name": user.name, "timezone": user.timezone})
    if request.method == "POST" and form.is_valid():
        zone = form.cleaned_data["timezone"]
        services.user_update(user=user, data={"name": form.cleaned_data["name"], "timezone": zone})
        messages.success(request, SAVED.format(zone=zone))
        return redirect("account")
    return render(request, "accounts/account.html", {"form": form, "is_interviewer": user.has_role(INTERVIEWER)})
