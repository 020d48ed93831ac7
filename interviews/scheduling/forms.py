"""Forms for the scheduling pages: windows entered in a person's own time zone, plan edits."""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django import forms

from core.forms import TimezoneChoiceField
from interviews.models import Interview, InterviewerProfile, Qualification
from interviews.scheduling import services, solver
from interviews.scheduling.serializers import SLOT_CHOICES

WINDOW_ORDER = "The window must end after it starts."
WINDOW_HALF = "Give a date, a start and an end."
NO_WINDOW = "Enter at least one window."
UNKNOWN_ZONE = "Choose a time zone from the list."
PICK_SOMEONE = "Choose an interviewer."
REBOOK_NEEDS_START = "Give a start to rebook this round."
REBOOK_NEEDS_LEAD = "Choose who runs the rebooked round."
NOT_QUALIFIED_SUFFIX = " (not qualified for this round)"


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
    timezone = TimezoneChoiceField(label="Your time zone")


class ProposeForm(forms.Form):
    buffer_minutes = forms.IntegerField(label="Buffer between rounds (minutes)", min_value=0, max_value=240, initial=15)
    max_rounds_per_day = forms.IntegerField(label="Rounds per day at most", min_value=1, max_value=12, initial=4)
    slot_minutes = forms.TypedChoiceField(
        label="Start times every", choices=[(s, f"{s} minutes") for s in SLOT_CHOICES], coerce=int, initial=15
    )
    add_shadows = forms.BooleanField(label="Add a trainee as shadow where one is free", required=False)


class IcsUploadForm(forms.Form):
    file = forms.FileField(label="Calendar file (.ics)")


# --- an interviewer's profile ---------------------------------------------------------------

WEEKDAYS = [(0, "Mon"), (1, "Tue"), (2, "Wed"), (3, "Thu"), (4, "Fri"), (5, "Sat"), (6, "Sun")]
NOT_TRAINED = ""
BUSY_ORDER = "The busy time must end after it starts."


