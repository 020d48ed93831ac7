from django.db.models import Exists, Max, OuterRef, Prefetch, QuerySet

from interviews.models import Competency, LoopTemplate, RoundType, RubricVersion, Scorecard, TemplateRound


def round_type_list() -> QuerySet[RoundType]:
    return RoundType.objects.order_by("order", "code")


def rubric_list() -> QuerySet[RubricVersion]:
    """Every version, newest first per round type, with `is_current` and `in_use` annotated."""
    latest = (
        RubricVersion.objects.filter(round_type=OuterRef("round_type"))
        .values("round_type")
        .annotate(latest=Max("version"))
        .values("latest")
    )
    return (
        RubricVersion.objects.select_related("round_type")
        .prefetch_related(Prefetch("competencies", queryset=Competency.objects.order_by("order", "id")))
        .annotate(
            latest_version=latest,
            in_use=Exists(Scorecard.objects.filter(rubric=OuterRef("pk"))),
        )
        .order_by("round_type__order", "-version")
    )


def loop_template_list() -> QuerySet[LoopTemplate]:
    return LoopTemplate.objects.prefetch_related(
        Prefetch("rounds", queryset=TemplateRound.objects.select_related("round_type").order_by("order"))
    ).order_by("role_family", "level", "name")
