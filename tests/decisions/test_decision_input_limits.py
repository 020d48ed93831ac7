"""Vote comments and decision rationales are bounded: a longer text is a 400 naming the field, nothing is written."""

import pytest
from django.urls import reverse

from decisions.models import Decision, Vote
from hiring import limits
from interviews.models import Loop
from tests.decisions import factories as f

pytestmark = pytest.mark.django_db


def _ready_loop() -> Loop:
    loop = f.loop(status=Loop.Status.READY_FOR_REVIEW)
    f.complete(loop)
    return loop


def _chair(loop: Loop):
    return loop.application.requisition.committee.chair


def test_it_rejects_a_vote_comment_over_5000_characters(api):
    """400 on `comment`; no vote is recorded."""
    loop = _ready_loop()
    api.force_authenticate(_chair(loop))
    comment = "x" * (limits.COMMENT_MAX_LENGTH + 1)
    response = api.post(f"/api/v1/loops/{loop.pk}/votes/", {"vote": "hire", "comment": comment})
    assert response.status_code == 400
    assert response.json() == {"comment": [limits.COMMENT_TOO_LONG]}
    assert not Vote.objects.exists()


def test_a_vote_comment_of_5000_characters_is_kept(api):
    """The limit itself is allowed."""
    loop = _ready_loop()
    api.force_authenticate(_chair(loop))
    comment = "x" * limits.COMMENT_MAX_LENGTH
    response = api.post(f"/api/v1/loops/{loop.pk}/votes/", {"vote": "hire", "comment": comment})
    assert response.status_code == 201
    assert Vote.objects.get().comment == comment


def test_it_rejects_a_decision_rationale_over_10000_characters(api):
    """400 on `rationale`; nothing is decided and the loop stays open."""
    loop = _ready_loop()
    chair = _chair(loop)
    f.quorum(loop)
    api.force_authenticate(chair)
    rationale = "x" * (limits.RATIONALE_MAX_LENGTH + 1)
    response = api.post(f"/api/v1/loops/{loop.pk}/decision/", {"outcome": "no_hire", "rationale": rationale})
    assert response.status_code == 400
    assert response.json() == {"rationale": [limits.RATIONALE_TOO_LONG]}
    assert not Decision.objects.exists()
    loop.refresh_from_db()
    assert loop.status == Loop.Status.READY_FOR_REVIEW


def test_the_packet_page_refuses_a_vote_comment_over_5000_characters(client):
    """The reason is beside the comment (and in the summary); no vote is recorded."""
    loop = _ready_loop()
    client.force_login(_chair(loop))
    comment = "x" * (limits.COMMENT_MAX_LENGTH + 1)
    response = client.post(reverse("decisions:vote", args=[loop.pk]), {"vote": "hire", "comment": comment})
    assert response.status_code == 400
    assert response.context["vote_form"].errors == {"comment": [limits.COMMENT_TOO_LONG]}
    assert f'<a href="#id_comment">{limits.COMMENT_TOO_LONG}</a>' in response.content.decode()
    assert not Vote.objects.exists()


def test_the_packet_page_refuses_a_rationale_over_10000_characters(client):
    """The reason is beside the rationale; nothing is decided."""
    loop = _ready_loop()
    chair = _chair(loop)
    f.quorum(loop)
    client.force_login(chair)
    rationale = "x" * (limits.RATIONALE_MAX_LENGTH + 1)
    response = client.post(
        reverse("decisions:decide", args=[loop.pk]),
        {"outcome": "no_hire", "rationale": rationale},
    )
    assert response.status_code == 400
    assert response.context["decision_form"].errors == {"rationale": [limits.RATIONALE_TOO_LONG]}
    assert not Decision.objects.exists()
