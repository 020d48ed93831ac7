"""Forms of the packet page; the services check everything again (they are the rules)."""

from django import forms

from decisions.models import Decision, Vote
from hiring import limits

CHOOSE_A_VOTE = "Choose hire, no hire or abstain."


class VoteForm(forms.Form):
    vote = forms.ChoiceField(
        label="Your vote",
        choices=Vote.Choice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_A_VOTE},
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What in the packet decided it for you.",
        max_length=limits.COMMENT_MAX_LENGTH,
        error_messages={"max_length": limits.COMMENT_TOO_LONG},
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label="Final decision", choices=Decision.Choice.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(
        label="Rationale",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required when the decision differs from the recommendation (an override).",
        max_length=limits.RATIONALE_MAX_LENGTH,
        error_messages={"max_length": limits.RATIONALE_TOO_LONG},
    )
