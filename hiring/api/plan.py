from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from hiring import selectors
from hiring.permissions import IsHiringPlanner
from hiring.serializers import HiringPlanSerializer, HiringSettingsInputSerializer, HiringSettingsSerializer
from hiring.services import plan as services


class HiringPlanApi(APIView):
    """Headcount guidance: accepted use cases, ML scientists (filled + open) against the cap, the
    team's ratio against 1 : 2 : 4 with whom to hire next, company-stage advice and warnings."""

    permission_classes = [IsAuthenticated, IsHiringPlanner]

    @extend_schema(responses={200: HiringPlanSerializer})
    def get(self, request):
        return Response(HiringPlanSerializer(selectors.hiring_plan(viewer=request.user)).data)


def _settings_data() -> dict:
    settings = selectors.hiring_settings_get()
    return HiringSettingsSerializer(
        {
            "company_name": settings.company_name,
            "company_stage": settings.company_stage,
            "cap_multiplier": settings.cap_multiplier,
            "existing_team": selectors.existing_team_counts(),
            "updated_at": settings.updated_at,
        }
    ).data


class HiringSettingsApi(APIView):
    """The inputs of the guidance: company stage, cap multiplier (2–3) and the existing team per
    role family. Planners read; admins change."""

    permission_classes = [IsAuthenticated, IsHiringPlanner]

    @extend_schema(responses={200: HiringSettingsSerializer})
    def get(self, request):
        return Response(_settings_data())

    @extend_schema(request=HiringSettingsInputSerializer, responses={200: HiringSettingsSerializer})
    def patch(self, request):
        data = HiringSettingsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.hiring_settings_update(actor=request.user, data=values)
        return Response(_settings_data())
