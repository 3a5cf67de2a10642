from __future__ import annotations

import uuid

from django.db import models

from core.models import Owned


class Upload(Owned):
    """A picture someone gave us, normalised (no metadata) and stored under a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    image = models.FileField(max_length=255)
    content_type = models.CharField(max_length=32)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    # sha256 of the bytes as uploaded: the same owner sending the same file again reuses it.
    content_hash = models.CharField(max_length=64, db_index=True)
    original_name = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name or f"upload {self.pk}"
