# Run by .ci/fuzz through `manage.py shell`: the two fuzzing accounts, at ids the fuzzer's small
# integers never reach (so its own PATCH users/{id} and DELETE auth/tokens/{id} leave them alone),
# and a token each, printed as "admin-token interviewer-token token-ids".
from accounts.models import User
from accounts.services import user_set_roles
from accounts.tokens import token_issue
from interviews.models import InterviewerProfile

keys, token_ids = [], []
for pk, username, role in ((9_000_001, "fuzz-admin", "admin"), (9_000_002, "fuzz-interviewer", "interviewer")):
    user = User(pk=pk, username=username, name=username, email=f"{username}@example.org")
    user.set_unusable_password()
    user.save()
    user_set_roles(user=user, role_codes=[role])
    InterviewerProfile.objects.get_or_create(user=user)
    token, key = token_issue(user=user, client="schemathesis")
    keys.append(key)
    token_ids.append(str(token.pk))
print(" ".join(keys), ",".join(token_ids))
