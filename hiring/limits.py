"""Bounds on what people type into the hiring app, with the words used to refuse it.

The API's serializers and the pages' forms share these, so both refuse the same values with the same
message. Some bounds are the database's (an email column of 254 characters, integer columns, ids that
SQLite cannot even compare beyond 2**63 - 1); the others keep free text to what a person writes.
"""

# An email address: the column (EmailField's default, RFC 5321's path limit) holds 254 characters.
EMAIL_MAX_LENGTH = 254
EMAIL_TOO_LONG = f"An email address has at most {EMAIL_MAX_LENGTH} characters."

# People on the existing team per role family (hiring settings): far above any real team, far below
# what the integer column holds (a count of 3,000,000,000 was out of range on PostgreSQL).
MAX_TEAM_COUNT = 100_000
TEAM_COUNT_RANGE = f"Give a count from 0 to {MAX_TEAM_COUNT:,}."

# A search for part of a candidate's name: no longer than a name (SQLite refuses LIKE patterns over 50,000).
SEARCH_MAX_LENGTH = 200

# Ids: the id columns are 64-bit, and SQLite cannot even compare a larger number (OverflowError).
MAX_ID = 2**63 - 1
NOT_AN_ID = f"Must be an id: a whole number from 1 to {MAX_ID}."
# Lists of ids (committee members, a requisition's use cases and recruiters): far more than any real
# list, and few enough for one query (SQLite refuses a query with too many parameters).
MAX_IDS = 100
TOO_MANY_IDS = "At most {max_length} ids."


def parse_id(text: str) -> int | None:
    """The id written in `text` (ASCII digits only, within the column's range), else None."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


# Free text: generous for what a person writes, bounded so one request cannot store megabytes.
COMMENT_MAX_LENGTH = 5_000
COMMENT_TOO_LONG = f"Keep the comment to {COMMENT_MAX_LENGTH:,} characters or fewer."
RATIONALE_MAX_LENGTH = 10_000
RATIONALE_TOO_LONG = f"Keep the rationale to {RATIONALE_MAX_LENGTH:,} characters or fewer."
LONG_TEXT_MAX_LENGTH = 20_000  # a use case's problem and its baseline justification, like scorecard texts
LONG_TEXT_TOO_LONG = f"Keep this to {LONG_TEXT_MAX_LENGTH:,} characters or fewer."
