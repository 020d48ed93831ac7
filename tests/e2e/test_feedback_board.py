"""The feedback board in a browser (issue #14): the recruiter sees who owes a scorecard across their loops,
nudges one interviewer from the row, is told when the next nudge is possible, and the e-mail is queued."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from interviews.scheduling.selectors import feedback_board
from notifications.models import Notification
from tests.e2e.conftest import LAPTOP, PHONE, assert_clean, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_a_recruiter_nudges_a_late_interviewer_from_the_board(demo, open_page, viewport):
    """The owed scorecard is listed; Nudge queues the e-mail and the row says when it may go again."""
    recruiter = User.objects.get(username="recruiter")
    owed = feedback_board(viewer=recruiter).first()  # the longest waiting: the first row of the first page
    assert owed is not None
    page, shot = open_page(viewport)
    sign_in(page, demo, "recruiter")
    page.get_by_role("link", name="Feedback", exact=True).click()
    row = page.locator(f"#owed-{owed.pk}")
    expect(row).to_contain_text(str(owed.interviewer))
    expect(row).to_contain_text(owed.interview.loop.application.candidate.name)
    shot("board")
    row.get_by_role("button", name="Nudge").click()
    expect(page.get_by_role("status")).to_contain_text(f"Nudged {owed.interviewer}")
    expect(page.locator(f"#owed-{owed.pk}")).to_contain_text("again from")
    expect(page.locator(f"#owed-{owed.pk}").get_by_role("button", name="Nudge")).to_have_count(0)
    shot("nudged")
    nudge = Notification.objects.get(kind="scorecard_nudge")
    assert nudge.recipient == owed.interviewer
    assert nudge.status == Notification.Status.SENT  # delivered (eager Celery, console mail), not only queued
    assert f"/interviews/{owed.interview_id}/kit/" in nudge.body
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= viewport["width"]
    assert_clean(page)
