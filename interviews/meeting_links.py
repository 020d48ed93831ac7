"""Video links for interviews (issue #15), pure: which meeting URL an interview gets.

The provider is a setting (`LOOPWISE_MEETING_LINKS`):
- `generated` (the default): an unguessable room on a Jitsi-compatible server
  (`LOOPWISE_MEETING_BASE_URL`, default https://meet.jit.si), made once per interview and kept when
  it is moved, so the link in everyone's calendar stays valid;
- `personal`: the lead interviewer's own meeting URL from their profile (it follows the lead when
  someone else takes the round), or a generated room when they have none;
- `off`: no link; the recruiter types a place.
The typed location is kept beside the link either way (`Interview.where`).
"""

import secrets

GENERATED, PERSONAL, OFF = "generated", "personal", "off"
PROVIDERS = (GENERATED, PERSONAL, OFF)
ROOM_PREFIX = "loopwise-"
ROOM_TOKEN_BYTES = 18  # 144 random bits: a room nobody can guess


def generated_room(base_url: str) -> str:
    return f"{base_url.rstrip('/')}/{ROOM_PREFIX}{secrets.token_urlsafe(ROOM_TOKEN_BYTES)}"


def is_generated(url: str, base_url: str) -> bool:
    return bool(url) and url.startswith(f"{base_url.rstrip('/')}/{ROOM_PREFIX}")


def meeting_url(*, provider: str, base_url: str, current: str, lead_personal_url: str) -> str:
    """The interview's meeting URL after a booking or a change of its lead interviewer."""
    if provider not in PROVIDERS:
        raise ValueError(f"LOOPWISE_MEETING_LINKS is one of {PROVIDERS}, not {provider!r}")
    if provider == OFF:
        return current
    if provider == PERSONAL and lead_personal_url:
        return lead_personal_url
    if current and (provider == GENERATED or is_generated(current, base_url)):
        return current
    return generated_room(base_url) if base_url else ""
