"""The decision queue's Decided section: past decisions, most recent first, with outcome and override."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from decisions.codes import Trigger
from decisions.models import Decision
from decisions.services import decision_record, loop_recommendation_refresh
from decisions.views import DECIDED_PER_PAGE
from interviews.models import Loop
from tests.decisions import factories as f

pytestmark = pytest.mark.django_db


def _decided(committee, *, outcome="hire", rationale="", days_ago=0, **cards):
    """A loop decided through the service (so it links its recommendation), then dated back."""
    loop = f.loop(committee_=committee, status=Loop.Status.READY_FOR_REVIEW)
    f.complete(loop, **cards)
    f.quorum(loop)
    decision = decision_record(loop=loop, actor=committee.chair, outcome=outcome, rationale=rationale)
    Decision.objects.filter(pk=decision.pk).update(decided_at=timezone.now() - dt.timedelta(days=days_ago))
    return loop


def _decided_section(html: str) -> str:
    return html.split('<section id="decided"', 1)[1]


def test_decided_loops_are_listed_most_recent_first_with_a_link_to_the_packet(client):
    """Outcome, the recommendation it was compared with, who decided, and the packet link; newest first."""
    committee = f.committee()
    older = _decided(committee, days_ago=3)
    newer = _decided(committee, outcome="no_hire", days_ago=1, overview={"jerk": True})
    waiting = f.loop(committee_=committee, status=Loop.Status.READY_FOR_REVIEW)
    f.complete(waiting)
    client.force_login(committee.chair)
    response = client.get(reverse("decisions:queue"))
    assert response.status_code == 200
    html = response.content.decode()
    decided = _decided_section(html)
    assert 'href="#decided">Decided (2)</a>' in html
    assert decided.index(newer.application.candidate.name) < decided.index(older.application.candidate.name)
    assert reverse("decisions:packet", args=[newer.pk]) in decided
    assert waiting.application.candidate.name not in decided
    assert waiting.application.candidate.name in html.split('<section id="decided"', 1)[0]
    assert f"by {committee.chair}" in decided
    assert '<span class="badge outcome-no_hire">No hire</span>' in decided
    assert "override" not in decided


def test_an_override_is_marked(client):
    """An override is marked."""
    committee = f.committee()
    _decided(committee, outcome="hire", rationale="The flag was withdrawn in the debrief.", overview={"jerk": True})
    client.force_login(committee.chair)
    decided = _decided_section(client.get(reverse("decisions:queue")).content.decode())
    assert '<span class="badge outcome-hire">Hire</span> <span class="badge warn"' in decided
    assert ">override</span>" in decided
    assert '<span class="badge outcome-no_hire">No hire</span>' in decided  # what was recommended


def test_another_committees_decisions_are_not_listed(client):
    """Another committees decisions are not listed."""
    mine, theirs = f.committee(), f.committee()
    shown = _decided(mine)
    hidden = _decided(theirs)
    client.force_login(mine.chair)
    decided = _decided_section(client.get(reverse("decisions:queue")).content.decode())
    assert shown.application.candidate.name in decided
    assert hidden.application.candidate.name not in decided


def test_no_decisions_yet_says_so(client):
    """No decisions yet says so."""
    committee = f.committee()
    client.force_login(committee.chair)
    assert "No decisions yet." in _decided_section(client.get(reverse("decisions:queue")).content.decode())


def test_many_decisions_are_paged(client):
    """Many decisions are paged."""
    committee = f.committee()
    loops = [_decided(committee, days_ago=n) for n in range(DECIDED_PER_PAGE + 1)]
    client.force_login(committee.chair)
    first = _decided_section(client.get(reverse("decisions:queue")).content.decode())
    assert loops[0].application.candidate.name in first
    assert "Page 1 of 2" in first
    assert "?decided_page=2#decided" in first
    second = _decided_section(client.get(reverse("decisions:queue") + "?decided_page=2").content.decode())
    assert loops[-1].application.candidate.name in second
    assert loops[0].application.candidate.name not in second


@pytest.mark.parametrize("loops", [1, 6])
def test_the_decided_section_query_count_does_not_grow(client, django_assert_num_queries, loops):
    """1 or 6 decided loops (plus one waiting with a stored recommendation): the same queries."""
    committee = f.committee()
    for _ in range(loops):
        _decided(committee)
    waiting = f.loop(committee_=committee, status=Loop.Status.READY_FOR_REVIEW)
    f.complete(waiting)
    loop_recommendation_refresh(loop=waiting, trigger=Trigger.SCORECARD_SUBMITTED)
    client.force_login(committee.chair)
    with django_assert_num_queries(8):
        response = client.get(reverse("decisions:queue"))
    assert response.status_code == 200
    decided = _decided_section(response.content.decode())
    assert decided.count('<span class="badge outcome-hire">Hire</span>') == 2 * loops  # decided and recommended
