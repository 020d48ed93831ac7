"""`manage.py generate_load_data`: the benchmarks' volume, in the proportions of a large company."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from decisions.models import Decision
from hiring.models import Application, Candidate
from interviews.models import Interview, InterviewAssignment, Loop, Rating, Scorecard

pytestmark = pytest.mark.django_db


def test_it_adds_candidates_loops_panels_scorecards_ratings_and_decisions(capsys):
    """400 candidates: about 28% with a loop of every template round, panels of 1–3, a scorecard per
    panellist, every submitted one rated on each competency, and decisions moving applications on."""
    call_command("generate_load_data", candidates=400)
    assert Candidate.objects.filter(email__endswith="@load.example.org").count() == 400
    generated = Loop.objects.filter(application__candidate__email__endswith="@load.example.org")
    assert 80 <= generated.count() <= 150
    for loop in generated.prefetch_related("interviews", "template__rounds")[:20]:
        assert loop.interviews.count() == loop.template.rounds.count()
    panel_sizes = set(
        InterviewAssignment.objects.filter(interview__loop__in=generated)
        .values("interview")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    assert panel_sizes == {1, 2, 3}
    interviews = Interview.objects.filter(loop__in=generated)
    assert (
        Scorecard.objects.filter(interview__in=interviews).count()
        == InterviewAssignment.objects.filter(interview__in=interviews).count()
    )
    submitted = Scorecard.objects.filter(interview__in=interviews, status=Scorecard.Status.SUBMITTED)
    card = submitted.select_related("rubric").first()
    assert Rating.objects.filter(scorecard=card).count() == card.rubric.competencies.count()
    decided = Decision.objects.filter(loop__in=generated)
    assert decided.exists()
    assert all(loop.status == Loop.Status.DECIDED for loop in Loop.objects.filter(decision__in=decided))
    stages = set(Application.objects.filter(loops__decision__in=decided).values_list("stage", flat=True))
    assert stages == {Application.Stage.HIRED, Application.Stage.REJECTED}
    assert "Added 400 candidates" in capsys.readouterr().out


def test_the_same_seed_gives_the_same_people():
    """Reproducible: the names drawn depend only on the seed."""
    generated = Candidate.objects.filter(email__endswith="@load.example.org").order_by("pk")
    call_command("generate_load_data", candidates=30, seed=3)
    call_command("generate_load_data", candidates=30, seed=3)
    names = [name.rsplit("-", 1)[0] for name in generated.values_list("name", flat=True)]
    assert names[:30] == names[30:]
    assert len(set(names)) > 10
