"""The notifications page and API: each person sees what was sent to them, and only that."""

import datetime as dt

import pytest

from tests.factories import UserFactory
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

SENT_AT = dt.datetime(2026, 3, 2, 16, 5, tzinfo=dt.UTC)


def test_the_page_lists_what_was_sent_to_me_and_when(client):
    """Subject, kind, status and time of my rows; not other people's."""
    me = UserFactory(roles=["interviewer"])
    NotificationFactory(
        recipient=me, kind="scorecard_due", subject="Scorecard due: Breadth", status="sent", sent_at=SENT_AT
    )
    NotificationFactory(recipient=me, subject="Still waiting")
    NotificationFactory(subject="Someone else's")
    client.force_login(me)
    response = client.get("/notifications/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Scorecard due: Breadth" in html
    assert "Mon 2 Mar 2026, 16:05 UTC" in html
    assert "Waiting to be sent" in html
    assert "Someone else&#x27;s" not in html
    assert "2 notifications" in html


def test_a_skipped_reminder_says_why_it_was_not_sent(client):
    """Skipped rows show their reason."""
    me = UserFactory()
    NotificationFactory(recipient=me, status="skipped", last_error="The scorecard was submitted.")
    client.force_login(me)
    html = client.get("/notifications/").content.decode()
    assert "Not sent" in html
    assert "The scorecard was submitted." in html


def test_the_page_needs_a_signed_in_person(client):
    """Anonymous: to the login page."""
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_the_nav_links_the_page(client):
    """Everyone signed in sees 'Notifications' in the top bar."""
    client.force_login(UserFactory())
    assert '<a href="/notifications/">Notifications</a>' in client.get("/").content.decode()


@pytest.mark.parametrize("rows", [1, 30])
def test_the_page_query_count_does_not_grow(rows, client, django_assert_num_queries):
    """Session, user, groups, count, page: the same for 1 or 30 rows."""
    me = UserFactory()
    NotificationFactory.create_batch(rows, recipient=me)
    client.force_login(me)
    with django_assert_num_queries(7):
        response = client.get("/notifications/")
    assert response.status_code == 200
    assert response.content.decode().count("<details>") == rows


def test_the_api_lists_only_my_notifications(api, as_user):
    """GET notifications/: mine, newest first, with kind, status and times."""
    me = as_user("recruiter")
    older = NotificationFactory(recipient=me, created_at=SENT_AT - dt.timedelta(days=1))
    newer = NotificationFactory(recipient=me, status="sent", sent_at=SENT_AT, created_at=SENT_AT)
    NotificationFactory()
    response = api.get("/api/v1/notifications/")
    assert response.status_code == 200
    assert [item["id"] for item in response.data["results"]] == [newer.pk, older.pk]
    assert response.data["results"][0]["sent_at"] == "2026-03-02T16:05:00Z"
    assert set(response.data["results"][0]) == {"id", "kind", "subject", "body", "status", "created_at", "sent_at"}


def test_the_api_hides_other_peoples_notifications(api, as_user):
    """Someone else's row: 404."""
    as_user("recruiter")
    response = api.get(f"/api/v1/notifications/{NotificationFactory().pk}/")
    assert response.status_code == 404


def test_the_api_filters_by_status(api, as_user):
    """?status=sent."""
    me = as_user()
    NotificationFactory(recipient=me)
    sent = NotificationFactory(recipient=me, status="sent", sent_at=SENT_AT)
    response = api.get("/api/v1/notifications/?status=sent")
    assert [item["id"] for item in response.data["results"]] == [sent.pk]


@pytest.mark.parametrize("rows", [1, 30])
def test_the_api_query_count_does_not_grow(rows, api, as_user, django_assert_num_queries):
    """Count and page: the same for 1 or 30 rows."""
    me = as_user()
    NotificationFactory.create_batch(rows, recipient=me)
    with django_assert_num_queries(4):
        response = api.get("/api/v1/notifications/")
    assert response.status_code == 200
    assert response.data["count"] == rows
