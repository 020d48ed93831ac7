import zoneinfo
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models

from accounts import roles
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
