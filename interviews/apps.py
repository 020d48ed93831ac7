from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = "Interviews"

    def ready(self) -> None:
        from interviews import notifications

        # The outbox learns this app's kinds of message and when a waiting one has gone stale.
        notifications.register_kinds()
