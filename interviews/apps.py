from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = "Interviews"

    def ready(self) -> None:
        from accounts import hooks
        from hiring import hooks as hiring_hooks
        from interviews import notifications, selectors, services
        from interviews.scheduling import selectors as scheduling_selectors

        # The outbox learns this app's kinds of message and when a waiting one has gone stale.
        notifications.register_kinds()
        # Whoever is given the interviewer role gets an interviewer profile (README "Architecture", hooks).
        hooks.roles_changed.register(services.interviewer_roles_changed)
        # hiring's pages and visibility: interviewers see the applications they interview on; each
        # application lists its loops (and packets), then "Build loop" where the viewer may build one now.
        hiring_hooks.applications_visible.register(selectors.applications_interviewed_on)
        hiring_hooks.application_lines.register(selectors.application_loop_lines)
        hiring_hooks.application_lines.register(scheduling_selectors.application_build_lines)
        # Anonymizing a candidate erases them from their loops' free text.
        hiring_hooks.candidate_anonymized.register(services.candidate_anonymized)
