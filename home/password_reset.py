"""Password reset by e-mail (OWASP ASVS 2.5): Django's views and one-time tokens, the message sent through
the outbox like every other e-mail. It never says whether an address is known; a link works once, for
`PASSWORD_RESET_TIMEOUT` (an hour), and a reset signs the person out everywhere (sessions and API tokens)."""

import secrets

from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string

from notifications.kinds import kind_register
from notifications.messages import Draft, addressed_to
from notifications.services import notifications_enqueue

PASSWORD_RESET = "password_reset"


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's form; the e-mail goes into the outbox (delivered by the workers) instead of straight out."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        notifications_enqueue(
            drafts=[
                Draft(
                    kind=PASSWORD_RESET,
                    # Each request is its own message (a person may ask twice); nothing about the token here.
                    dedupe_key=f"password_reset:user{user.pk}:{secrets.token_hex(8)}",
                    **addressed_to(user),
                    subject=subject,
                    body=render_to_string(email_template_name, context),
                    about={"user": user.pk},
                )
            ]
        )


def register_kinds() -> None:
    kind_register(code=PASSWORD_RESET, label="Password reset")
