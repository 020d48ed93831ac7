from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from accounts import views as account_views
from core.permissions import DocsAccess
from home import views as home_views
from home.password_reset import OutboxPasswordResetForm
from interviews.views import profiles as interviews_profiles

api_v1 = [
    path("", include("accounts.urls")),
    path("", include("hiring.urls")),
    path("", include("interviews.urls")),
    path("", include("decisions.urls")),
    path("", include("notifications.urls")),
    path("", include("analytics.urls")),
]

urlpatterns = [
    path("", home_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Password reset by e-mail, through the outbox (home/password_reset.py).
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            form_class=OutboxPasswordResetForm,
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            extra_email_context={"site_url": settings.NOTIFICATIONS_SITE_URL.rstrip("/")},
        ),
        name="password_reset",
    ),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("healthz/", home_views.health, name="health"),
    # An interviewer's calendar subscription: the secret in the path is the only key (no session).
    path("calendar/<str:token>/interviews.ics", interviews_profiles.interviewer_feed, name="interviewer-feed"),
    path("healthz/live", home_views.health_live, name="health-live"),
    path("healthz/ready", home_views.health_ready, name="health-ready"),
    path("login/two-factor/", account_views.two_factor_verify, name="two_factor_verify"),
    path("account/", account_views.account, name="account"),
    path("account/two-factor/", account_views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/remove/", account_views.two_factor_remove, name="two_factor_remove"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    # Schema and docs: public on the embedded default, signed-in people only in production (API_DOCS_PUBLIC).
    # Swagger's "split" view loads its start-up script from a URL, so the CSP needs no inline script.
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=[DocsAccess]), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", permission_classes=[DocsAccess]),
        name="api-docs",
    ),
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(url_name="api-schema", permission_classes=[DocsAccess]),
        name="api-redoc",
    ),
    # Pages, one module per app (namespaced: "hiring:...", "interviews:...").
    path("", include(("hiring.pages", "hiring"))),
    path("", include(("interviews.pages", "interviews"))),
    path("", include(("decisions.pages", "decisions"))),
    path("", include(("notifications.pages", "notifications"))),
    path("", include(("analytics.pages", "analytics"))),
]
