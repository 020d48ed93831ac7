from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Committee decisions"

    def ready(self) -> None:
        from decisions import notifications, services
        from hiring import hooks as hiring_hooks
        from interviews import hooks

        # Feedback changed on a loop: recompute and keep its recommendation (README "Architecture", hooks).
        hooks.feedback_changed.register(services.loop_feedback_changed)
        # The outbox learns this app's kinds of message.
        notifications.register_kinds()
        # Anonymizing a candidate erases them from votes, decisions and the audit trail.
        hiring_hooks.candidate_anonymized.register(services.candidate_anonymized)
