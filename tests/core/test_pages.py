import pytest
from django.core.management import call_command

from interviews.models import RubricVersion
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_the_login_page_has_labelled_fields(client):
    """The login page has labelled fields."""
    response = client.get("/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_username">' in html
    assert '<label for="id_password">' in html


def test_home_needs_a_signed_in_person(client):
    """Home needs a signed in person."""
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_signing_in_lands_on_home_with_roles(client):
    """Signing in lands on home with roles."""
    user = UserFactory(roles=["recruiter"], name="Rita R")
    response = client.post("/login/", {"username": user.username, "password": PASSWORD}, follow=True)
    html = response.content.decode()
    assert "Welcome, Rita R" in html
    assert "Recruiter" in html


def test_a_wrong_password_shows_an_error(client):
    """A wrong password shows an error."""
    user = UserFactory()
    response = client.post("/login/", {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_the_admin_lists_demo_loops(client):
    """The admin lists demo loops."""
    call_command("seed_demo")
    client.login(username="admin", password="loopwise-demo")
    for url in [
        "/admin/",
        "/admin/interviews/loop/",
        f"/admin/interviews/rubricversion/{RubricVersion.objects.first().pk}/change/",
        "/admin/interviews/looptemplate/",
        "/admin/interviews/scorecard/",
        "/admin/hiring/requisition/",
    ]:
        assert client.get(url).status_code == 200, url
    assert "Evan Brooks" in client.get("/admin/interviews/loop/").content.decode()


def test_the_admin_refuses_to_edit_a_submitted_scorecard(client):
    """The admin refuses to edit a submitted scorecard."""
    from interviews.models import Scorecard

    call_command("seed_demo")
    client.login(username="admin", password="loopwise-demo")
    submitted = Scorecard.objects.filter(status="submitted").first()
    response = client.post(f"/admin/interviews/scorecard/{submitted.pk}/change/", {"summary": "rewritten"})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.summary != "rewritten"


def test_non_admins_do_not_get_the_admin(client):
    """Non admins do not get the admin."""
    user = UserFactory(roles=["interviewer"])
    client.force_login(user)
    assert client.get("/admin/").status_code == 302


def test_the_admin_never_deletes_feedback_or_the_audit_trail(client):
    """The admin never deletes feedback or the audit trail."""
    from decisions.models import Decision
    from interviews.models import Loop, Scorecard

    call_command("seed_demo")
    client.login(username="admin", password="loopwise-demo")
    submitted = Scorecard.objects.filter(status="submitted").first()
    decision = Decision.objects.first()
    loop = submitted.interview.loop
    for url in [
        f"/admin/interviews/scorecard/{submitted.pk}/delete/",
        f"/admin/decisions/decision/{decision.pk}/delete/",
        f"/admin/interviews/loop/{loop.pk}/delete/",
    ]:
        assert client.post(url, {"post": "yes"}).status_code == 403, url
    assert Scorecard.objects.filter(pk=submitted.pk).exists()
    assert Decision.objects.filter(pk=decision.pk).exists()
    assert Loop.objects.filter(pk=loop.pk).exists()


def test_home_tells_each_role_what_is_waiting(client):
    """Home tells each role what is waiting."""
    call_command("seed_demo")
    client.login(username="interviewer", password="loopwise-demo")
    html = client.get("/").content.decode()
    assert "1 scorecard to fill" in html
    # Chen Wei's round ended on the last working day: overdue or still due, by the time of day.
    assert ("(1 overdue)" in html) == _chen_coding_overdue()
    client.login(username="chair", password="loopwise-demo")
    html = client.get("/").content.decode()
    assert "chair of ML Hiring Committee" in html
    assert "3 loops ready for review." in html


def test_the_recruiter_home_counts_loops_to_schedule_and_overdue_feedback(client):
    """The recruiter home counts loops to schedule and overdue feedback."""
    call_command("seed_demo")
    client.login(username="recruiter", password="loopwise-demo")
    html = client.get("/").content.decode()
    assert "2 loops to schedule" in html
    assert "1 awaiting feedback" in html
    assert ("1 overdue scorecard" in html) == _chen_coding_overdue()


def _chen_coding_overdue() -> bool:
    from django.utils import timezone

    from interviews.models import Interview

    coding = Interview.objects.get(loop__application__candidate__name="Chen Wei", round_type__code="ml_coding")
    return coding.scorecard_overdue_at <= timezone.now()
