"""An interviewer's busy time read from elsewhere (an uploaded .ics, a connected calendar): one way to replace
what came from a source with what it says now."""

import datetime as dt
from collections.abc import Iterable

from interviews.models import BusyBlock, InterviewerProfile


def busy_replace(
    *,
    profile: InterviewerProfile,
    source: str,
    events: Iterable,
    since: dt.datetime | None = None,
    summary: str | None = None,
) -> None:
    """Replace the profile's blocks from `source` (those ending from `since` on, or all) with `events`
    (invites.BusyEvent); `summary` replaces what each event says when given."""
    old = profile.busy_blocks.filter(source=source)
    if since is not None:
        old = old.filter(end__gte=since)
    old.delete()
    BusyBlock.objects.bulk_create(
        BusyBlock(
            profile=profile,
            start=event.start,
            end=event.end,
            source=source,
            ics_uid=event.uid[:255],
            summary=event.summary if summary is None else summary,
        )
        for event in events
    )
