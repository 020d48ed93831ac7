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
        # The engineering-manager check's reference data is cached: any decision or template change, on any
        # path (services, admin, shell), forgets it.
        from django.db.models.signals import post_delete, post_save

        from decisions.models import Decision
        from interviews.models import LoopTemplate

        for model in (Decision, LoopTemplate):
            for event, signal in (("saved", post_save), ("deleted", post_delete)):
                signal.connect(
                    _forget_em_reference, sender=model, dispatch_uid=f"em-reference-{model.__name__}-{event}"
                )


def _forget_em_reference(sender, **kwargs) -> None:
    from decisions.selectors import em_reference_invalidate

    em_reference_invalidate()
