"""`GET analytics/<report>/`: JSON by default, `?format=csv` for the same rows as CSV."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics import selectors, serializers, stats
from analytics.renderers import CSVRenderer
from audit.services import Action, audit_record
from core.renderers import SafeJSONRenderer
from interviews.models import RoundType


class CanViewAnalytics(permissions.BasePermission):
    message = selectors.ANALYTICS_FORBIDDEN

    def has_permission(self, request, view) -> bool:
        return selectors.analytics_can_view(viewer=request.user)


FILTER_PARAMETERS = [
    OpenApiParameter("round_type", str, enum=RoundType.Code.values, description="Only this round type."),
    OpenApiParameter(
        "since", OpenApiTypes.DATE, description="Only interviews that started on or after this day (UTC)."
    ),
    OpenApiParameter("format", str, enum=["json", "csv"], description="`csv` for the rows as CSV with a header."),
]


class ReportApi(APIView):
    """Base: parse the filters, load the facts once, build one report, serialize."""

    permission_classes = [permissions.IsAuthenticated, CanViewAnalytics]
    renderer_classes = [SafeJSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    report: str
    serializer_class: type

    @property
    def csv_columns(self) -> list[str]:
        return list(self.serializer_class().fields["results"].child.fields)

    def get(self, request):
        self.parse_options(request)
        filters = selectors.analytics_filters_parse(
            round_type=request.query_params.get("round_type"), since=request.query_params.get("since")
        )
        report = selectors.analytics_reports(names=[self.report], viewer=request.user, filters=filters)[self.report]
        if request.accepted_renderer.format == "csv":
            audit_record(Action.EXPORTED, target_type="report", detail={"report": self.report, "format": "csv"})
        payload = {
            "filters": {"round_type": filters.round_type, "since": filters.since},
            "min_n": stats.MIN_N,
            "results": report.rows,
        }
        return Response(self.serializer_class(self.extend(payload, report)).data)

    def parse_options(self, request) -> None:
        """A report's own query options, checked before any work (a bad one is a 400)."""

    def extend(self, payload: dict, report: selectors.Report) -> dict:
        return payload


def _schema(serializer: type, summary: str):
    return extend_schema(
        summary=summary,
        parameters=FILTER_PARAMETERS,
        responses={(200, "application/json"): serializer, (200, "text/csv"): OpenApiTypes.STR},
    )


class CalibrationApi(ReportApi):
    report = "calibration"
    serializer_class = serializers.CalibrationReportSerializer

    @_schema(serializers.CalibrationReportSerializer, "Each interviewer's offset from the panel, with a 95% interval")
    def get(self, request):
        return super().get(request)


BY_COMPETENCY = OpenApiParameter(
    "by",
    str,
    enum=[selectors.BY_COMPETENCY],
    description="`competency`: `results` (and the CSV) are the per-competency rows instead of the per-round ones.",
)


class ReliabilityApi(ReportApi):
    """Per round type in `results`, per competency in `competencies`; `?by=competency` puts the
    per-competency rows in `results` (and so in the CSV)."""

    report = "reliability"

    by_competency = False

    def parse_options(self, request) -> None:
        self.by_competency = selectors.analytics_by_parse(request.query_params.get("by"))

    @property
    def serializer_class(self):
        if self.by_competency:
            return serializers.CompetencyReliabilityReportSerializer
        return serializers.ReliabilityReportSerializer

    def extend(self, payload: dict, report: selectors.Report) -> dict:
        payload = {**payload, "competencies": report.competencies}
        return {**payload, "results": report.competencies} if self.by_competency else payload

    @extend_schema(
        summary="Krippendorff's alpha (ordinal) per round type, and per competency",
        parameters=[*FILTER_PARAMETERS, BY_COMPETENCY],
        responses={
            (200, "application/json"): serializers.ReliabilityReportSerializer,
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    def get(self, request):
        return super().get(request)


class TimeToSubmitApi(ReportApi):
    report = "time-to-submit"
    serializer_class = serializers.TimeToSubmitReportSerializer

    @_schema(serializers.TimeToSubmitReportSerializer, "Hours from interview end to scorecard submission")
    def get(self, request):
        return super().get(request)


class FunnelApi(ReportApi):
    report = "funnel"
    serializer_class = serializers.FunnelReportSerializer

    @_schema(serializers.FunnelReportSerializer, "Pass-through per round and at the decision, with Wilson intervals")
    def get(self, request):
        return super().get(request)


class RoundValidityApi(ReportApi):
    report = "round-validity"
    serializer_class = serializers.ValidityReportSerializer

    @_schema(serializers.ValidityReportSerializer, "How well each round's lean predicts the final decision")
    def get(self, request):
        return super().get(request)
