from django.urls import path
from rest_framework.routers import SimpleRouter

from hiring.api import applications, candidates, committees, plan, requisitions, teams, use_cases

router = SimpleRouter()
router.register("teams", teams.TeamViewSet, basename="team")
router.register("committees", committees.CommitteeViewSet, basename="committee")
router.register("use-cases", use_cases.UseCaseViewSet, basename="use-case")
router.register("requisitions", requisitions.RequisitionViewSet, basename="requisition")
router.register("candidates", candidates.CandidateViewSet, basename="candidate")
router.register("applications", applications.ApplicationViewSet, basename="application")

urlpatterns = [
    path("hiring-plan/", plan.HiringPlanApi.as_view(), name="hiring-plan"),
    path("hiring-settings/", plan.HiringSettingsApi.as_view(), name="hiring-settings"),
    *router.urls,
]
