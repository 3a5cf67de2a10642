from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A named key a program sends as `Authorization: Token <key>`; a person may hold many.

    Only the key's SHA-256 is kept: the key itself is shown once, when it is made.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(max_length=100, verbose_name=_("name"))
    key_hash = models.CharField(max_length=64, unique=True, verbose_name=_("key hash"))
    prefix = models.CharField(max_length=8,
                              verbose_name=_("prefix"))  # lets the owner tell their tokens apart
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    last_used = models.DateTimeField(null=True, blank=True, verbose_name=_("last used"))

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
