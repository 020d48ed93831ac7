"""The decision queue and packet pages: review, vote and decide in the browser."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from decisions.codes import Trigger
from decisions.models import Decision, Vote
from decisions.selectors import loop_packet
from decisions.services import OVERRIDE_NEEDS_RATIONALE, loop_recommendation_refresh
from hiring.models import Application
from hiring.quorum import quorum_state
from interviews.models import Loop
from tests.decisions import factories as f
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The chair and one member, nobody has voted: what the chair is told.
NO_VOTES_YET = quorum_state(quorum=None, member_ids=[1, 2], chair_id=1, voter_ids=[]).problem


def _ready_loop(committee=None, ready_hours_ago=1, **cards):
    loop = f.loop(committee_=committee, status=Loop.Status.READY_FOR_REVIEW)
    f.complete(loop, **cards)
    Loop.objects.filter(pk=loop.pk).update(ready_for_review_at=timezone.now() - dt.timedelta(hours=ready_hours_ago))
    return loop


def test_the_queue_lists_ready_loops_oldest_first(client):
    """Only loops ready for review, the longest waiting first."""
    committee = f.committee()
    newer = _ready_loop(committee, ready_hours_ago=1)
    older = _ready_loop(committee, ready_hours_ago=30)
    waiting = f.loop(committee_=committee)
    client.force_login(committee.chair)
    response = client.get(reverse("decisions:queue"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(older.application.candidate.name) < html.index(newer.application.candidate.name)
    assert waiting.application.candidate.name not in html


def test_the_queue_only_shows_loops_the_viewer_may_read(client):
    """Another committee's loops are not listed."""
    mine = _ready_loop()
    theirs = _ready_loop()
    client.force_login(mine.application.requisition.committee.chair)
    html = client.get(reverse("decisions:queue")).content.decode()
    assert mine.application.candidate.name in html
    assert theirs.application.candidate.name not in html


