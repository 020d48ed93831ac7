"""My interviews: everything still open is shown, what is done comes 25 at a time, in a number of
queries that does not grow with either."""

import datetime as dt

import pytest
from django.utils import timezone

from interviews.models import Interview, InterviewAssignment, Scorecard
from tests.factories import InterviewFactory, LoopFactory, UserFactory

pytestmark = pytest.mark.django_db


def _interviews(interviewer, count: int, *, done: bool, hours_from_now: float) -> list[Interview]:
    made = []
    for n in range(count):
        start = timezone.now() + dt.timedelta(hours=hours_from_now - n)
        interview = InterviewFactory(loop=LoopFactory(), start=start, end=start + dt.timedelta(hours=1))
        InterviewAssignment.objects.create(interview=interview, interviewer=interviewer)
        Scorecard.objects.create(
            interview=interview,
            interviewer=interviewer,
            rubric=interview.rubric,
            status=Scorecard.Status.SUBMITTED if done else Scorecard.Status.DRAFT,
            submitted_at=timezone.now() if done else None,
            overall="yes" if done else "",
        )
        made.append(interview)
    return made


def test_open_interviews_are_all_shown_and_done_ones_a_page_at_a_time(client):
    """30 submitted and 2 upcoming: page 1 has both upcoming and the 25 most recent submitted; page 2 the rest."""
    alice = UserFactory(roles=["interviewer"])
    upcoming = _interviews(alice, 2, done=False, hours_from_now=48)
    done = _interviews(alice, 30, done=True, hours_from_now=-24)
    client.force_login(alice)
    first = client.get("/interviews/mine/").content.decode()
    assert first.count("Open kit") == 27
    assert all(f"/interviews/{i.pk}/kit/" in first for i in upcoming + done[:25])
    assert f"/interviews/{done[25].pk}/kit/" not in first
    assert 'href="?page=2">Older' in first
    second = client.get("/interviews/mine/?page=2").content.decode()
    assert all(f"/interviews/{i.pk}/kit/" in second for i in upcoming + done[25:])
    assert f"/interviews/{done[0].pk}/kit/" not in second
    assert 'href="?page=1">' in second
    assert "Older ›" not in second
    assert client.get("/interviews/mine/?page=abc").status_code == 200
    assert client.get("/interviews/mine/?page=99999999999").status_code == 200


@pytest.mark.parametrize("rows", [1, 40])
def test_the_page_query_count_does_not_grow(rows, client, django_assert_num_queries):
    """Open and done interviews alike: the same queries for 1 and for 40 of each."""
    alice = UserFactory(roles=["interviewer"])
    _interviews(alice, rows, done=False, hours_from_now=48)
    _interviews(alice, rows, done=True, hours_from_now=-24)
    client.force_login(alice)
    with django_assert_num_queries(9):
        assert client.get("/interviews/mine/").status_code == 200
