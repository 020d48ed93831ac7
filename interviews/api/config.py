"""Configuration API (API.md "Configuration"): round types, versioned rubrics, loop templates.

Everyone signed in reads (interviewers need rubrics, recruiters need templates); admins write.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.errors import ValidationFailed, shown
from hiring.codes import Level, RoleFamily
from hiring.permissions import IsAdminOrReadOnly
from interviews.configuration import selectors, services
from interviews.models import Competency, LoopTemplate, RoundType, RubricVersion

UNKNOWN_ROUND_TYPE = "Unknown round type {code}."


class RoundTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoundType
        fields = [
            "id",
            "code",
            "name",
            "purpose",
            "what_to_probe",
            "candidate_description",
            "default_minutes",
            "requires_senior_leader",
            "order",
        ]


class AnchorsSerializer(serializers.Serializer):
    # "1".."4" are not identifiers, so the fields are declared by name below.
    pass


for _point in ("1", "2", "3", "4"):
    AnchorsSerializer._declared_fields[_point] = serializers.CharField(allow_blank=True, trim_whitespace=True)


class CompetencySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.SlugField(max_length=64)
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(allow_blank=True, required=False, default="")
    weight = serializers.DecimalField(max_digits=4, decimal_places=2, required=False, default=1, coerce_to_string=False)
    required = serializers.BooleanField(required=False, default=True)
    anchors = AnchorsSerializer()


class RubricSerializer(serializers.ModelSerializer):
    round_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    competencies = serializers.SerializerMethodField()
    is_current = serializers.SerializerMethodField()
    in_use = serializers.BooleanField(read_only=True, help_text="Scorecards were filled against this version.")

    class Meta:
        model = RubricVersion
        fields = ["id", "round_type", "version", "notes", "competencies", "is_current", "in_use", "created_at"]

    @extend_schema_field(CompetencySerializer(many=True))
    def get_competencies(self, rubric: RubricVersion) -> list[dict]:
        return [_competency_data(c) for c in rubric.competencies.all()]

    def get_is_current(self, rubric: RubricVersion) -> bool:
        return rubric.version == getattr(rubric, "latest_version", rubric.version)


def _competency_data(competency: Competency) -> dict:
    return {
        "id": competency.id,
        "code": competency.code,
        "name": competency.name,
        "description": competency.description,
        "weight": float(competency.weight),
        "required": competency.required,
        "anchors": competency.anchors,
    }


class RubricInputSerializer(serializers.Serializer):
    round_type = serializers.ChoiceField(choices=RoundType.Code.choices)
    notes = serializers.CharField(allow_blank=True, required=False, default="")
    competencies = CompetencySerializer(many=True)


class RubricUpdateInputSerializer(serializers.Serializer):
    notes = serializers.CharField(allow_blank=True, required=False)
    competencies = CompetencySerializer(many=True)


class TemplateRoundSerializer(serializers.Serializer):
    round_type = serializers.ChoiceField(choices=RoundType.Code.choices)
    rubric = serializers.IntegerField(required=False, help_text="Defaults to the round type's newest rubric.")
    required = serializers.BooleanField(required=False, default=True)
    minutes = serializers.IntegerField(min_value=15, max_value=240, required=False)
    order = serializers.IntegerField(min_value=1, max_value=100)


class PolicySerializer(serializers.Serializer):
    competency_bar = serializers.DecimalField(
        max_digits=3, decimal_places=2, min_value=1, max_value=4, required=False, default=3, coerce_to_string=False
    )
    competency_bars = serializers.DictField(
        child=serializers.DecimalField(max_digits=3, decimal_places=2, coerce_to_string=False),
        required=False,
        default=dict,
    )


class LoopTemplateSerializer(serializers.ModelSerializer):
    rounds = serializers.SerializerMethodField()
    policy = serializers.SerializerMethodField()

    class Meta:
        model = LoopTemplate
        fields = ["id", "name", "role_family", "level", "rounds", "policy", "is_active"]

    @extend_schema_field(TemplateRoundSerializer(many=True))
    def get_rounds(self, template: LoopTemplate) -> list[dict]:
        return [
            {
                "round_type": r.round_type.code,
                "rubric": r.rubric_id,
                "required": r.required,
                "minutes": r.minutes,
                "order": r.order,
            }
            for r in template.rounds.all()
        ]

    @extend_schema_field(PolicySerializer)
    def get_policy(self, template: LoopTemplate) -> dict:
        return template.policy


class LoopTemplateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=160)
    role_family = serializers.ChoiceField(choices=RoleFamily.choices)
    level = serializers.ChoiceField(choices=Level.choices)
    rounds = TemplateRoundSerializer(many=True)
    policy = PolicySerializer(required=False)
    is_active = serializers.BooleanField(required=False, default=True)


class RoundTypeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """The six round types; admins edit their purpose, guidance and default length."""

    queryset = RoundType.objects.none()
    serializer_class = RoundTypeSerializer
    permission_classes = [IsAuthenticated, IsAdminOrReadOnly]
    pagination_class = None

    def get_queryset(self):
        return selectors.round_type_list()

    def perform_update(self, serializer):
        services.round_type_update(round_type=serializer.instance, data=serializer.validated_data)


class RubricViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Rubric versions. Editing a version that has scorecards answers 201 with the new version."""

    queryset = RubricVersion.objects.none()
    serializer_class = RubricSerializer
    permission_classes = [IsAuthenticated, IsAdminOrReadOnly]
    filterset_fields = {"round_type__code": ["exact"], "version": ["exact"]}

    def get_queryset(self):
        return selectors.rubric_list()

    def _respond(self, rubric: RubricVersion, code: int) -> Response:
        return Response(RubricSerializer(self.get_queryset().get(pk=rubric.pk)).data, status=code)

    @extend_schema(request=RubricInputSerializer, responses={201: RubricSerializer})
    def create(self, request, *args, **kwargs):
        data = RubricInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        round_type = get_object_or_404(RoundType, code=values["round_type"])
        rubric = services.rubric_create(
            round_type=round_type, competencies=values["competencies"], notes=values["notes"], actor=request.user
        )
        return self._respond(rubric, status.HTTP_201_CREATED)

    @extend_schema(request=RubricUpdateInputSerializer, responses={200: RubricSerializer, 201: RubricSerializer})
    def update(self, request, *args, **kwargs):
        rubric = self.get_object()
        data = RubricUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        result, is_new = services.rubric_update(
            rubric=rubric, competencies=values["competencies"], notes=values.get("notes"), actor=request.user
        )
        return self._respond(result, status.HTTP_201_CREATED if is_new else status.HTTP_200_OK)

    @extend_schema(request=RubricUpdateInputSerializer, responses={200: RubricSerializer, 201: RubricSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, **kwargs)


class LoopTemplateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = LoopTemplate.objects.none()
    serializer_class = LoopTemplateSerializer
    permission_classes = [IsAuthenticated, IsAdminOrReadOnly]
    filterset_fields = ["role_family", "level", "is_active"]

    def get_queryset(self):
        return selectors.loop_template_list()

    def _save(self, request, template: LoopTemplate | None) -> LoopTemplate:
        data = LoopTemplateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        policy = values.get("policy") or {"competency_bar": 3, "competency_bars": {}}
        return services.loop_template_save(
            template=template,
            name=values["name"],
            role_family=values["role_family"],
            level=values["level"],
            rounds=_resolve_rounds(values["rounds"]),
            competency_bar=policy["competency_bar"],
            competency_bars=policy["competency_bars"],
            is_active=values["is_active"],
        )

    @extend_schema(request=LoopTemplateInputSerializer, responses={201: LoopTemplateSerializer})
    def create(self, request, *args, **kwargs):
        template = self._save(request, None)
        return Response(LoopTemplateSerializer(self.get_queryset().get(pk=template.pk)).data, status=201)

    @extend_schema(request=LoopTemplateInputSerializer, responses={200: LoopTemplateSerializer})
    def update(self, request, *args, **kwargs):
        template = self._save(request, self.get_object())
        return Response(LoopTemplateSerializer(self.get_queryset().get(pk=template.pk)).data)

    @extend_schema(request=LoopTemplateInputSerializer, responses={200: LoopTemplateSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, **kwargs)


def _resolve_rounds(rounds: list[dict]) -> list[dict]:
    """Round type codes and rubric ids → objects; a missing rubric means the newest version."""
    round_types = {rt.code: rt for rt in RoundType.objects.all()}
    resolved, errors = [], []
    for item in rounds:
        round_type = round_types.get(item["round_type"])
        if round_type is None:
            errors.append(UNKNOWN_ROUND_TYPE.format(code=shown(item["round_type"])))
            continue
        if "rubric" in item:
            rubric = RubricVersion.objects.select_related("round_type").filter(pk=item["rubric"]).first()
            if rubric is None:
                errors.append(services.UNKNOWN_RUBRIC.format(rubric=item["rubric"]))
                continue
        else:
            rubric = RubricVersion.objects.filter(round_type=round_type).order_by("-version").first()
            if rubric is None:
                errors.append(services.NO_RUBRIC.format(code=round_type.code))
                continue
        resolved.append(dict(item, round_type=round_type, rubric=rubric))
    if errors:
        raise ValidationFailed({"rounds": errors})
    return resolved
