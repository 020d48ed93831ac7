from django.urls import path

from analytics import api

urlpatterns = [
    path("analytics/calibration/", api.CalibrationApi.as_view(), name="analytics-calibration"),
    path("analytics/reliability/", api.ReliabilityApi.as_view(), name="analytics-reliability"),
    path("analytics/time-to-submit/", api.TimeToSubmitApi.as_view(), name="analytics-time-to-submit"),
    path("analytics/funnel/", api.FunnelApi.as_view(), name="analytics-funnel"),
    path("analytics/round-validity/", api.RoundValidityApi.as_view(), name="analytics-round-validity"),
]
