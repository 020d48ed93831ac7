"""The one time-zone menu (issue #14): the canonical IANA zones (the database's zone.tab), the common ones
first, labelled with today's offset; the same control on the candidate, account, profile and availability
forms; a zone saved earlier that is not on the menu is kept."""

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.fields import COMMON_ZONES, canonical_zone_names, timezone_choices, zone_label
from core.forms import CHOOSE_A_ZONE, TimezoneChoiceField
from tests.factories import UserFactory


def test_the_menu_lists_common_zones_first_then_every_canonical_zone_once_without_aliases():
    """Common zones first, then zone.tab's zones A–Z, each once, no aliases."""
    (common_label, common), (rest_label, rest) = timezone_choices()
    assert common_label == "Common zones"
    assert [value for value, _ in common] == list(COMMON_ZONES)
    values = [value for value, _ in common + rest]
    assert len(values) == len(set(values))
    assert set(values) == {*canonical_zone_names(), "UTC"}
    assert 300 < len(values) < 450  # zone.tab: one or more per country, not the ~600 names with aliases
    for alias in ("US/Eastern", "Europe/Kiev", "Etc/GMT+5", "Asia/Calcutta", "GB"):
        assert alias not in values
    assert [value for value, _ in rest] == sorted(value for value, _ in rest)


def test_labels_carry_the_offset_of_the_day():
    """Each zone is labelled with its UTC offset on the day (DST and half hours included)."""
    winter, summer = dt.datetime(2026, 1, 15, tzinfo=dt.UTC), dt.datetime(2026, 7, 15, tzinfo=dt.UTC)
    assert zone_label("Europe/Berlin", now=winter) == "Europe/Berlin (UTC+01:00)"
    assert zone_label("Europe/Berlin", now=summer) == "Europe/Berlin (UTC+02:00)"
    assert zone_label("America/St_Johns", now=winter) == "America/St Johns (UTC−03:30)"
    assert zone_label("UTC") == "UTC"


def test_a_saved_alias_stays_selected_and_valid_and_junk_is_refused():
    """A stored alias is shown as saved and accepted; an unknown name is refused with the message."""
    field = TimezoneChoiceField()
    html = field.widget.render("timezone", "US/Eastern")
    assert '<option value="US/Eastern" selected>US/Eastern (as saved)</option>' in html
    with pytest.raises(ValidationError) as refused:
        field.clean("US/Eastern")  # not on the menu, and not what this form was opened with
    assert refused.value.messages == [CHOOSE_A_ZONE]

    class Form(forms.Form):
        timezone = TimezoneChoiceField()

    assert Form({"timezone": "US/Eastern"}, initial={"timezone": "US/Eastern"}).is_valid()
    assert not Form({"timezone": "Etc/GMT+5"}, initial={"timezone": "US/Eastern"}).is_valid()
    assert Form({"timezone": "Europe/Berlin"}, initial={"timezone": "US/Eastern"}).is_valid()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["hiring:candidate-create", "account"])
def test_the_candidate_and_account_forms_use_the_menu(client, url):
    """The candidate and account forms render the grouped zone menu."""
    client.force_login(UserFactory(roles=["recruiter"]))
    html = client.get(reverse(url)).content.decode()
    assert '<optgroup label="Common zones">' in html
    assert '<option value="Europe/London"' in html