def test_the_queue_needs_a_signed_in_person(client):
    """The queue needs a signed in person."""
    response = client.get(reverse("decisions:queue"))
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_the_packet_page_shows_flags_reasons_and_the_matrix(client):
    """The jerk flag with its evidence, the decisive reason and every rating's evidence."""
    loop = _ready_loop(overview={"jerk": True})
    client.force_login(loop.application.requisition.committee.chair)
    response = client.get(reverse("decisions:packet", args=[loop.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Brilliant-jerk flag" in html
    assert "Mocked a junior colleague&#x27;s question." in html
    assert "badge decisive" in html
    assert 'data-code="brilliant_jerk">Brilliant-jerk flag</strong>' in html
    assert "Saw ml_implementation." in html
    assert 'id="decision-form"' in html
    assert f'action="{reverse("decisions:decide", args=[loop.pk])}"' in html
    assert '<label for="id_rationale">' in html


def test_an_interviewer_who_owes_feedback_gets_404(client):
    """An interviewer who owes feedback gets 404."""
    loop = _ready_loop()
    owing = UserFactory(roles=["interviewer"])
    f.draft(f.interview(loop, "overview"), interviewer=owing)
    client.force_login(owing)
    assert client.get(reverse("decisions:packet", args=[loop.pk])).status_code == 404


def test_a_member_votes_from_the_page(client):
    """A member votes from the page."""
    loop = _ready_loop()
    member = UserFactory(roles=["committee"])
    loop.application.requisition.committee.members.add(member)
    client.force_login(member)
    url = reverse("decisions:packet", args=[loop.pk])
    response = client.post(url + "vote/", {"vote": "hire", "comment": "Clear yes."})
    assert response.status_code == 302
    assert Vote.objects.get(loop=loop, voter=member).vote == "hire"
    page = client.get(response.url).content.decode()
    assert "Your vote is recorded." in page
    assert "Change your vote" in page


def test_a_vote_without_a_choice_shows_the_error_beside_it(client):
    """A vote without a choice shows the error beside it."""
    loop = _ready_loop()
    client.force_login(loop.application.requisition.committee.chair)
    response = client.post(reverse("decisions:vote", args=[loop.pk]), {"comment": "Hmm."})
    assert response.status_code == 400
    assert 'class="error" id="vote-error-1"' in response.content.decode()
    assert not Vote.objects.exists()


def test_the_chair_overriding_without_rationale_sees_why_beside_the_field(client):
    """The override error sits beside the rationale box; nothing is decided."""
    loop = _ready_loop(overview={"jerk": True})
    client.force_login(loop.application.requisition.committee.chair)
    response = client.post(reverse("decisions:decide", args=[loop.pk]), {"outcome": "hire", "rationale": ""})
    assert response.status_code == 400
    html = response.content.decode()
    message = OVERRIDE_NEEDS_RATIONALE.format(recommended="no hire", outcome="hire")
    assert f'<p class="error" id="id_rationale_error1">{message}</p>' in html
    assert not Decision.objects.exists()


def test_the_chair_decides_from_the_page_and_the_loop_locks(client):
    """The chair decides from the page and the loop locks."""
    loop = _ready_loop()
    f.quorum(loop)
    client.force_login(loop.application.requisition.committee.chair)
    response = client.post(reverse("decisions:decide", args=[loop.pk]), {"outcome": "hire", "rationale": ""})
    assert response.status_code == 302
    loop.refresh_from_db()
    assert loop.status == Loop.Status.DECIDED
    assert loop.application.stage == Application.Stage.OFFER
    page = client.get(response.url).content.decode()
    assert "Decision recorded: hire." in page
    assert "The loop is locked" in page
    assert "Record the decision" not in page


def test_the_decision_form_shows_the_vote_tally_and_says_the_quorum_is_needed(client):
    """No vote yet: the tally reads zero and the page says why deciding waits; after the quorum the note goes."""
    loop = _ready_loop()
    chair = loop.application.requisition.committee.chair
    client.force_login(chair)
    url = reverse("decisions:packet", args=[loop.pk])
    html = client.get(url).content.decode()
    assert 'id="vote-tally"' in html
    assert "0 hire" in html
    assert "0 of 2 members voted" in html
    assert "quorum not reached" in html
    assert NO_VOTES_YET in html
    f.quorum(loop)
    html = client.get(url).content.decode()
    assert "1 hire" in html
    assert "1 of 2 members voted" in html
    assert "quorum reached" in html
    assert 'id="quorum-missing"' not in html


def test_deciding_before_any_vote_is_refused_on_the_page(client):
    """400 with the message; nothing decided."""
    loop = _ready_loop()
    client.force_login(loop.application.requisition.committee.chair)
    response = client.post(reverse("decisions:decide", args=[loop.pk]), {"outcome": "hire"})
    assert response.status_code == 400
    assert NO_VOTES_YET in response.content.decode()
    assert not Decision.objects.exists()


def test_a_member_who_is_not_the_chair_cannot_decide_from_the_page(client):
    """A member who is not the chair cannot decide from the page."""
    loop = _ready_loop()
    member = UserFactory(roles=["committee"])
    loop.application.requisition.committee.members.add(member)
    client.force_login(member)
    assert "Record the decision" not in client.get(reverse("decisions:packet", args=[loop.pk])).content.decode()
    response = client.post(reverse("decisions:decide", args=[loop.pk]), {"outcome": "hire"})
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_an_incomplete_loop_says_what_is_missing_instead_of_a_form(client):
    """An incomplete loop says what is missing instead of a form."""
    loop = f.loop()
    f.submit(f.interview(loop, "overview"))
    client.force_login(loop.application.requisition.committee.chair)
    html = client.get(reverse("decisions:packet", args=[loop.pk])).content.decode()
    assert "Not complete yet, so it cannot be decided" in html
    assert "Depth is required and has no submitted scorecard yet." in html
    assert "Record the decision" not in html


@pytest.mark.parametrize("loops", [1, 6])
def test_the_queue_query_count_does_not_grow_with_the_loops(client, django_assert_num_queries, loops):
    """1 or 6 ready loops (each with a stored recommendation and a vote): the same queries."""
    committee = f.committee()
    for _ in range(loops):
        loop = _ready_loop(committee)
        loop_recommendation_refresh(loop=loop, trigger=Trigger.SCORECARD_SUBMITTED)
        f.quorum(loop)
    client.force_login(committee.chair)
    with django_assert_num_queries(7):
        response = client.get(reverse("decisions:queue"))
    assert response.status_code == 200
    assert response.content.decode().count("badge outcome-hire") == loops


def test_a_recorded_override_reads_as_whole_sentences(client):
    """An override reads "…on <date>. This decision overrides the recommendation": no lower-case start."""
    loop = _ready_loop(overview={"jerk": True})
    chair = loop.application.requisition.committee.chair
    f.quorum(loop)
    client.force_login(chair)
    url = reverse("decisions:packet", args=[loop.pk])
    client.post(url + "decide/", {"outcome": "hire", "rationale": "The flag was a misunderstanding."})
    html = client.get(url).content.decode()
    decided = Decision.objects.get(loop=loop)
    when = timezone.localtime(decided.decided_at).strftime("%-d %b %Y, %H:%M")
    assert f"Recorded by {chair} on {when}. This decision overrides the recommendation (no hire)" in html
    assert '<span class="badge warn">override</span>' in html
    assert ". overrides" not in html
    assert "The flag was a misunderstanding." in html


def test_a_decision_as_recommended_says_so(client):
    """A decision as recommended says so."""
    loop = _ready_loop()
    chair = loop.application.requisition.committee.chair
    f.quorum(loop)
    client.force_login(chair)
    url = reverse("decisions:packet", args=[loop.pk])
    client.post(url + "decide/", {"outcome": "hire"})
    html = client.get(url).content.decode()
    assert ", as recommended.</p>" in html
    assert "overrides the recommendation" not in html


def test_the_packet_summary_folds_the_matrix_by_round_with_both_raters_of_a_panel(client):
    """Two interviewers on ML coding: their scores sit in one row per competency, under the round that
    assesses it, and nowhere else; each scorecard lists its own competencies with their evidence."""
    loop = _ready_loop(ml_coding={"scores": {"ml_implementation": 2}})
    second = f.submit(
        f.interview(loop, "ml_coding"), interviewer=UserFactory(name="Nia Second"), scores={"ml_implementation": 4}
    )
    chair = loop.application.requisition.committee.chair
    packet = loop_packet(viewer=chair, loop=loop)
    coding = next(r for r in packet.summary if r.round == "ml_coding")
    assert len(coding.interviewers) == 2
    assert "Nia Second" in map(str, coding.interviewers)
    implementation = next(row for row in coding.rows if row.competency.code == "ml_implementation")
    assert sorted(score.score for score in implementation.scores) == [2, 4]
    assert [r.round for r in packet.summary] == ["overview", "ml_coding", "breadth", "depth", "ml_systems"]
    assert all(
        row.competency.code not in {"ml_implementation", "code_quality"}
        for r in packet.summary
        if r.round != "ml_coding"
        for row in r.rows
    )
    card = next(c for c in packet.scorecards if c.scorecard.pk == second.pk)
    assert [(r.competency.code, r.score) for r in card.ratings] == [("ml_implementation", 4), ("code_quality", 3)]

    client.force_login(chair)
    html = client.get(reverse("decisions:packet", args=[loop.pk])).content.decode()
    assert 'class="summary"' in html
    assert 'class="matrix"' not in html
    assert html.count('<th scope="row">Ml implementation') == 1
    assert f'href="#scorecard-{second.pk}" class="score score-4" title="Nia Second"' in html
    assert "Saw ml_implementation." in html


def test_the_em_packet_lists_each_technical_competency_once_with_its_mls_bar(client):
    """The EM check no longer repeats the technical competencies in a table of its own: the summary
    carries the MLS bar and the gap beside each one."""
    loop = f.loop(
        template_=f.template(rounds=f.EM, role_family="engineering_manager", level="EM1"),
        status=Loop.Status.READY_FOR_REVIEW,
    )
    f.complete(loop, ml_coding={"score": 2, "overall": "no"}, leadership={"score": 4, "overall": "strong_yes"})
    chair = loop.application.requisition.committee.chair
    packet = loop_packet(viewer=chair, loop=loop)
    coding = next(r for r in packet.summary if r.round == "ml_coding")
    assert {row.competency.code: row.em.meets_bar for row in coding.rows} == {
        "ml_implementation": False,
        "code_quality": False,
    }
    assert all(row.em is None for r in packet.summary if r.round in {"overview", "leadership"} for row in r.rows)
    client.force_login(chair)
    html = client.get(reverse("decisions:packet", args=[loop.pk])).content.decode()
    assert 'id="em-check"' in html
    assert '<th scope="col">MLS bar</th>' in html
    for name in ("Ml implementation", "Code quality", "Ml fundamentals", "Statistics"):
        assert html.count(f'<th scope="row">{name}') == 1, name
