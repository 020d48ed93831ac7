"""The signed-in person's own account page: their name and the time zone pages use."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts import services, two_factor
from accounts.roles import INTERVIEWER
from core.forms import TimezoneChoiceField

SAVED = "Saved. Times on every page are now shown in {zone}."
SET_UP = "Two-factor sign-in is on: from now on you sign in with your password and a code from the app."
TURNED_OFF = "Two-factor sign-in is off."


class AccountForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=200, required=False)
    timezone = TimezoneChoiceField(label="Time zone", help_text="Pages show times in this zone.")


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
        "two_factor_may_turn_off": two_factor.may_turn_off(user),
        "two_factor_required": two_factor.is_required_for(user),
    }
    return render(request, "accounts/account.html", context)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Six-digit code",
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _code_given(request: HttpRequest) -> tuple[CodeForm, str | None]:
    """The code form of the two-factor pages, and the code when one was posted."""
    form = CodeForm(request.POST or None)
    posted = request.method == "POST" and form.is_valid()
    return form, form.cleaned_data["code"] if posted else None


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the person's authenticator app."""
    if two_factor.device_for(request.user) is None:
        return redirect("two_factor_setup")
    form, code = _code_given(request)
    if code is not None:
        if two_factor.session_code_given(request, code):
            return redirect(two_factor.safe_next(request))
        form.add_error("code", two_factor.CODE_WRONG)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": two_factor.safe_next(request)})


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up (or replace) the authenticator app: scan the QR code or type the key, then give a code."""
    user = request.user
    if two_factor.session_pending(request) and two_factor.device_for(user) is not None:
        return redirect("two_factor_verify")  # the middleware already sends them there; never replace it here
    device = two_factor.enrolment_pending(user) or two_factor.enrolment_start(user)
    form, code = _code_given(request)
    if code is not None:
        if two_factor.enrolment_confirm(request, device, code):
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
    if not two_factor.may_turn_off(request.user):
        return redirect("account")
    form, code = _code_given(request)
    if code is not None:
        if two_factor.turn_off(request, code):
            messages.success(request, TURNED_OFF)
            return redirect("account")
        form.add_error("code", two_factor.CODE_WRONG)
    return render(request, "accounts/two_factor_remove.html", {"form": form})
