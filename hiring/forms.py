"""Forms of the hiring pages: they parse and check input; the services decide and write."""

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator

from accounts.models import User
from accounts.roles import HIRING_MANAGER, RECRUITER
from core.errors import ValidationFailed
from core.forms import TimezoneChoiceField, form_add_errors
from hiring import limits
from hiring.codes import CompanyStage, Level, RoleFamily
from hiring.headcount import MAX_CAP_MULTIPLIER, MIN_CAP_MULTIPLIER
from hiring.models import Application, Candidate, Committee, Requisition, Team, UseCase
from hiring.services.committees import committee_check
from hiring.services.teams import team_check
from hiring.stages import owner_targets

NOT_A_LINK = '"{link}" is not a web address (http:// or https://).'


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user: User) -> str:
        return f"{user} ({user.username})" if user.name else user.username


class BoundedIdsChoiceField(forms.ModelMultipleChoiceField):
    """Several objects by id; a number beyond the id column is no choice (SQLite cannot even compare it)."""

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(pk)
            except (TypeError, ValueError):
                continue  # not a number at all: Django says so
            if not 1 <= number <= limits.MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)


class UsersChoiceField(BoundedIdsChoiceField):
    def label_from_instance(self, user: User) -> str:
        return f"{user} ({user.username})" if user.name else user.username


class UseCasesChoiceField(BoundedIdsChoiceField):
    def label_from_instance(self, use_case: UseCase) -> str:
        return f"{use_case.title} ({use_case.get_status_display().lower()})"


