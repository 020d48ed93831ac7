from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People"

    def ready(self):
        from accounts import middleware, two_factor  # noqa: F401  (they connect sign-in receivers)
