"""The audit log (OWASP ASVS 7): sign-ins and failures, lockouts, two-factor refusals, role and password
changes, packet reads, exports, anonymizations and decisions, with person and client address; append-only,
down to the database; no candidate PII; filtered in the admin."""

import json

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AppendOnly, AuditEvent
from decisions.models import Decision
from interviews.models import Loop
from tests.decisions import factories as f
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action
ADDRESS = "203.0.113.9"


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_sign_ins_and_failures_on_the_pages_and_the_api_are_logged_with_person_and_address(client, api):
    """Who, from where and how; a failure keeps the username as typed and never the password."""
    user = UserFactory()
    client.post("/login/", {"username": user.username, "password": "not-it"}, REMOTE_ADDR=ADDRESS)
    client.post("/login/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR=ADDRESS)
    api.post("/api/v1/auth/token/", {"username": "nobody", "password": "secret-guess"}, REMOTE_ADDR=ADDRESS)
    api.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR=ADDRESS)
    failed = _events(Action.SIGN_IN_FAILED)
    assert [(e.actor_username, e.actor_id, e.client_address) for e in failed] == [
        (user.username, None, ADDRESS),
        ("", None, ADDRESS),  # no such account: the text typed is kept only as a keyed digest
    ]
    assert len(failed[1].detail["unknown_username"]) == 16
    signed_in = _events(Action.SIGN_IN)
    assert [(e.actor_id, e.detail["via"], e.client_address) for e in signed_in] == [
        (user.pk, "pages", ADDRESS),
        (user.pk, "api", ADDRESS),
    ]
    stored = json.dumps(list(AuditEvent.objects.values()), default=str)
    assert "not-it" not in stored
    assert "secret-guess" not in stored


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=2)
def test_a_lockout_is_logged(api):
    """The attempt that locks the account out is its own event."""
    user = UserFactory()
    for _ in range(2):
        api.post("/api/v1/auth/token/", {"username": user.username, "password": "wrong"}, REMOTE_ADDR=ADDRESS)
    assert [(e.actor_username, e.client_address) for e in _events(Action.LOCKED_OUT)] == [(user.username, ADDRESS)]


def test_a_refused_two_factor_code_is_logged(api):
    """A right password with a wrong code is a refused second factor, logged against the person."""
    user = UserFactory()
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    api.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD, "otp": "000000"})
    assert [e.actor_id for e in _events(Action.SECOND_FACTOR_FAILED)] == [user.pk]
    assert _events(Action.SIGN_IN) == []


def test_role_and_password_changes_and_deactivation_name_who_did_them(api):
    """An admin's changes through the API: the admin is the actor, the person the target."""
    admin = UserFactory(roles=["admin"])
    person = UserFactory(roles=["interviewer"])
    api.force_authenticate(admin)
    response = api.patch(f"/api/v1/users/{person.pk}/", {"roles": ["interviewer", "recruiter"]}, format="json")
    assert response.status_code == 200, response.json()
    api.patch(f"/api/v1/users/{person.pk}/", {"password": "Another-long-passphrase-7"}, format="json")
    api.patch(f"/api/v1/users/{person.pk}/", {"is_active": False}, format="json")
    by_admin = AuditEvent.objects.filter(actor=admin, target_type="user", target_id=person.pk).order_by("id")
    assert [(e.action, e.detail) for e in by_admin] == [
        (Action.ROLES_CHANGED, {"roles": ["interviewer", "recruiter"]}),
        (Action.PASSWORD_CHANGED, {}),
        (Action.DEACTIVATED, {}),
    ]


