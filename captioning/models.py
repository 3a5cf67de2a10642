from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse

from core.models import Job


class Caption(models.Model):
    """What the captioner saw in a picture, and the musical prompt it made of it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    upload = models.OneToOneField("uploads.Upload", on_delete=models.CASCADE,
                                  related_name="caption")
    text = models.TextField()
    music_prompt = models.TextField()
    valence = models.FloatField()
    arousal = models.FloatField()
    tags = models.JSONField(default=list)
    features = models.JSONField(default=dict, blank=True)
    provider = models.CharField(max_length=32, db_index=True)
    # The picture's hash: a caption is made once per picture, whoever uploads it again.
    image_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:80]


class CaptionJob(Job):
    kind = "caption"
    task = "uploads.tasks.caption_run"
    doing = "looking at your picture"

    upload = models.ForeignKey("uploads.Upload", on_delete=models.CASCADE,
                               related_name="caption_jobs")

    def result_url(self) -> str | None:
        return reverse("upload-detail-api", args=[self.upload_id])

    def page_url(self) -> str | None:
        return reverse("results", args=[self.upload_id])
