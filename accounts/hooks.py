"""Hooks the accounts app calls (core.hooks); the apps above it register in their AppConfig.ready()."""

from core.hooks import Hook

roles_changed = Hook(
    "accounts.roles_changed",
    "A person's roles were set: called with user= and roles= (the role codes they now hold) inside the "
    "transaction that set them. The interviews app gives a new interviewer their interviewer profile.",
)

second_factor_checked = Hook(
    "accounts.second_factor_checked",
    "A person gave a two-factor code on the pages: called with user=, request= and ok= (whether it was right).",
)
second_factor_changed = Hook(
    "accounts.second_factor_changed",
    "A person turned two-factor sign-in on or off: called with user=, request= and enabled=.",
)
credentials_changed = Hook(
    "accounts.credentials_changed",
    "A person's password was changed or their account deactivated (any path: API, pages, admin, manage.py): "
    "called with user=, password_changed= and deactivated= after the save, their API tokens already revoked.",
)
signed_in_by_token = Hook(
    "accounts.signed_in_by_token",
    "POST auth/token/ issued a token: called with user= and request= (Django's sign-in signal is for sessions).",
)