class LongTextField(forms.CharField):
    """A paragraph or several in a text area: up to `limits.LONG_TEXT_MAX_LENGTH` characters."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        kwargs.setdefault("max_length", limits.LONG_TEXT_MAX_LENGTH)
        kwargs.setdefault("error_messages", {"max_length": limits.LONG_TEXT_TOO_LONG})
        super().__init__(**kwargs)


class UseCaseForm(forms.Form):
    title = forms.CharField(max_length=200)
    problem = LongTextField(help_text="What goes wrong today, in numbers.")
    category = forms.ChoiceField(choices=UseCase.Category.choices)
    team = forms.ModelChoiceField(queryset=Team.objects.order_by("name"), required=False, empty_label="No team")
    baseline_tried = LongTextField(
        label="Baseline tried",
        required=False,
        help_text="The simple rule tried first: heuristics, moving averages, descriptive analytics, KNN-style.",
    )
    why_baseline_insufficient = LongTextField(
        label="Why the baseline is not enough",
        required=False,
        help_text="What the baseline missed, with numbers. A hiring manager accepts the use case only with both.",
    )


class RequisitionForm(forms.Form):
    title = forms.CharField(max_length=200, required=False, help_text="Optional; defaults to family, level and team.")
    role_family = forms.ChoiceField(choices=RoleFamily.choices)
    level = forms.ChoiceField(
        choices=Level.choices, help_text="EM1/EM2 for engineering managers; MLS1–Staff otherwise."
    )
    team = forms.ModelChoiceField(queryset=Team.objects.order_by("name"), empty_label="Choose a team")
    headcount = forms.IntegerField(min_value=1, max_value=100, initial=1)
    use_cases = UseCasesChoiceField(
        queryset=UseCase.objects.order_by("title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Applied and research scientist requisitions open only with an accepted, justified use case.",
    )
    hiring_manager = UserChoiceField(queryset=User.objects.none())
    recruiters = UsersChoiceField(queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple)
    committee = forms.ModelChoiceField(
        queryset=Committee.objects.order_by("name"), required=False, empty_label="None yet"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hiring_manager"].queryset = User.objects.filter(groups__name=HIRING_MANAGER, is_active=True)
        self.fields["recruiters"].queryset = User.objects.filter(groups__name=RECRUITER, is_active=True)


class HiringSettingsForm(forms.Form):
    company_name = forms.CharField(
        max_length=120, required=False, help_text="How candidates' itineraries and calendar invites name the company."
    )
    company_stage = forms.ChoiceField(choices=CompanyStage.choices)
    cap_multiplier = forms.DecimalField(
        min_value=MIN_CAP_MULTIPLIER,
        max_value=MAX_CAP_MULTIPLIER,
        max_digits=3,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.1"}),
        help_text="ML scientists (filled + open) may reach this many times the accepted use cases (2–3).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for family in RoleFamily:
            self.fields[f"existing_{family.value}"] = forms.IntegerField(
                label=family.label,
                min_value=0,
                max_value=limits.MAX_TEAM_COUNT,
                error_messages={"min_value": limits.TEAM_COUNT_RANGE, "max_value": limits.TEAM_COUNT_RANGE},
                initial=0,
                help_text="People on the team outside Loopwise.",
            )

    def family_fields(self) -> list[forms.BoundField]:
        return [self[f"existing_{family.value}"] for family in RoleFamily]

    def existing_team(self) -> dict[str, int]:
        return {family.value: self.cleaned_data[f"existing_{family.value}"] for family in RoleFamily}


class CandidateForm(forms.Form):
    name = forms.CharField(max_length=200)
    email = forms.EmailField(
        required=False, max_length=limits.EMAIL_MAX_LENGTH, error_messages={"max_length": limits.EMAIL_TOO_LONG}
    )
    phone = forms.CharField(max_length=40, required=False)
    timezone = TimezoneChoiceField(initial="UTC", help_text="Interview times are shown to the candidate in it.")
    links = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Papers, code, profiles: one address per line.",
    )
    source = forms.CharField(max_length=120, required=False, help_text="Referral, conference, inbound…")

    def clean_links(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        check = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                check(link)
            except DjangoValidationError:
                raise forms.ValidationError(NOT_A_LINK.format(link=link)) from None
        return links


class ApplicationForm(forms.Form):
    """Add a candidate to a requisition: one of the two is fixed by the page it is on."""

    requisition = forms.ModelChoiceField(queryset=Requisition.objects.none(), empty_label="Choose a requisition")
    candidate = forms.ModelChoiceField(queryset=Candidate.objects.none(), empty_label="Choose a candidate")

    def __init__(self, *args, requisitions=None, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if requisitions is None:
            del self.fields["requisition"]
        else:
            self.fields["requisition"].queryset = requisitions
        if candidates is None:
            del self.fields["candidate"]
        else:
            self.fields["candidate"].queryset = candidates


class ApplicationMoveForm(forms.Form):
    """Where a recruiter or the hiring manager may move the application from its stage (hiring.stages)."""

    stage = forms.ChoiceField(label="Move to")
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=limits.COMMENT_MAX_LENGTH,
        error_messages={"max_length": limits.COMMENT_TOO_LONG},
        help_text="Needed to reject or mark withdrawn; kept with the application.",
    )

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        # Any stage code is accepted, so a refused move gets the rule's own words from the service;
        # the menu offers only the moves the rules allow from here.
        labels = dict(Application.Stage.choices)
        self.fields["stage"].choices = Application.Stage.choices
        # A first empty choice: pressing Move by accident sends nobody back to an earlier stage.
        self.fields["stage"].widget.choices = [("", "Choose…")] + [
            (stage, labels[stage]) for stage in owner_targets(current)
        ]


ANONYMIZE_NOT_CONFIRMED = "Tick the box to confirm: the name and contact details cannot be brought back."


class AnonymizeForm(forms.Form):
    """The confirmation step before erasing a candidate's personal data (works without JavaScript)."""

    confirm = forms.BooleanField(
        label="I understand that this erases the name, email, phone and links for good.",
        error_messages={"required": ANONYMIZE_NOT_CONFIRMED},
    )


class TeamAdminForm(forms.ModelForm):
    """The Django admin's team form: the name checked by the same service as the API (`team_check`)."""

    class Meta:
        model = Team
        fields = ["name", "description"]

    def clean(self):
        data = super().clean()
        if "name" in data:
            try:
                data["name"] = team_check(name=data["name"], exclude_id=self.instance.pk)
            except ValidationFailed as exc:
                form_add_errors(self, exc)
        return data


class CommitteeAdminForm(forms.ModelForm):
    """The Django admin's committee form: checked by the same service as the API (`committee_check`)."""

    class Meta:
        model = Committee
        fields = ["name", "chair", "members", "quorum", "debrief_minutes"]

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "member_ids": [m.pk for m in data.get("members", [])],
            "chair_id": data["chair"].pk,
            "quorum": data.get("quorum"),
            "debrief_minutes": data.get("debrief_minutes") or 0,
        }

    def clean(self):
        data = super().clean()
        if self.errors or not data.get("chair") or not data.get("name"):
            return data
        try:
            committee_check(
                name=data["name"],
                member_ids=self.service_values()["member_ids"],
                chair_id=data["chair"].pk,
                quorum=data.get("quorum"),
                exclude_id=self.instance.pk,
            )
        except ValidationFailed as exc:
            form_add_errors(self, exc)
        return data
