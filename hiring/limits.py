"""Bounds on what people type into the hiring app, with the words used to refuse it.

The API's serializers and the pages' forms share these, so both refuse the same values with the same
message. Some bounds are the database's (an email column of 254 characters, integer columns, ids that
SQLite cannot even compare beyond 2**63 - 1); the others keep free text to what a person writes.
"""

# An email address: the column (EmailField's default, RFC 5321's path limit) holds 254 characters.
EMAIL_MAX_LENGTH = 254
EMAIL_TOO_LONG = f"An email address has at most {EMAIL_MAX_LENGTH} characters."
