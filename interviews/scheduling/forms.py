"""Forms for the scheduling pages: windows entered in a person's own time zone, plan edits."""

import datetime as dt
import zoneinfo

from django import forms

from interviews.scheduling.serializers import SLOT_CHOICES

WINDOW_ORDER = "The window must end after it starts."
WINDOW_HALF = "Give a date, a start and an end."
NO_WINDOW = "Enter at least one window."
UNKNOWN_ZONE = "Choose a time zone from the list."


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


class WindowForm(forms.Form):
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Date")
    start = forms.TimeField(required=False, widget=forms.TimeInput(attrs={"type": "time"}), label="From")
    end = forms.TimeField(required=False, widget=forms.TimeInput(attrs={"type": "time"}), label="To")

    def clean(self):
        values = super().clean()
        given = [values.get(name) for name in ("day", "start", "end")]
        if any(v is not None for v in given) and not all(v is not None for v in given):
            raise forms.ValidationError(WINDOW_HALF)
        if all(v is not None for v in given) and values["end"] <= values["start"]:
            self.add_error("end", WINDOW_ORDER)
        return values

    def window(self, zone: dt.tzinfo) -> dict | None:
        values = self.cleaned_data
        if not values or values.get("day") is None:
            return None
        return {
            "start": dt.datetime.combine(values["day"], values["start"], tzinfo=zone),
            "end": dt.datetime.combine(values["day"], values["end"], tzinfo=zone),
        }


class BaseWindowFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not any(form.cleaned_data.get("day") for form in self.forms):
            raise forms.ValidationError(NO_WINDOW)

    def windows(self, zone: dt.tzinfo) -> list[dict]:
        return [w for w in (form.window(zone) for form in self.forms) if w is not None]


WindowFormSet = forms.formset_factory(WindowForm, formset=BaseWindowFormSet, extra=5, max_num=20)


class ZoneForm(forms.Form):
    timezone = forms.ChoiceField(label="Your time zone", choices=timezone_choices)


class ProposeForm(forms.Form):
    buffer_minutes = forms.IntegerField(label="Buffer between rounds (minutes)", min_value=0, max_value=240, initial=15)
    max_rounds_per_day = forms.IntegerField(label="Rounds per day at most", min_value=1, max_value=12, initial=4)
    slot_minutes = forms.TypedChoiceField(
        label="Start times every", choices=[(s, f"{s} minutes") for s in SLOT_CHOICES], coerce=int, initial=15
    )
    add_shadows = forms.BooleanField(label="Add a trainee as shadow where one is free", required=False)


class IcsUploadForm(forms.Form):
    file = forms.FileField(label="Calendar file (.ics)")