class InterviewerProfileForm(forms.Form):
    """Hours, zone and cap (the interviewer or a manager); training and seniority (managers only).

    One qualification menu per round type, along the path shadow → reverse shadow → qualified.
    """

    timezone = TimezoneChoiceField(label="Time zone")
    work_start = forms.TimeField(label="Working day starts", widget=forms.TimeInput(attrs={"type": "time"}))
    work_end = forms.TimeField(label="Working day ends", widget=forms.TimeInput(attrs={"type": "time"}))
    weekdays = forms.TypedMultipleChoiceField(
        label="Working days", choices=WEEKDAYS, coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    weekly_cap = forms.IntegerField(label="Interviews per week at most", min_value=0, max_value=40)
    meeting_url = forms.URLField(
        label="Your own meeting room",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Used for your interviews when the company's meeting links are set to 'personal'.",
    )

    def __init__(self, *args, round_types, can_train: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.round_types = list(round_types)
        self.can_train = can_train
        if not can_train:
            return
        self.fields["senior_leader"] = forms.BooleanField(
            label="Senior ML or data leader (may run overview and leadership rounds)", required=False
        )
        stages = [(NOT_TRAINED, "Not trained"), *Qualification.Stage.choices]
        for round_type in self.round_types:
            self.fields[f"stage_{round_type.code}"] = forms.ChoiceField(
                label=round_type.name, choices=stages, required=False
            )

    def stage_fields(self) -> list[forms.BoundField]:
        return [self[f"stage_{rt.code}"] for rt in self.round_types] if self.can_train else []

    def changes(self) -> dict:
        """The `data` for `interviewer_profile_update`."""
        values = self.cleaned_data
        changes = {
            "timezone": values["timezone"],
            "working_hours": {"start": values["work_start"], "end": values["work_end"], "weekdays": values["weekdays"]},
            "weekly_cap": values["weekly_cap"],
            "meeting_url": values["meeting_url"],
        }
        if self.can_train:
            changes["senior_leader"] = values["senior_leader"]
            changes["qualifications"] = [
                {"round_type": rt.code, "stage": values[f"stage_{rt.code}"]}
                for rt in self.round_types
                if values.get(f"stage_{rt.code}")
            ]
        return changes


def interviewer_profile_initial(profile: InterviewerProfile) -> dict:
    initial = {
        "timezone": profile.timezone or "UTC",
        "work_start": profile.work_start,
        "work_end": profile.work_end,
        "weekdays": list(profile.weekdays or []),
        "weekly_cap": profile.weekly_cap,
        "meeting_url": profile.meeting_url,
        "senior_leader": profile.senior_leader,
    }
    initial.update({f"stage_{q.round_type.code}": q.stage for q in profile.qualifications.all()})
    return initial


class BusyBlockForm(forms.Form):
    """A block of busy time, entered on the interviewer's own clock."""

    start = forms.DateTimeField(
        label="Busy from",
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    end = forms.DateTimeField(
        label="Until",
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean(self):
        values = super().clean()
        if values.get("start") and values.get("end") and values["end"] <= values["start"]:
            self.add_error("end", BUSY_ORDER)
        return values

    def block(self, zone: dt.tzinfo) -> dict:
        return {
            name: self.cleaned_data[name].replace(tzinfo=None).replace(tzinfo=zone).astimezone(dt.UTC)
            for name in ("start", "end")
        }


# --- the loop page's plan editor ------------------------------------------------------------


def _stage(profile: InterviewerProfile, round_code: str) -> str | None:
    return next((q.stage for q in profile.qualifications.all() if q.round_type.code == round_code), None)


def interviewer_choices(
    *, interview: Interview, people: Iterable[InterviewerProfile], keep: Mapping[int, str] | None = None
) -> tuple[list[tuple], list[tuple]]:
    """Who may run this round (qualified; senior leaders where the round needs one), and who may
    shadow it (trainees on its training path). People already on it stay listed, marked, so an
    existing plan still shows as it is and a re-check names the problem."""
    code = interview.round_type.code
    senior = interview.round_type.requires_senior_leader
    leads, trainees = [], []
    for profile in people:
        stage = _stage(profile, code)
        if stage == Qualification.Stage.QUALIFIED and (profile.senior_leader or not senior):
            leads.append((profile.user_id, str(profile.user)))
        elif stage in solver.TRAINEE_STAGES:
            trainees.append((profile.user_id, f"{profile.user} ({Qualification.Stage(stage).label.lower()})"))
    listed = {uid for uid, _ in leads + trainees}
    for uid, name in (keep or {}).items():
        if uid not in listed:
            leads.append((uid, f"{name}{NOT_QUALIFIED_SUFFIX}"))
            trainees.append((uid, f"{name}{NOT_QUALIFIED_SUFFIX}"))
    return [("", "—"), *leads], [("", "—"), *trainees]


@dataclass(frozen=True)
class PlanRow:
    interview: Interview
    start: forms.BoundField
    lead: forms.BoundField
    shadow: forms.BoundField
    location: forms.BoundField
    rebook: forms.BoundField | None  # only for a cancelled round


class PlanForm(forms.Form):
    """One row per round: start (candidate's clock), interviewer, optional shadow, place or video link.

    A cancelled round has a "Rebook" box; left unticked it stays cancelled and its fields are ignored.
    """

    def __init__(self, *args, interviews, people, zone, keep: Mapping[int, Mapping[int, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.interviews = list(interviews)
        self.zone = zone
        people = list(people)
        for interview in self.interviews:
            key, label = interview.pk, interview.round_type.name
            cancelled = interview.status == Interview.Status.CANCELLED
            leads, trainees = interviewer_choices(interview=interview, people=people, keep=(keep or {}).get(key))
            if cancelled:
                self.fields[f"rebook_{key}"] = forms.BooleanField(label=f"Rebook {label}", required=False)
            self.fields[f"start_{key}"] = forms.DateTimeField(
                label=f"{label} starts",
                required=not cancelled,
                input_formats=["%Y-%m-%dT%H:%M"],
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            )
            self.fields[f"lead_{key}"] = forms.TypedChoiceField(
                label=f"{label} interviewer",
                choices=leads,
                coerce=int,
                empty_value=None,
                required=not cancelled,
                error_messages={"required": PICK_SOMEONE},
            )
            self.fields[f"shadow_{key}"] = forms.TypedChoiceField(
                label=f"{label} shadow (trainee)", choices=trainees, coerce=int, empty_value=None, required=False
            )
            self.fields[f"location_{key}"] = forms.CharField(
                label=f"{label}: room or video link",
                required=False,
                max_length=255,
                widget=forms.TextInput(attrs={"placeholder": "https://… or a room"}),
            )

    def _booked(self, interview: Interview) -> bool:
        if interview.status != Interview.Status.CANCELLED:
            return True
        return bool(self.cleaned_data.get(f"rebook_{interview.pk}"))

    def clean(self):
        values = super().clean()
        for interview in self.interviews:
            if interview.status != Interview.Status.CANCELLED or not values.get(f"rebook_{interview.pk}"):
                continue
            if values.get(f"start_{interview.pk}") is None and f"start_{interview.pk}" not in self.errors:
                self.add_error(f"start_{interview.pk}", REBOOK_NEEDS_START)
            if values.get(f"lead_{interview.pk}") is None and f"lead_{interview.pk}" not in self.errors:
                self.add_error(f"lead_{interview.pk}", REBOOK_NEEDS_LEAD)
        return values

    def rows(self) -> list[PlanRow]:
        return [
            PlanRow(
                interview=interview,
                start=self[f"start_{interview.pk}"],
                lead=self[f"lead_{interview.pk}"],
                shadow=self[f"shadow_{interview.pk}"],
                location=self[f"location_{interview.pk}"],
                rebook=self[f"rebook_{interview.pk}"] if f"rebook_{interview.pk}" in self.fields else None,
            )
            for interview in self.interviews
        ]

    def plan(self) -> list[services.PlannedInterview]:
        """The rounds to book: every open one, plus the cancelled ones ticked for rebooking."""
        planned = []
        for interview in self.interviews:
            if not self._booked(interview):
                continue
            key = interview.pk
            local = self.cleaned_data[f"start_{key}"].replace(tzinfo=None)
            start = local.replace(tzinfo=self.zone).astimezone(dt.UTC)
            shadow = self.cleaned_data.get(f"shadow_{key}")
            planned.append(
                services.PlannedInterview(
                    interview_id=key,
                    start=start,
                    end=start + dt.timedelta(minutes=interview.minutes),
                    interviewers=(self.cleaned_data[f"lead_{key}"],),
                    shadows=(shadow,) if shadow else (),
                    location=self.cleaned_data.get(f"location_{key}", "").strip(),
                )
            )
        return planned
