from rest_framework import serializers

from interviews.models import RoundType


class FiltersSerializer(serializers.Serializer):
    round_type = serializers.ChoiceField(choices=RoundType.Code.choices, allow_null=True)
    since = serializers.DateField(allow_null=True)


def _float(**kwargs) -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, **kwargs)


class CalibrationRowSerializer(serializers.Serializer):
    interviewer_id = serializers.IntegerField()
    interviewer = serializers.CharField()
    loops = serializers.IntegerField(help_text="Loops where this interviewer and someone else scored.")
    offset = _float(help_text="Mean of (own overall − the rest of the panel's mean overall), on the 1–4 scale.")
    sd = _float()
    ci_low = _float(help_text="t-based 95% interval; null with fewer than two loops.")
    ci_high = _float()
    few = serializers.BooleanField(help_text="Fewer than 10 loops: too few to trust.")


class ReliabilityRowSerializer(serializers.Serializer):
    round_type = serializers.CharField()
    round_name = serializers.CharField()
    alpha = _float(help_text="Krippendorff's alpha, ordinal; null when undefined.")
    units = serializers.IntegerField(help_text="Pairable (interview, competency) units.")
    values = serializers.IntegerField(help_text="Ratings in pairable units.")
    few = serializers.BooleanField()


class CompetencyReliabilityRowSerializer(serializers.Serializer):
    round_type = serializers.CharField()
    round_name = serializers.CharField()
    competency = serializers.CharField(help_text="The competency's code (the same across rubric versions).")
    competency_name = serializers.CharField()
    alpha = _float(help_text="Krippendorff's alpha, ordinal, over this competency's units; null when undefined.")
    units = serializers.IntegerField(help_text="Interviews where two or more people rated this competency.")
    values = serializers.IntegerField(help_text="Ratings in those units.")
    few = serializers.BooleanField()


class TimeToSubmitRowSerializer(serializers.Serializer):
    round_type = serializers.CharField(help_text='A round type code, or "all".')
    round_name = serializers.CharField()
    n = serializers.IntegerField()
    p25_hours = _float()
    median_hours = _float()
    p75_hours = _float()
    p90_hours = _float()
    late_share = _float(help_text="Share submitted more than 48 hours after the interview ended.")
    few = serializers.BooleanField()


class FunnelRowSerializer(serializers.Serializer):
    stage = serializers.CharField(help_text='A round type code, or "decision".')
    label = serializers.CharField()
    reached = serializers.IntegerField()
    passed = serializers.IntegerField()
    rate = _float()
    ci_low = _float(help_text="Wilson 95% interval.")
    ci_high = _float()
    few = serializers.BooleanField()


class ValidityRowSerializer(serializers.Serializer):
    round_type = serializers.CharField()
    round_name = serializers.CharField()
    n = serializers.IntegerField(help_text="Decided loops with feedback for this round.")
    agree = serializers.IntegerField()
    agreement = _float()
    ci_low = _float(help_text="Wilson 95% interval of the agreement.")
    ci_high = _float()
    correlation = _float(help_text="Point-biserial: round's mean overall (1–4) against hire (1) / no hire (0).")
    yes_hired = serializers.IntegerField()
    yes_not_hired = serializers.IntegerField()
    no_hired = serializers.IntegerField()
    no_not_hired = serializers.IntegerField()
    few = serializers.BooleanField()


def report_serializer(name: str, row: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """The envelope: the filters applied, the trust threshold and the rows."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "filters": FiltersSerializer(),
            "min_n": serializers.IntegerField(help_text="Rows with fewer observations are marked few."),
            "results": row(many=True),
        },
    )


CalibrationReportSerializer = report_serializer("CalibrationReportSerializer", CalibrationRowSerializer)


def _with_competencies(name: str, row: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """Reliability's envelope: `results` (per round, or per competency with `?by=competency`) and always
    `competencies`, so both shapes satisfy one schema."""
    return type(
        name,
        (report_serializer(f"{name}Base", row),),
        {"competencies": CompetencyReliabilityRowSerializer(many=True, help_text="Alpha per competency.")},
    )


ReliabilityReportSerializer = _with_competencies("ReliabilityReportSerializer", ReliabilityRowSerializer)
CompetencyReliabilityReportSerializer = _with_competencies(
    "CompetencyReliabilityReportSerializer", CompetencyReliabilityRowSerializer
)
TimeToSubmitReportSerializer = report_serializer("TimeToSubmitReportSerializer", TimeToSubmitRowSerializer)
FunnelReportSerializer = report_serializer("FunnelReportSerializer", FunnelRowSerializer)
ValidityReportSerializer = report_serializer("ValidityReportSerializer", ValidityRowSerializer)
