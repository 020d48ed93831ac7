import pytest
from django.core.management import call_command

from accounts.models import User
from hiring import selectors
from hiring.models import ExistingHeadcount, HiringSettings, Requisition

pytestmark = pytest.mark.django_db


def test_the_demo_hiring_plan_shows_warnings():
    """The seeded plan warns (team ratio, an ML engineer opened before Series C)."""
    call_command("seed_demo")
    plan = selectors.hiring_plan(viewer=User.objects.get(username="manager"))
    codes = {warning.code for warning in plan.warnings}
    assert plan.warnings
    assert "stage_ml_engineer" in codes
    assert "ratio_short_data_engineers" in codes
    assert plan.use_cases == 3


def test_the_demo_research_draft_is_held_back_by_the_gate():
    """The research scientist draft relies on a proposed use case without its why."""
    call_command("seed_demo")
    draft = Requisition.objects.get(title="Research Scientist — Generative")
    problems = selectors.requisition_gate_problems(role_family=draft.role_family, use_cases=list(draft.use_cases.all()))
    assert problems[1].startswith("“Catalogue description generation”: not accepted by a hiring manager")


def test_seeding_twice_keeps_one_settings_row_and_admin_edits():
    """Idempotent, and a changed count survives the next run."""
    call_command("seed_demo")
    ExistingHeadcount.objects.filter(role_family="data_engineer").update(count=40)
    call_command("seed_demo")
    assert HiringSettings.objects.count() == 1
    assert ExistingHeadcount.objects.count() == 7
    assert ExistingHeadcount.objects.get(role_family="data_engineer").count == 40
