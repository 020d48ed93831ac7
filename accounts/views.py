"""The signed-in person's own account page: their name and the time zone pages use."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts import hooks, services, two_factor
from accounts.roles import INTERVIEWER
from core.fields import timezone_choices

SAVED = "Saved. Times on every page are now shown in {zone}."
SET_UP = "Two-factor sign-in is on: from now on you sign in with your password and a code from the app."
TURNED_OFF = "Two-factor sign-in is off."


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
    context = {
        "form": form,
        "is_interviewer": user.has_role(INTERVIEWER),
        "two_factor_on": two_factor.device_for(user) is not None,
        "two_factor_required": two_factor.is_required_for(user),
    }
    return render(request, "accounts/account.html", context)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Six-digit code",
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the person's authenticator app."""
    device = two_factor.device_for(request.user)
    if device is None:
        return redirect("two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.code_is_valid(device, form.cleaned_data["code"]):
            two_factor.session_verified(request)
            hooks.second_factor_checked.call(user=request.user, request=request, ok=True)
            return redirect(two_factor.safe_next(request))
        hooks.second_factor_checked.call(user=request.user, request=request, ok=False)
        form.add_error("code", two_factor.CODE_WRONG)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": two_factor.safe_next(request)})


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up (or replace) the authenticator app: scan the QR code or type the key, then give a code."""
    user = request.user
    if two_factor.session_pending(request) and two_factor.device_for(user) is not None:
        return redirect("two_factor_verify")  # the middleware already sends them there; never replace it here
    device = two_factor.enrolment_pending(user) or two_factor.enrolment_start(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.enrolment_confirm(device, form.cleaned_data["code"]):
            two_factor.session_verified(request)
            hooks.second_factor_changed.call(user=user, request=request, enabled=True)
            messages.success(request, SET_UP)
            return redirect(two_factor.safe_next(request, default=reverse("account")))
        form.add_error("code", two_factor.CODE_WRONG)
    context = {
        "form": form,
        "qr_svg": two_factor.qr_svg(device),
        "secret": two_factor.secret_of(device),
        "has_device": two_factor.device_for(user) is not None,
        "required": two_factor.is_required_for(user),
        "next": two_factor.safe_next(request, default=""),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in off, with a current code; admins cannot while it is required of them."""
    user = request.user
    device = two_factor.device_for(user)
    if device is None or two_factor.is_required_for(user):
        return redirect("account")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.code_is_valid(device, form.cleaned_data["code"]):
            two_factor.remove(user)
            hooks.second_factor_changed.call(user=user, request=request, enabled=False)
            messages.success(request, TURNED_OFF)
            return redirect("account")
        form.add_error("code", two_factor.CODE_WRONG)
    return render(request, "accounts/two_factor_remove.html", {"form": form})
