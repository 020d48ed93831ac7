"""Small helpers the interviews app's pages share."""

import datetime as dt
from zoneinfo import ZoneInfo


def short_when(moment: dt.datetime, zone: ZoneInfo) -> str:
    """A time as pages and flash messages say it: "Mon 7 Dec, 09:00" on the given clock."""
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"
