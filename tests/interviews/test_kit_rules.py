"""The kit's trust rules: a submitted scorecard reads as text with an Amend button, an amendment must change
something, and while filling the kit shows each held competency's bar and what a rating under it means."""

from html import escape

import pytest

from interviews import services
from interviews.bars import BELOW_ALONE, BELOW_OPTIONAL, BELOW_UNLESS_OTHERS
from interviews.models import RoundType, ScorecardRevision
from interviews.scorecard_rules import AMENDMENT_CHANGES_NOTHING
from tests.factories import CompetencyFactory, InterviewFactory, RoundTypeFactory, RubricVersionFactory
from tests.interviews.scorecard_setup import complete_content, make_loop

pytestmark = pytest.mark.django_db


def _kit(s):
    return f"/interviews/{s.coding.id}/kit/"


def _post(s, *, scores, version, reason=None, evidence="Saw it."):
    data = {"version": str(version), "overall": "no", "summary": "Mixed."}
    for competency, score in zip(s.required, scores, strict=True):
        data[f"score_{competency.id}"] = score
        data[f"evidence_{competency.id}"] = evidence
    if reason is not None:
        data["reason"] = reason
    return data


def _submitted(s):
    services.scorecard_submit(scorecard=s.alice_card, actor=s.alice, changes=complete_content(s.alice_card))
    s.alice_card.refresh_from_db()
    return s.alice_card


def test_a_submitted_scorecard_reads_as_text_with_an_amend_button(client):
    """No inputs for the ratings until Amend is chosen; the ratings, evidence and overall read as text."""
    s = make_loop()
    _submitted(s)
    client.force_login(s.alice)
    html = client.get(_kit(s)).content.decode()
    assert 'id="scorecard-read"' in html
    assert f'name="score_{s.required[0].id}"' not in html
    assert "<textarea" not in html.split('id="scorecard"')[1].split('id="others-h"')[0]
    assert f"Evidence for {s.required[0].name}." in html
    assert "<strong>Overall:</strong> Yes" in html
    assert 'id="amend"' in html
    amending = client.get(_kit(s) + "?amend=1").content.decode()
    assert f'name="score_{s.required[0].id}"' in amending
    assert 'id="scorecard-read"' not in amending


def test_an_amendment_that_changes_nothing_is_a_400_in_the_api(api):
    """Same content, or only whitespace at the ends changed: 400 naming the reason, no new revision."""
    s = make_loop()
    card = _submitted(s)
    api.force_authenticate(s.alice)
    url = f"/api/v1/scorecards/{card.id}/amend/"
    same = {"reason": "Re-read my notes.", "summary": "Solid.  ", "overall": "yes"}
    response = api.post(url, same, format="json")
    assert (response.status_code, response.json()) == (400, {"non_field_errors": [AMENDMENT_CHANGES_NOTHING]})
    rating = complete_content(card)["ratings"][0]
    response = api.post(url, {"reason": "x", "ratings": [rating]}, format="json")
    assert response.status_code == 400
    assert ScorecardRevision.objects.filter(scorecard=card).count() == 1
    response = api.post(url, {"reason": "Mixed up two candidates.", "overall": "no"}, format="json")
    assert response.status_code == 200, response.json()
    assert ScorecardRevision.objects.filter(scorecard=card).count() == 2


def test_an_amendment_that_changes_nothing_is_refused_on_the_page(client):
    """The kit re-renders (400) in amend mode with the reason kept and the message shown."""
    s = make_loop()
    card = _submitted(s)
    client.force_login(s.alice)
    data = {"version": str(card.version), "overall": "yes", "summary": "Solid.", "reason": "Nothing really."}
    for competency in s.required:
        data[f"score_{competency.id}"] = "3"
        data[f"evidence_{competency.id}"] = f"Evidence for {competency.name}."
    response = client.post(_kit(s) + "amend/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert escape(AMENDMENT_CHANGES_NOTHING) in html
    assert "Nothing really." in html
    assert "Save amendment" in html
    assert ScorecardRevision.objects.filter(scorecard=card).count() == 1


def test_the_kit_shows_the_bar_and_what_a_rating_under_it_means(client):
    """A 2 on a required competency only this round rates: the kit says it alone makes the recommendation no hire."""
    s = make_loop()
    client.force_login(s.alice)
    html = client.get(_kit(s)).content.decode()
    assert "bar 3" in html
    assert "Held to the bar of 3" in html
    assert 'id="below-bar" role="status" hidden' in html  # nothing under the bar yet
    response = client.post(_kit(s) + "save/", _post(s, scores=["2", "3"], version=s.alice_card.version))
    assert response.status_code == 302
    html = client.get(_kit(s)).content.decode()
    first = s.required[0].name
    message = BELOW_ALONE.format(name=first, score=2, bar="3")
    assert escape(message) in html
    assert 'Before you submit: <span id="below-bar-count">1 rating</span> under the bar.' in html
    assert escape(BELOW_ALONE.format(name=s.required[1].name, score=3, bar="3")) not in html


def test_the_kit_follows_the_templates_own_bar_and_other_rounds(client):
    """A higher bar for one code; a competency another round also rates; an optional one shown as context."""
    s = make_loop()
    template = s.loop.template
    first, second = s.required
    template.competency_bars = {second.code: "3.5"}
    template.save()
    other_rubric = RubricVersionFactory(round_type=RoundTypeFactory(code=RoundType.Code.DEPTH))
    CompetencyFactory(rubric=other_rubric, code=first.code, name=first.name)
    InterviewFactory(loop=s.loop, rubric=other_rubric)
    client.force_login(s.alice)
    data = _post(s, scores=["2", "3"], version=s.alice_card.version)
    data[f"score_{s.optional.id}"] = "1"
    data[f"evidence_{s.optional.id}"] = "Barely."
    client.post(_kit(s) + "save/", data)
    html = client.get(_kit(s)).content.decode()
    assert escape(BELOW_UNLESS_OTHERS.format(name=first.name, score=2, bar="3")) in html
    assert escape(BELOW_ALONE.format(name=second.name, score=3, bar="3.5")) in html
    assert escape(BELOW_OPTIONAL.format(name=s.optional.name, score=1, bar="3")) in html
    assert 'Before you submit: <span id="below-bar-count">3 ratings</span> under the bar.' in html


def test_a_second_scoring_interviewer_on_the_round_counts_as_another_rating(client):
    """Two leads on the round: the kit does not say this rating alone decides."""
    from interviews.models import InterviewAssignment
    from tests.factories import UserFactory

    s = make_loop()
    InterviewAssignment.objects.create(interview=s.coding, interviewer=UserFactory(roles=["interviewer"]))
    client.force_login(s.alice)
    client.post(_kit(s) + "save/", _post(s, scores=["2", "3"], version=s.alice_card.version))
    html = client.get(_kit(s)).content.decode()
    first = s.required[0].name
    assert escape(BELOW_UNLESS_OTHERS.format(name=first, score=2, bar="3")) in html
    assert escape(BELOW_ALONE.format(name=first, score=2, bar="3")) not in html