def test_packet_reads_decisions_exports_and_anonymizations_are_logged_without_candidate_pii(api, client):
    """Each names its target by id; after the candidate is anonymized, no event holds their name or e-mail."""
    loop = f.loop(status=Loop.Status.READY_FOR_REVIEW)
    candidate = loop.application.candidate
    name, email = candidate.name, candidate.email
    f.complete(loop)
    f.quorum(loop)
    chair = loop.application.requisition.committee.chair
    api.force_authenticate(chair)
    assert api.get(f"/api/v1/loops/{loop.pk}/packet/").status_code == 200
    client.force_login(chair)
    assert client.get(f"/decisions/loops/{loop.pk}/").status_code == 200
    assert api.post(f"/api/v1/loops/{loop.pk}/decision/", {"outcome": "hire"}).status_code == 201
    reads = _events(Action.PACKET_VIEWED)
    assert [(e.actor_id, e.target_type, e.target_id) for e in reads] == [(chair.pk, "loop", loop.pk)] * 2
    decision = Decision.objects.get(loop=loop)
    [decided] = _events(Action.DECISION_RECORDED)
    assert (decided.actor_id, decided.target_id, decided.detail) == (
        chair.pk,
        decision.pk,
        {"loop": loop.pk, "outcome": "hire", "override": False},
    )
    admin = UserFactory(roles=["admin"])
    api.force_authenticate(admin)
    assert api.get("/api/v1/analytics/calibration/?format=csv").status_code == 200
    assert api.get("/api/v1/analytics/calibration/").status_code == 200  # a JSON read is not an export
    assert [(e.actor_id, e.detail) for e in _events(Action.EXPORTED)] == [
        (admin.pk, {"report": "calibration", "format": "csv"})
    ]
    assert api.post(f"/api/v1/candidates/{candidate.pk}/anonymize/").status_code == 200
    [anonymized] = _events(Action.CANDIDATE_ANONYMIZED)
    assert (anonymized.actor_id, anonymized.target_type, anonymized.target_id) == (admin.pk, "candidate", candidate.pk)
    stored = json.dumps(list(AuditEvent.objects.values()), default=str)
    assert name not in stored
    assert email not in stored


def test_events_cannot_be_changed_or_deleted(settings):
    """The model, its queryset and the database itself refuse (PostgreSQL refuses deletes too)."""
    event = AuditEvent.objects.create(action=Action.SIGN_IN, actor_username="pat")
    event.actor_username = "someone else"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(actor_username="x")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_username = 'x' WHERE id = %s", [event.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).actor_username == "pat"


def test_a_deleted_account_leaves_its_events_as_they_were():
    """The actor is kept by id and username, unchanged, when the account goes."""
    person = UserFactory()
    event = AuditEvent.objects.create(action=Action.SIGN_IN, actor=person, actor_username=person.username)
    person_id = person.pk
    person.delete()
    kept = AuditEvent.objects.get(pk=event.pk)
    assert (kept.actor_id, kept.actor_username) == (person_id, person.username)


def test_admins_filter_the_log_in_the_admin_and_cannot_change_it(client):
    """The admin's list filters by action; there is no add, change or delete."""
    admin = UserFactory(roles=["admin"], is_superuser=True)
    AuditEvent.objects.create(action=Action.EXPORTED, actor_username="analyst-7", target_type="report")
    client.force_login(admin)
    page = client.get("/admin/audit/auditevent/?action=exported")
    body = page.content.decode()
    assert page.status_code == 200
    assert "analyst-7" in body
    other = client.get("/admin/audit/auditevent/?action=roles_changed").content.decode()
    assert "analyst-7" not in other
    event = AuditEvent.objects.get(actor_username="analyst-7")
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert client.get("/admin/audit/auditevent/", {"action": "roles_changed"}).status_code == 200
    interviewer = UserFactory(roles=["interviewer"])
    client.force_login(interviewer)
    assert client.get("/admin/audit/auditevent/").status_code == 302


def test_a_forged_forwarded_for_header_is_ignored_without_a_trusted_proxy(api, settings):
    """No proxy in front: the connecting address is logged, whatever X-Forwarded-For says; behind one, the
    client's address from the header."""
    user = UserFactory()
    body = {"username": user.username, "password": "wrong"}
    api.post("/api/v1/auth/token/", body, REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR="198.51.100.77")
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    api.post("/api/v1/auth/token/", body, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.77, 10.0.0.2")
    assert [e.client_address for e in _events(Action.SIGN_IN_FAILED)] == [ADDRESS, "198.51.100.77"]


def test_an_accepted_two_factor_code_is_logged_after_the_sign_in(client):
    """Password, then code: "signed in" and then "two-factor code accepted", both for the person."""
    from django_otp.oath import totp

    user = UserFactory()
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.post("/login/", {"username": user.username, "password": PASSWORD})
    client.post("/login/two-factor/", {"code": f"{totp(device.bin_key):06d}"})
    actions = list(AuditEvent.objects.filter(actor=user).order_by("id").values_list("action", flat=True))
    assert actions == [Action.SIGN_IN, Action.SECOND_FACTOR_PASSED]
