from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Job, Owned
from stories.backends.base import AGE_BANDS, DEFAULT_PAGES, STYLES

# The kind of share link a story's media URLs are bound to (core.media).
SHARE_KIND = "story"


def share_active(token: str) -> bool:
    return bool(token) and Story.objects.filter(share_token=token).exists()


def media_key_new() -> str:
    return uuid.uuid4().hex


class Story(Owned):
    """An illustrated book: what was asked for, and (once written) its title and sheet."""

    class AgeBand(models.TextChoices):
        PRESCHOOL = "3-5", "3–5"
        EARLY = "6-8", "6–8"
        MIDDLE = "9-12", "9–12"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False,
                          verbose_name=_("ID"))
    protagonist = models.CharField(max_length=200, verbose_name=_("protagonist"))
    theme = models.CharField(max_length=300, verbose_name=_("theme"))
    age_band = models.CharField(max_length=8, choices=AgeBand.choices, verbose_name=_("age band"))
    page_count = models.PositiveSmallIntegerField(default=DEFAULT_PAGES,
                                                  verbose_name=_("page count"))
    style = models.CharField(max_length=20, choices=[(s, s) for s in STYLES],
                             default="storybook", verbose_name=_("style"))
    # The offline writer's choices follow it: the same inputs with another seed are another
    # version of the book.
    seed = models.PositiveIntegerField(default=0, verbose_name=_("seed"))
    title = models.CharField(max_length=200, blank=True, verbose_name=_("title"))
    character_sheet = models.TextField(blank=True, verbose_name=_("character sheet"))
    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        KOREAN = "ko", "한국어"

    # Asked for (or Korean because the theme is written in Hangul), then the writer's own.
    language = models.CharField(max_length=8, choices=Language.choices, default="en",
                                verbose_name=_("language"))
    reading_grade = models.FloatField(null=True, blank=True, verbose_name=_("reading grade"))
    writer = models.CharField(max_length=30, blank=True, verbose_name=_("writer"))
    illustrator = models.CharField(max_length=30, blank=True, verbose_name=_("illustrator"))
    # Media keys are random and not the story's id: a picture's address reveals no story.
    media_key = models.CharField(max_length=32, default=media_key_new,
                                 editable=False, verbose_name=_("media key"))
    share_token = models.CharField(max_length=64, null=True, blank=True, unique=True,
                                   verbose_name=_("share token"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True,
                                      verbose_name=_("created at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def __str__(self) -> str:
        return self.title or f"A story about {self.theme[:60]}"


assert set(AGE_BANDS) == set(Story.AgeBand.values)


class StoryPage(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="pages",
                              verbose_name=_("story"))
    number = models.PositiveSmallIntegerField(verbose_name=_("number"))
    text = models.TextField(verbose_name=_("text"))
    illustration_prompt = models.TextField(verbose_name=_("illustration prompt"))
    image = models.FileField(max_length=200, blank=True, verbose_name=_("image"))

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["story", "number"],
                                               name="stories_page_number_unique")]
        verbose_name = _("story page")
        verbose_name_plural = _("story pages")

    def __str__(self) -> str:
        return f"{self.story} · page {self.number}"


class StoryJob(Job):
    """Writing a book, then illustrating it page by page."""

    kind = "story"
    task = "stories.tasks.story_run"
    doing = _("making your storybook")

    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="job",
                                 verbose_name=_("story"))

    def result_url(self) -> str | None:
        return reverse("story-detail", args=[self.story_id])

    def page_url(self) -> str | None:
        return reverse("story-reader", args=[self.story_id])

    class Meta(Job.Meta):
        verbose_name = _("story job")
        verbose_name_plural = _("story jobs")
