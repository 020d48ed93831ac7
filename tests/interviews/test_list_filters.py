"""Filters on the scheduling lists (issue #16): `interviewers/?user=&round_type=&stage=`,
`loops/?status=&requisition=&application=`, `interviews/?loop=&status=&mine=1`. Each narrows the list the
caller may already see; a bad value is a 400 naming the parameter; each is in the OpenAPI schema."""

import pytest
from django.urls import reverse

from core.errors import shown
from hiring.api.filters import NOT_A_FLAG, NOT_AN_ID, UNKNOWN_CHOICE
from interviews.models import Interview, InterviewAssignment, Loop, Qualification, RoundType
from tests.decisions import factories as f
from tests.factories import InterviewerProfileFactory, QualificationFactory, RoundTypeFactory

pytestmark = pytest.mark.django_db


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_interviewers_by_user_and_by_round_type_and_stage(api, as_user):
    """`?user=` is one person's profile; `?round_type=` those qualified in any stage for it; `&stage=` narrows."""
    coding, depth = RoundTypeFactory(code="ml_coding"), RoundTypeFactory(code="depth")
    qualified = QualificationFactory(round_type=coding, stage=Qualification.Stage.QUALIFIED).profile
    shadow = QualificationFactory(round_type=coding, stage=Qualification.Stage.SHADOW).profile
    other = QualificationFactory(round_type=depth, stage=Qualification.Stage.QUALIFIED).profile
    bare = InterviewerProfileFactory()
    as_user("recruiter")
    assert _ids(api.get("/api/v1/interviewers/")) == {qualified.pk, shadow.pk, other.pk, bare.pk}
    assert _ids(api.get(f"/api/v1/interviewers/?user={shadow.user_id}")) == {shadow.pk}
    assert _ids(api.get("/api/v1/interviewers/?round_type=ml_coding")) == {qualified.pk, shadow.pk}
    assert _ids(api.get("/api/v1/interviewers/?round_type=ml_coding&stage=qualified")) == {qualified.pk}
    assert _ids(api.get("/api/v1/interviewers/?stage=qualified")) == {qualified.pk, other.pk}
    assert _ids(api.get("/api/v1/interviewers/?round_type=leadership")) == set()


def test_an_interviewer_filtering_by_someone_else_still_sees_only_their_own(api, as_user):
    """A filter narrows what the caller may see; it never widens it."""
    someone = InterviewerProfileFactory()
    me = as_user("interviewer")
    mine = InterviewerProfileFactory(user=me)
    assert _ids(api.get(f"/api/v1/interviewers/?user={someone.user_id}")) == set()
    assert _ids(api.get(f"/api/v1/interviewers/?user={me.pk}")) == {mine.pk}


def test_loops_by_status_requisition_and_application(api, as_user):
    """`?status=` and `?requisition=` (and `?application=`) narrow the loop list; they combine."""
    template = f.template()
    waiting = f.loop(template_=template, status=Loop.Status.AWAITING_FEEDBACK)
    ready = f.loop(template_=template, status=Loop.Status.READY_FOR_REVIEW)
    as_user("admin")
    assert _ids(api.get("/api/v1/loops/?status=ready_for_review")) == {ready.pk}
    requisition = waiting.application.requisition_id
    assert _ids(api.get(f"/api/v1/loops/?requisition={requisition}")) == {waiting.pk}
    assert _ids(api.get(f"/api/v1/loops/?requisition={requisition}&status=ready_for_review")) == set()
    assert _ids(api.get(f"/api/v1/loops/?application={ready.application_id}")) == {ready.pk}


def test_interviews_by_loop_status_and_mine(api, as_user):
    """`?loop=`, `?status=` and `?mine=1` narrow the interview list and combine."""
    template = f.template()
    one, two = f.loop(template_=template), f.loop(template_=template)
    me = as_user("admin")
    coding = f.interview(one, "ml_coding")
    InterviewAssignment.objects.create(interview=coding, interviewer=me)
    Interview.objects.filter(pk=f.interview(two, "overview").pk).update(status=Interview.Status.CANCELLED)
    assert _ids(api.get(f"/api/v1/interviews/?loop={one.pk}")) == set(one.interviews.values_list("pk", flat=True))
    cancelled = _ids(api.get("/api/v1/interviews/?status=cancelled"))
    assert cancelled == {f.interview(two, "overview").pk}
    assert _ids(api.get("/api/v1/interviews/?mine=1")) == {coding.pk}
    assert _ids(api.get(f"/api/v1/interviews/?mine=true&loop={two.pk}")) == set()
    assert _ids(api.get("/api/v1/interviews/?mine=0")) == set(Interview.objects.values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("path", "name", "value", "message"),
    [
        ("interviewers", "user", "me", NOT_AN_ID.format(field="user", value="me")),
        ("interviewers", "round_type", "coding", None),
        ("interviewers", "stage", "expert", None),
        ("loops", "status", "open", None),
        ("loops", "requisition", "-3", NOT_AN_ID.format(field="requisition", value="-3")),
        ("interviews", "loop", "1.5", NOT_AN_ID.format(field="loop", value="1.5")),
        ("interviews", "status", "done", None),
        ("interviews", "mine", "maybe", NOT_A_FLAG.format(field="mine", value=shown("maybe"))),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(api, as_user, path, name, value, message):
    """A value the filter cannot mean is refused, never ignored (which would answer the unfiltered list)."""
    as_user("admin")
    response = api.get(f"/api/v1/{path}/", {name: value})
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [name]
    if message is None:  # a choice: the message lists what is allowed
        allowed = {
            "round_type": RoundType.Code.values,
            "stage": Qualification.Stage.values,
            "status": (Loop.Status if path == "loops" else Interview.Status).values,
        }[name]
        message = UNKNOWN_CHOICE.format(field=name, value=shown(value), allowed=", ".join(allowed))
    assert body[name] == [message]


FILTERS = {
    "/api/v1/interviewers/": {"user", "round_type", "stage"},
    "/api/v1/loops/": {"status", "requisition", "application"},
    "/api/v1/interviews/": {"loop", "status", "mine"},
    "/api/v1/candidates/": {"q"},
    "/api/v1/applications/": {"requisition", "stage"},
}


def test_every_filter_is_in_the_schema(client):
    """The OpenAPI schema lists each filter as a query parameter of its list."""
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    for path, names in FILTERS.items():
        parameters = {p["name"] for p in schema["paths"][path]["get"]["parameters"] if p["in"] == "query"}
        assert names <= parameters, path
