"""The packet page's forms: they post back to the packet, failures are summarised at the top, successes redirect."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from decisions.models import Decision, Vote
from decisions.services import OVERRIDE_NEEDS_RATIONALE
from hiring.quorum import quorum_state
from interviews.models import Loop
from tests.decisions import factories as f

pytestmark = pytest.mark.django_db

# The chair and one member, nobody has voted: what the chair is told.
NO_VOTES_YET = quorum_state(quorum=None, member_ids=[1, 2], chair_id=1, voter_ids=[]).problem


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
    """The packet again (400) with a role=alert summary linking to the choice, the comment still typed."""
    loop = _ready_loop()
    client.force_login(_chair(loop))
    url = reverse("decisions:packet", args=[loop.pk])
    response = client.post(url + "vote/", {"comment": "Strong on depth, unsure on systems."})
    assert response.status_code == 400
    assert response.request["PATH_INFO"] == url + "vote/"
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
    f.quorum(loop)
    client.force_login(_chair(loop))
    response = client.post(reverse("decisions:decide", args=[loop.pk]), {"outcome": "hire", "rationale": ""})
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
    response = client.post(reverse("decisions:decide", args=[loop.pk]), {"outcome": "hire"})
    assert response.status_code == 400
    assert f'<a href="#decision-form">{NO_VOTES_YET}</a>' in _summary(response.content.decode())
    assert not Decision.objects.exists()


def test_a_successful_vote_redirects_to_the_packet(client):
    """Post/redirect/get: a refresh afterwards does not post again."""
    loop = _ready_loop()
    client.force_login(_chair(loop))
    url = reverse("decisions:packet", args=[loop.pk])
    response = client.post(url + "vote/", {"vote": "hire"})
    assert response.status_code == 302
    assert response.url == url + "#votes"
    assert Vote.objects.get(loop=loop).vote == "hire"
    page = client.get(response.url)
    assert 'class="error-summary"' not in page.content.decode()


def test_a_successful_decision_redirects_to_the_packet(client):
    """A successful decision redirects to the packet."""
    loop = _ready_loop()
    f.quorum(loop)
    client.force_login(_chair(loop))
    url = reverse("decisions:packet", args=[loop.pk])
    response = client.post(url + "decide/", {"outcome": "hire"})
    assert response.status_code == 302
    assert response.url == url + "#decision"
    assert Decision.objects.get(loop=loop).outcome == "hire"


def test_each_form_posts_to_its_own_action(client):
    """One small POST view per action: the vote form posts to vote/, the decision form to decide/."""
    loop = _ready_loop()
    client.force_login(_chair(loop))
    html = client.get(reverse("decisions:packet", args=[loop.pk])).content.decode()
    assert f'action="{reverse("decisions:vote", args=[loop.pk])}"' in html
    assert f'action="{reverse("decisions:decide", args=[loop.pk])}"' in html


def test_the_packet_only_reads(client):
    """Its forms post to their own views; a POST to the packet itself is refused (405) and records nothing."""
    loop = _ready_loop()
    client.force_login(_chair(loop))
    response = client.post(reverse("decisions:packet", args=[loop.pk]), {"vote": "hire", "outcome": "hire"})
    assert response.status_code == 405
    assert not Vote.objects.exists()
    assert not Decision.objects.exists()


def test_the_no_vote_refusal_is_not_repeated_in_the_decision_section(client):
    """After the refusal the message shows once in the summary and once in the form, not a third time."""
    loop = _ready_loop()
    client.force_login(_chair(loop))
    response = client.post(reverse("decisions:decide", args=[loop.pk]), {"outcome": "hire"})
    html = response.content.decode()
    assert html.count(NO_VOTES_YET) == 2
    assert 'id="no-votes"' not in html


def test_a_vote_without_a_choice_says_what_to_choose():
    """A vote without a choice says what to choose."""
    from decisions.forms import CHOOSE_A_VOTE, VoteForm

    form = VoteForm(data={"comment": "no choice"})
    assert not form.is_valid()
    assert form.errors["vote"] == [CHOOSE_A_VOTE]
