from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People"

    def ready(self):
        from accounts import middleware  # noqa: F401  (connects the sign-in receiver)
