"""Round types, versioned rubrics and loop templates (API.md "Configuration")."""

import pytest

from core.errors import shown
from interviews.configuration import services
from interviews.models import Interview, RubricVersion, TemplateRound
from tests.factories import (
    CompetencyFactory,
    LoopTemplateFactory,
    RoundTypeFactory,
    RubricVersionFactory,
    ScorecardFactory,
    TemplateRoundFactory,
)

pytestmark = pytest.mark.django_db

ANCHORS = {"1": "Could not.", "2": "Partly.", "3": "Did it.", "4": "Did it and more."}


def _competency(code="fundamentals", **extra):
    return {"code": code, "name": code.title(), "weight": 1.5, "required": True, "anchors": dict(ANCHORS), **extra}


def test_everyone_reads_round_types_but_only_admins_edit(api, as_user):
    """Everyone reads round types but only admins edit."""
    RoundTypeFactory(code="overview", default_minutes=45)
    as_user("interviewer")
    body = api.get("/api/v1/round-types/").json()
    assert [r["code"] for r in body] == ["overview"]
    assert api.patch(f"/api/v1/round-types/{body[0]['id']}/", {"default_minutes": 30}).status_code == 403
    as_user("admin")
    assert api.patch(f"/api/v1/round-types/{body[0]['id']}/", {"default_minutes": 30}).status_code == 200
    assert api.get("/api/v1/round-types/").json()[0]["default_minutes"] == 30


def test_an_admin_writes_what_candidates_should_expect_apart_from_the_guidance(api, as_user):
    """`candidate_description` is its own field; the interviewer guidance is untouched."""
    round_type = RoundTypeFactory(code="overview", what_to_probe="Spot the jerk.")
    as_user("admin")
    response = api.patch(
        f"/api/v1/round-types/{round_type.pk}/", {"candidate_description": "A conversation; no coding."}
    )
    assert response.status_code == 200
    assert (response.json()["candidate_description"], response.json()["what_to_probe"]) == (
        "A conversation; no coding.",
        "Spot the jerk.",
    )


def test_an_admin_creates_a_rubric_version_and_templates_follow_it(api, as_user):
    """An admin creates a rubric version and templates follow it."""
    as_user("admin")
    old_round = TemplateRoundFactory(
        rubric=RubricVersionFactory(round_type=RoundTypeFactory(code="breadth"), version=1)
    )
    response = api.post("/api/v1/rubrics/", {"round_type": "breadth", "notes": "v2", "competencies": [_competency()]})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["version"] == 2
    assert body["is_current"] is True
    assert body["competencies"][0]["anchors"] == ANCHORS
    old_round.refresh_from_db()
    assert old_round.rubric_id == body["id"]


@pytest.mark.parametrize(
    ("competencies", "message"),
    [
        ([], services.NO_COMPETENCIES),
        (
            [_competency(anchors={"1": "a", "2": "", "3": "c", "4": "d"})],
            services.ANCHOR_MISSING.format(name="Fundamentals", points="2"),
        ),
        ([_competency(), _competency()], services.DUPLICATE_COMPETENCY.format(code=shown("fundamentals"))),
        ([_competency(required=False)], services.NO_REQUIRED_COMPETENCY),
        ([_competency(weight=0)], services.WEIGHT_NOT_POSITIVE.format(name="Fundamentals")),
    ],
)
def test_it_rejects_an_incomplete_rubric(api, as_user, competencies, message):
    """It rejects an incomplete rubric."""
    as_user("admin")
    RoundTypeFactory(code="depth")
    response = api.post("/api/v1/rubrics/", {"round_type": "depth", "competencies": competencies})
    assert response.status_code == 400
    assert message in response.json()["competencies"]
    assert not RubricVersion.objects.exists()


def test_editing_an_unused_rubric_changes_it_in_place(api, as_user):
    """Editing an unused rubric changes it in place."""
    as_user("admin")
    rubric = CompetencyFactory().rubric
    response = api.put(f"/api/v1/rubrics/{rubric.id}/", {"competencies": [_competency("renamed")]})
    assert response.status_code == 200
    assert RubricVersion.objects.count() == 1
    assert list(rubric.competencies.values_list("code", flat=True)) == ["renamed"]


def test_editing_a_rubric_with_scorecards_creates_a_new_version(api, as_user):
    """Old scorecards keep the version they were filled against."""
    as_user("admin")
    card = ScorecardFactory()
    rubric = card.rubric
    CompetencyFactory(rubric=rubric, code="old")
    TemplateRoundFactory(rubric=rubric)
    response = api.put(f"/api/v1/rubrics/{rubric.id}/", {"competencies": [_competency("new")], "notes": "Sharper"})
    assert response.status_code == 201
    new = RubricVersion.objects.get(pk=response.json()["id"])
    assert new.version == rubric.version + 1
    assert list(rubric.competencies.values_list("code", flat=True)) == ["old"]
    card.refresh_from_db()
    assert card.rubric_id == rubric.id
    assert Interview.objects.get(pk=card.interview_id).rubric_id == rubric.id
    assert TemplateRound.objects.get().rubric_id == new.id
    listing = api.get("/api/v1/rubrics/").json()["results"]
    assert {(r["version"], r["is_current"], r["in_use"]) for r in listing} == {
        (rubric.version, False, True),
        (new.version, True, False),
    }


