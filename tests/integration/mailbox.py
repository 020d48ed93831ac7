"""Read back what Django's file-based email backend wrote (one file per connection, messages separated by dashes)."""

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def read_mail(directory: Path) -> list[EmailMessage]:
    messages = []
    for path in sorted(directory.glob("*.log")) if directory.exists() else []:
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.lstrip(b"\n"), policy=email.policy.default))
    return messages
