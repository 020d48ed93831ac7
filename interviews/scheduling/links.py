"""The candidate's link (availability and booking, no account): a signed token for the loop and an expiry.

The token is the same all week so the loop page can keep showing it: it is signed for the loop and an
expiry that moves on in 7-day steps from the loop's creation, so every link handed out stays valid for at
least 7 days (at most 14); a booked loop's link stays usable until its last interview ends
(services.loop_from_availability_token). Nothing is stored. Who may hand it out is decided by the services.
"""

import datetime as dt

from django.core import signing

from interviews.models import Loop

AVAILABILITY_LINK_LIFETIME = dt.timedelta(days=7)
AVAILABILITY_SALT = "loopwise.availability-link"


def availability_token(*, loop: Loop, now: dt.datetime) -> tuple[str, dt.datetime]:
    """The loop's current token and when it expires."""
    lifetime = int(AVAILABILITY_LINK_LIFETIME.total_seconds())
    created, moment = int(loop.created_at.timestamp()), int(now.timestamp())
    expires = created + ((moment - created) // lifetime + 2) * lifetime
    token = signing.Signer(salt=AVAILABILITY_SALT).sign_object({"loop": loop.pk, "exp": expires}, compress=True)
    return token, dt.datetime.fromtimestamp(expires, tz=dt.UTC)
