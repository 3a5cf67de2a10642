from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Job
from music.composer.prompts_ko import prompt_in_korean


class Caption(models.Model):
    """What the captioner saw in a picture, and the musical prompt it made of it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False,
                          verbose_name=_("ID"))
    upload = models.OneToOneField("uploads.Upload", on_delete=models.CASCADE,
                                  related_name="caption", verbose_name=_("upload"))
    text = models.TextField(verbose_name=_("text"))
    music_prompt = models.TextField(verbose_name=_("music prompt"))
    valence = models.FloatField(verbose_name=_("valence"))
    arousal = models.FloatField(verbose_name=_("arousal"))
    tags = models.JSONField(default=list, verbose_name=_("tags"))
    features = models.JSONField(default=dict, blank=True, verbose_name=_("features"))
    provider = models.CharField(max_length=32, db_index=True, verbose_name=_("provider"))
    # The language of the text and tags (the visitor's when it was made); music_prompt is
    # always the composers' English.
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en",
                                verbose_name=_("language"))
    # The picture's hash: a caption is made once per picture, whoever uploads it again.
    image_hash = models.CharField(max_length=64, db_index=True, verbose_name=_("image hash"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True,
                                      verbose_name=_("created at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("caption")
        verbose_name_plural = _("captions")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def music_prompt_shown(self) -> str:
        """The musical prompt in the caption's language, for people to read."""
        return prompt_in_korean(self.music_prompt) if self.language == "ko" else self.music_prompt


class CaptionJob(Job):
    kind = "caption"
    task = "uploads.tasks.caption_run"
    doing = _("looking at your picture")

    upload = models.ForeignKey("uploads.Upload", on_delete=models.CASCADE,
                               related_name="caption_jobs", verbose_name=_("upload"))
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en",
                                verbose_name=_("language"))

    def result_url(self) -> str | None:
        return reverse("upload-detail-api", args=[self.upload_id])

    def page_url(self) -> str | None:
        return reverse("results", args=[self.upload_id])

    class Meta(Job.Meta):
        verbose_name = _("caption job")
        verbose_name_plural = _("caption jobs")
