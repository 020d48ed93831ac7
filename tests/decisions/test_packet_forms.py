"""The packet page's forms: they post back to the packet, failures are summarised at the top, successes redirect."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from decisions.models import Decision, Vote
from decisions.services import NO_VOTES_YET, OVERRIDE_NEEDS_RATIONALE
from decisions.views import UNKNOWN_FORM
from interviews.models import Loop
from tests.decisions import factories as f

pytestmark = pytest.mark.django_db


def _ready_loop(**cards):
    loop = f.loop(status=Loop.Status.READY_FOR_REVIEW)
    f.complete(loop, **cards)
    Loop.objects.filter(pk=loop.pk).update(ready_for_review_at=timezone.now() - dt.timedelta(hours=1))
    return loop


def _chair(loop):
    return loop.application.requisition.committee.chair


def _summary(html: str) -> str:
    """The error summary, which must come before the page's first heading."""
    start = html.index('<div class="error-summary"')
    assert start < html.index("<h1>")
    return html[start : html.index("</div>", start)]


def test_a_vote_without_a_choice_is_summarised_at_the_top_and_keeps_the_comment(client):
    """Same URL (no /vote/), 400, a role=alert summary linking to the choice, the comment still typed."""
    loop = _ready_loop()
    client.force_login(_chair(loop))
    url = reverse("decisions:packet", args=[loop.pk])
    response = client.post(url, {"intent": "vote", "comment": "Strong on depth, unsure on systems."})
    assert response.status_code == 400
    assert response.request["PATH_INFO"] == url
    html = response.content.decode()
    summary = _summary(html)
    assert 'role="alert"' in summary
    assert '<a href="#id_vote_0">Choose hire, no hire or abstain.</a>' in summary
    assert 'id="id_vote_0"' in html
    assert "Strong on depth, unsure on systems.</textarea>" in html
    assert not Vote.objects.exists()


def test_an_override_without_rationale_is_summarised_with_a_link_to_the_rationale(client):
    """Farah's case: hire against a no-hire recommendation; the chosen outcome stays chosen."""
    loop = _ready_loop(overview={"jerk": True})
    f.vote(loop, _chair(loop))
    client.force_login(_chair(loop))
    response = client.post(
        reverse("decisions:packet", args=[loop.pk]), {"intent": "decide", "outcome": "hire", "rationale": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    message = OVERRIDE_NEEDS_RATIONALE.format(recommended="no hire", outcome="hire")
    assert f'<a href="#id_rationale">{message}</a>' in _summary(html)
    assert f'<p class="error" id="id_rationale_error1">{message}</p>' in html
    assert '<input type="radio" name="outcome" value="hire" id="id_outcome_0" required checked>' in html
    assert not Decision.objects.exists()


def test_a_refusal_for_the_whole_form_links_to_the_form(client):
    """No vote yet (not about one field): the summary links to the decision form."""
    loop = _ready_loop()
    client.force_login(_chair(loop))
    response = client.post(reverse("decisions:packet", args=[loop.pk]), {"intent": "decide", "outcome": "hire"})
    assert response.status_code == 400
    assert '<a href="#decision-form">{}</a>'.format(NO_VOTES_YET.replace("'", "&#x27;")) in _summary(
        response.content.decode()
    )
    assert not Decision.objects.exists()


def test_a_successful_vote_redirects_to_the_packet(client):
    """Post/redirect/get: a refresh afterwards does not post again."""
    loop = _ready_loop()
    client.force_login(_chair(loop))
    url = reverse("decisions:packet", args=[loop.pk])
    response = client.post(url, {"intent": "vote", "vote": "hire"})
    assert response.status_code == 302
    assert response.url == url + "#votes"
    assert Vote.objects.get(loop=loop).vote == "hire"
    page = client.get(response.url)
    assert 'class="error-summary"' not in page.content.decode()


def test_a_successful_decision_redirects_to_the_packet(client):
    loop = _ready_loop()
    f.vote(loop, _chair(loop))
    client.force_login(_chair(loop))
    url = reverse("decisions:packet", args=[loop.pk])
    response = client.post(url, {"intent": "decide", "outcome": "hire"})
    assert response.status_code == 302
    assert response.url == url + "#decision"
    assert Decision.objects.get(loop=loop).outcome == "hire"


def test_the_forms_post_to_the_packet_itself(client):
    """No separate /vote/ or /decide/ address for a refresh to resubmit to."""
    loop = _ready_loop()
    client.force_login(_chair(loop))
    url = reverse("decisions:packet", args=[loop.pk])
    html = client.get(url).content.decode()
    assert html.count(f'action="{url}"') == 2
    assert "/vote/" not in html
    assert "/decide/" not in html


def test_an_unknown_form_is_a_400_not_a_500(client):
    loop = _ready_loop()
    client.force_login(_chair(loop))
    response = client.post(reverse("decisions:packet", args=[loop.pk]), {"intent": "zzz"})
    assert response.status_code == 400
    assert UNKNOWN_FORM in response.content.decode()
    assert not Vote.objects.exists()
    assert not Decision.objects.exists()


def test_the_no_vote_refusal_is_not_repeated_in_the_decision_section(client):
    """After the refusal the message shows once in the summary and once in the form, not a third time."""
    loop = _ready_loop()
    client.force_login(_chair(loop))
    response = client.post(reverse("decisions:packet", args=[loop.pk]), {"intent": "decide", "outcome": "hire"})
    html = response.content.decode()
    assert html.count(NO_VOTES_YET.replace("'", "&#x27;")) == 2
    assert 'id="no-votes"' not in html


def test_a_vote_without_a_choice_says_what_to_choose():
    from decisions.forms import CHOOSE_A_VOTE, VoteForm

    form = VoteForm(data={"comment": "no choice"})
    assert not form.is_valid()
    assert form.errors["vote"] == [CHOOSE_A_VOTE]
