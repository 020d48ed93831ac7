"""Beat tasks of the interviews app (CELERY_BEAT_SCHEDULE): each calls one service, and every row it
writes has a dedupe key, so a second run or a retry adds nothing."""

from celery import shared_task

from interviews import calendar_sync, notifications


@shared_task(ignore_result=True, time_limit=120, soft_time_limit=100)
def scorecard_reminders_send_task() -> None:
    notifications.scorecard_reminders_send()


@shared_task(ignore_result=True, time_limit=300, soft_time_limit=240)
def scorecard_escalations_send_task() -> None:
    notifications.scorecard_escalations_send()


@shared_task(ignore_result=True, time_limit=60, soft_time_limit=50)
def calendars_sync_task() -> None:
    """Beat: queue a sync of every connected calendar (one task each)."""
    calendar_sync.calendars_sync_all()


@shared_task(ignore_result=True, time_limit=120, soft_time_limit=100)
def interviewer_calendar_sync_task(profile_id: int) -> None:
    """One person's calendar, both ways; a failure is recorded on their profile, not retried here (beat runs
    again in 15 minutes)."""
    try:
        calendar_sync.interviewer_calendar_sync(profile_id=profile_id)
    except calendar_sync.CalendarUnreachable as exc:
        calendar_sync.logger.warning("calendar sync failed for profile %s: %s", profile_id, exc.message)
    except Exception:
        calendar_sync.logger.exception("calendar sync crashed for profile %s", profile_id)
