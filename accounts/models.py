import zoneinfo
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models

from accounts import hooks, roles
from core.fields import zone_or_utc


class User(AbstractUser):
    """A person who signs in. What they may do comes from their role groups."""

    name = models.CharField("full name", max_length=200, blank=True)
    timezone = models.CharField(
        "time zone", max_length=64, default="UTC", help_text="Pages show times in this IANA zone."
    )

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.name or self.username

    @classmethod
    def from_db(cls, db, field_names, values):
        user = super().from_db(db, field_names, values)
        user._stored = (user.__dict__.get("password"), user.__dict__.get("is_active"))
        return user

    def save(self, *args, **kwargs):
        """Saving a new password or a deactivation revokes the person's API tokens, on every path (the API,
        the pages, the admin, `manage.py changepassword`); Django already ends their other sessions."""
        stored = getattr(self, "_stored", None)
        super().save(*args, **kwargs)
        changed_password = stored is not None and stored[0] is not None and stored[0] != self.password
        deactivated = stored is not None and stored[1] is True and not self.is_active
        if changed_password or deactivated:
            self.api_tokens.all().delete()
            hooks.credentials_changed.call(user=self, password_changed=changed_password, deactivated=deactivated)
        self._stored = (self.__dict__.get("password"), self.__dict__.get("is_active"))

    @cached_property
    def roles(self) -> list[str]:
        """Role codes, in the order of `roles.ALL_ROLES`; superusers are admins."""
        names = {group.name for group in self.groups.all()}
        if self.is_superuser:
            names.add(roles.ADMIN)
        return [code for code in roles.ALL_ROLES if code in names]

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The one zone this person reads times in (pages, e-mails) and, as an interviewer, works in."""
        return zone_or_utc(self.timezone)

    def has_role(self, *codes: str) -> bool:
        return any(code in self.roles for code in codes)

    @property
    def is_admin(self) -> bool:
        return self.has_role(roles.ADMIN)


class ApiToken(models.Model):
    """An API token: the key is shown once, at sign-in; only its SHA-256 is stored. Tokens expire
    (`LOOPWISE_TOKEN_LIFETIME_HOURS`), and are revoked on logout, a password change or deactivation."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    client = models.CharField(max_length=200, blank=True, help_text="The User-Agent that signed in, as sent.")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "expires_at"], name="api_token_user_expiry_idx")]

    def __str__(self) -> str:
        return f"Token #{self.pk} of {self.user}"
