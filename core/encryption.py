"""Secrets stored at rest (a connected calendar's app password): Fernet (AES-128-CBC + HMAC-SHA256) from the
pinned `cryptography`. The key is `LOOPWISE_ENCRYPTION_KEY` (a Fernet key: `python -c "from
cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`), or else derived from
`DJANGO_SECRET_KEY`; several keys, comma-separated, decrypt (the first encrypts), so a key can be rotated."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

SALT = b"loopwise.encryption"


class CannotDecrypt(Exception):
    """The stored value was encrypted with a key no longer configured (or was tampered with)."""


def _fernet() -> MultiFernet:
    keys = [k.strip() for k in (settings.ENCRYPTION_KEYS or "").split(",") if k.strip()]
    if not keys:
        derived = hashlib.sha256(SALT + settings.SECRET_KEY.encode()).digest()
        keys = [base64.urlsafe_b64encode(derived).decode()]
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode() if text else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise CannotDecrypt("The stored secret cannot be decrypted with the configured keys.") from None
