"""Conditional GET on the API (core.middleware.ApiConditionalGetMiddleware): per-viewer ETags, 304s."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_my_interviews_list_answers_304_to_its_own_tag_and_only_for_reads(api):
    """GET interviews/?mine=1 carries an ETag that a repeat answers with 304; writes and errors carry none."""
    person = UserFactory(roles=["interviewer"])
    api.force_authenticate(person)
    first = api.get("/api/v1/interviews/?mine=1")
    assert first.status_code == 200
    again = api.get("/api/v1/interviews/?mine=1", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert api.get("/api/v1/interviews/?mine=1", HTTP_IF_NONE_MATCH='"stale"').status_code == 200
    assert not api.get("/api/v1/loops/999999/packet/").has_header("ETag")
    assert not api.post("/api/v1/auth/logout/").has_header("ETag")


def test_two_viewers_never_share_a_tag_for_the_same_body(api):
    """Two people whose lists are both empty get different tags: a tag is never valid across viewers."""
    tags = []
    for _ in range(2):
        api.force_authenticate(UserFactory(roles=["interviewer"]))
        response = api.get("/api/v1/interviews/?mine=1")
        tags.append((response.content, response["ETag"]))
    assert tags[0][0] == tags[1][0]
    assert tags[0][1] != tags[1][1]
