from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse

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

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    protagonist = models.CharField(max_length=200)
    theme = models.CharField(max_length=300)
    age_band = models.CharField(max_length=8, choices=AgeBand.choices)
    page_count = models.PositiveSmallIntegerField(default=DEFAULT_PAGES)
    style = models.CharField(max_length=20, choices=[(s, s) for s in STYLES],
                             default="storybook")
    # The offline writer's choices follow it: the same inputs with another seed are another
    # version of the book.
    seed = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200, blank=True)
    character_sheet = models.TextField(blank=True)
    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        KOREAN = "ko", "한국어"

    # Asked for (or Korean because the theme is written in Hangul), then the writer's own.
    language = models.CharField(max_length=8, choices=Language.choices, default="en")
    reading_grade = models.FloatField(null=True, blank=True)
    writer = models.CharField(max_length=30, blank=True)
    illustrator = models.CharField(max_length=30, blank=True)
    # Media keys are random and not the story's id: a picture's address reveals no story.
    media_key = models.CharField(max_length=32, default=media_key_new,
                                 editable=False)
    share_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title or f"A story about {self.theme[:60]}"


assert set(AGE_BANDS) == set(Story.AgeBand.values)


class StoryPage(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    illustration_prompt = models.TextField()
    image = models.FileField(max_length=200, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["story", "number"],
                                               name="stories_page_number_unique")]

    def __str__(self) -> str:
        return f"{self.story} · page {self.number}"


class StoryJob(Job):
    """Writing a book, then illustrating it page by page."""

    kind = "story"
    task = "stories.tasks.story_run"
    doing = "making your storybook"

    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="job")

    def result_url(self) -> str | None:
        return reverse("story-detail", args=[self.story_id])

    def page_url(self) -> str | None:
        return reverse("story-reader", args=[self.story_id])
