"""The demo chair can review the demo loops, see why, and decide them."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from decisions.models import Decision, RecommendationRecord
from decisions.services import OVERRIDE_NEEDS_RATIONALE
from demo import history
from demo.seed import LOOPS
from hiring.quorum import quorum_state
from interviews.models import Loop

pytestmark = pytest.mark.django_db

# The demo's current loops (the past ones, demo/history.py, are decided records).
LIVE = {spec.candidate for spec in LOOPS}


def _live(decisions):
    return decisions.filter(loop__application__candidate__name__in=LIVE)


# The demo committee (the chair, Cole, Lena) on Dana's loop: Cole has voted, two votes are needed.
QUORUM_NOT_REACHED = quorum_state(quorum=None, member_ids=[1, 2, 3], chair_id=1, voter_ids=[2]).problem


@pytest.fixture
def demo(client):
    call_command("seed_demo")
    assert client.login(username="chair", password="loopwise-demo")
    return {loop.application.candidate.name: loop for loop in Loop.objects.select_related("application__candidate")}


def test_the_seed_stores_a_recommendation_for_every_loop_with_feedback(demo):
    """Each loop with submitted scorecards has its recommendation kept once, even after a second seed."""
    call_command("seed_demo")
    outcomes = dict(
        RecommendationRecord.objects.filter(loop__application__candidate__name__in=LIVE).values_list(
            "loop__application__candidate__name", "outcome"
        )
    )
    past = RecommendationRecord.objects.exclude(loop__application__candidate__name__in=LIVE)
    assert past.count() == len(history.CANDIDATES)  # each past loop's, once
    assert outcomes == {
        "Chen Wei": "incomplete",
        "Dana Kowalski": "hire",
        "Evan Brooks": "no_hire",
        "Farah Haddad": "no_hire",
        "Grace Liu": "hire",
    }


def test_the_chair_queue_lists_the_three_ready_loops_and_grace_as_decided(client, demo):
    """The chair queue lists the three ready loops and grace as decided."""
    html = client.get(reverse("decisions:queue")).content.decode()
    waiting, decided = html.split('<section id="decided"', 1)
    for name in ("Dana Kowalski", "Evan Brooks", "Farah Haddad"):
        assert name in waiting
    assert "Chen Wei" not in html
    assert "Grace Liu" not in waiting
    assert "Grace Liu" in decided


def test_the_jerk_flagged_loop_shows_why(client, demo):
    """The jerk flagged loop shows why."""
    html = client.get(reverse("decisions:packet", args=[demo["Evan Brooks"].pk])).content.decode()
    assert "Brilliant-jerk flag" in html
    assert "cleaning up after the help" in html
    assert "Don&#x27;t hire brilliant jerks." in html


def test_the_em_below_the_bar_loop_shows_the_gap(client, demo):
    """The EM below the bar loop shows the gap."""
    html = client.get(reverse("decisions:packet", args=[demo["Farah Haddad"].pk])).content.decode()
    assert "EM competence check" in html
    assert "below the MLS bar" in html
    assert 'data-code="em_below_mls_bar">Manager below the scientists&#x27; bar</strong>' in html
    assert "(gap 1.0)" in html


def test_the_demo_shows_a_quorum_not_reached(client, demo):
    """Dana's loop has Cole's vote only: the packet says one more is needed, and deciding is refused."""
    url = reverse("decisions:packet", args=[demo["Dana Kowalski"].pk])
    html = client.get(url).content.decode()
    assert "quorum not reached" in html
    assert QUORUM_NOT_REACHED in html
    assert QUORUM_NOT_REACHED.startswith("1 more vote needed")
    response = client.post(url + "decide/", {"outcome": "hire"})
    assert response.status_code == 400
    assert QUORUM_NOT_REACHED in response.content.decode()
    assert set(_live(Decision.objects).values_list("loop__application__candidate__name", flat=True)) == {"Grace Liu"}


def test_the_chair_decides_the_demo_loops(client, demo):
    """Once the quorum has voted: Dana hired as recommended, Evan's veto followed, Farah needs a rationale."""
    dana, evan, farah = demo["Dana Kowalski"], demo["Evan Brooks"], demo["Farah Haddad"]

    def post(loop, intent, **data):
        return client.post(reverse(f"decisions:{intent}", args=[loop.pk]), data)

    for loop, vote in ((dana, "hire"), (evan, "no_hire"), (farah, "hire")):
        assert post(loop, "vote", vote=vote).status_code == 302
    assert post(evan, "decide", outcome="no_hire").status_code == 400  # the chair alone is no quorum
    assert client.login(username="committee", password="loopwise-demo")
    for loop, vote in ((evan, "no_hire"), (farah, "hire")):
        assert post(loop, "vote", vote=vote).status_code == 302
    assert client.login(username="chair", password="loopwise-demo")
    assert post(dana, "decide", outcome="hire").status_code == 302
    assert post(evan, "decide", outcome="no_hire").status_code == 302
    response = post(farah, "decide", outcome="hire")
    assert response.status_code == 400
    assert OVERRIDE_NEEDS_RATIONALE.format(recommended="no hire", outcome="hire") in response.content.decode()
    decided = dict(_live(Decision.objects).values_list("loop__application__candidate__name", "outcome"))
    assert decided == {"Dana Kowalski": "hire", "Evan Brooks": "no_hire", "Grace Liu": "hire"}
    live = Loop.objects.filter(status="decided", application__candidate__name__in=LIVE)
    assert set(live.values_list("application__stage", flat=True)) == {
        "offer",
        "rejected",
    }