def test_interviewers_read_rubrics_but_cannot_write(api, as_user):
    """Interviewers read rubrics but cannot write."""
    rubric = CompetencyFactory().rubric
    as_user("interviewer")
    assert api.get(f"/api/v1/rubrics/{rubric.id}/").status_code == 200
    assert api.put(f"/api/v1/rubrics/{rubric.id}/", {"competencies": [_competency()]}).status_code == 403


def _rubrics(*codes):
    return {
        code: CompetencyFactory(
            rubric=RubricVersionFactory(round_type=RoundTypeFactory(code=code)), code=f"{code}_skill"
        ).rubric
        for code in codes
    }


def test_an_admin_creates_a_template_with_rounds_and_policy(api, as_user):
    """An admin creates a template with rounds and policy."""
    as_user("admin")
    rubrics = _rubrics("overview", "ml_coding", "breadth")
    payload = {
        "name": "Applied Scientist MLS1",
        "role_family": "applied_scientist",
        "level": "MLS1",
        "rounds": [
            {"round_type": "overview", "order": 1, "minutes": 45},
            {"round_type": "ml_coding", "order": 2, "rubric": rubrics["ml_coding"].id},
            {"round_type": "breadth", "order": 3, "required": False},
        ],
        "policy": {"competency_bar": 3, "competency_bars": {"ml_coding_skill": 3.5}},
    }
    response = api.post("/api/v1/loop-templates/", payload)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [(r["round_type"], r["required"], r["minutes"]) for r in body["rounds"]] == [
        ("overview", True, 45),
        ("ml_coding", True, 60),
        ("breadth", False, 60),
    ]
    assert body["policy"] == {"competency_bar": 3.0, "competency_bars": {"ml_coding_skill": 3.5}}


@pytest.mark.parametrize(
    ("family", "level", "rounds", "field", "message"),
    [
        ("applied_scientist", "EM1", [("overview", 1, True)], "level", None),
        (
            "applied_scientist",
            "MLS1",
            [("ml_coding", 1, True), ("overview", 2, True)],
            "rounds",
            services.OVERVIEW_NOT_FIRST,
        ),
        (
            "engineering_manager",
            "EM1",
            [("overview", 1, True), ("leadership", 2, True)],
            "rounds",
            services.EM_NEEDS_TECHNICAL,
        ),
        (
            "applied_scientist",
            "senior",
            [("overview", 1, True), ("ml_systems", 2, False)],
            "rounds",
            services.SENIOR_NEEDS_SYSTEMS,
        ),
        (
            "applied_scientist",
            "MLS1",
            [("overview", 1, True), ("overview", 2, True)],
            "rounds",
            services.DUPLICATE_ROUND.format(code=shown("overview")),
        ),
        ("applied_scientist", "MLS1", [], "rounds", services.NO_ROUNDS),
    ],
)
def test_it_rejects_templates_that_break_the_loop_rules(api, as_user, family, level, rounds, field, message):
    """It rejects templates that break the loop rules."""
    as_user("admin")
    _rubrics("overview", "ml_coding", "breadth", "leadership", "ml_systems")
    payload = {
        "name": "T",
        "role_family": family,
        "level": level,
        "rounds": [{"round_type": code, "order": order, "required": required} for code, order, required in rounds],
    }
    response = api.post("/api/v1/loop-templates/", payload)
    assert response.status_code == 400
    assert field in response.json()
    if message:
        assert message in response.json()[field]


def test_a_bar_must_name_a_competency_of_the_template(api, as_user):
    """A bar must name a competency of the template."""
    as_user("admin")
    _rubrics("overview")
    payload = {
        "name": "T",
        "role_family": "data_engineer",
        "level": "MLS1",
        "rounds": [{"round_type": "overview", "order": 1}],
        "policy": {"competency_bars": {"nope": 3}},
    }
    response = api.post("/api/v1/loop-templates/", payload)
    assert response.status_code == 400
    assert response.json() == {"policy": [services.UNKNOWN_BAR_COMPETENCY.format(code=shown("nope"))]}


@pytest.mark.parametrize("rows", [1, 6])
def test_template_and_rubric_lists_do_not_grow_in_queries(api, as_user, django_assert_num_queries, rows):
    """Template and rubric lists do not grow in queries."""
    as_user("recruiter")
    for _ in range(rows):
        TemplateRoundFactory(template=LoopTemplateFactory(), rubric=CompetencyFactory().rubric)
    with django_assert_num_queries(5):
        assert api.get("/api/v1/loop-templates/").json()["count"] == rows
    with django_assert_num_queries(5):
        assert api.get("/api/v1/rubrics/").json()["count"] == rows


def test_the_admin_refuses_to_edit_a_rubric_version_in_use_and_copies_it(client):
    """The admin refuses to edit a rubric version in use and copies it."""
    from tests.factories import UserFactory

    admin_user = UserFactory(roles=["admin"], is_superuser=True)
    client.force_login(admin_user)
    card = ScorecardFactory()
    CompetencyFactory(rubric=card.rubric, code="kept")
    url = f"/admin/interviews/rubricversion/{card.rubric_id}/change/"
    assert client.post(url, {"notes": "edited"}).status_code == 403
    response = client.post(
        "/admin/interviews/rubricversion/", {"action": "copy_as_new_version", "_selected_action": [card.rubric_id]}
    )
    assert response.status_code == 302
    new = RubricVersion.objects.exclude(pk=card.rubric_id).get()
    assert list(new.competencies.values_list("code", flat=True)) == ["kept"]
