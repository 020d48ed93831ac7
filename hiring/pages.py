"""Page routes of this app (HTML). Views live in hiring/views/; API routes in urls.py."""

from django.urls import path

from hiring.views import candidates, plan, requisitions, use_cases

urlpatterns = [
    path("use-cases/", use_cases.use_case_list, name="use-cases"),
    path("use-cases/new/", use_cases.use_case_create, name="use-case-create"),
    path("use-cases/<int:pk>/", use_cases.use_case_detail, name="use-case"),
    path("use-cases/<int:pk>/edit/", use_cases.use_case_edit, name="use-case-edit"),
    path("use-cases/<int:pk>/accept/", use_cases.use_case_accept, name="use-case-accept"),
    path("use-cases/<int:pk>/retire/", use_cases.use_case_retire, name="use-case-retire"),
    path("requisitions/", requisitions.requisition_list, name="requisitions"),
    path("requisitions/new/", requisitions.requisition_create, name="requisition-create"),
    path("requisitions/<int:pk>/", requisitions.requisition_detail, name="requisition"),
    path("requisitions/<int:pk>/edit/", requisitions.requisition_edit, name="requisition-edit"),
    path("requisitions/<int:pk>/open/", requisitions.requisition_open, name="requisition-open"),
    path("requisitions/<int:pk>/hold/", requisitions.requisition_hold, name="requisition-hold"),
    path("requisitions/<int:pk>/fill/", requisitions.requisition_fill, name="requisition-fill"),
    path("requisitions/<int:pk>/close/", requisitions.requisition_close, name="requisition-close"),
    path("candidates/", candidates.candidate_list, name="candidates"),
    path("candidates/new/", candidates.candidate_create, name="candidate-create"),
    path("candidates/<int:pk>/", candidates.candidate_detail, name="candidate"),
    path("candidates/<int:pk>/anonymize/", candidates.candidate_anonymize, name="candidate-anonymize"),
    path("applications/new/", candidates.application_create, name="application-create"),
    path("applications/<int:pk>/move/", candidates.application_move, name="application-move"),
    path("hiring-plan/", plan.hiring_plan, name="hiring-plan"),
    path("hiring-plan/settings/", plan.hiring_settings, name="hiring-settings"),
]
