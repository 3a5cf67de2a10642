from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Owned


class Upload(Owned):
    """A picture someone gave us, normalised (no metadata) and stored under a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False,
                          verbose_name=_("ID"))
    image = models.FileField(max_length=255, verbose_name=_("image"))
    content_type = models.CharField(max_length=32, verbose_name=_("content type"))
    width = models.PositiveIntegerField(verbose_name=_("width"))
    height = models.PositiveIntegerField(verbose_name=_("height"))
    # sha256 of the bytes as uploaded: the same owner sending the same file again reuses it.
    content_hash = models.CharField(max_length=64, db_index=True, verbose_name=_("content hash"))
    original_name = models.CharField(max_length=255, blank=True, verbose_name=_("original name"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True,
                                      verbose_name=_("created at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")

    def __str__(self) -> str:
        return self.original_name or f"upload {self.pk}"
