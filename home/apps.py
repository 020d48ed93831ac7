from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Start page"

    def ready(self) -> None:
        from home import password_reset

        # The outbox learns the password-reset message.
        password_reset.register_kinds()
