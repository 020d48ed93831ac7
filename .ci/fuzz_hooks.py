"""schemathesis hooks for .ci/fuzz: the fuzzer must not lock itself out. A generated (or linked) call on
one of its own accounts (`users/{id}`: a new password or deactivation revokes its token) or on one of its
own tokens (`auth/tokens/{id}/`) is sent to an id that does not exist instead. Everything else is sent
as generated."""

import os

import schemathesis

USERS = {int(pk) for pk in os.environ.get("FUZZ_USER_IDS", "").split(",") if pk}
TOKENS = {int(pk) for pk in os.environ.get("FUZZ_TOKEN_IDS", "").split(",") if pk}
GUARDED = {"/api/v1/users/{id}/": USERS, "/api/v1/auth/tokens/{id}/": TOKENS}
ABSENT = 8_999_999


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    guarded = GUARDED.get(case.operation.path)
    if guarded and case.path_parameters:
        try:
            if int(case.path_parameters.get("id")) in guarded:
                case.path_parameters["id"] = ABSENT
        except (TypeError, ValueError):
            pass
