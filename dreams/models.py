from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse

from core.models import Job, Owned


class Emotion(models.TextChoices):
    """The Hall–Van de Castle emotion classes."""

    ANGER = "anger", "Anger"
    APPREHENSION = "apprehension", "Apprehension"
    SADNESS = "sadness", "Sadness"
    CONFUSION = "confusion", "Confusion"
    HAPPINESS = "happiness", "Happiness"


class Theme(models.Model):
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Symbol(models.Model):
    """An entry of the dream-symbol dictionary, curated in the admin."""

    class Category(models.TextChoices):
        # The Hall–Van de Castle content categories a motif most often falls under.
        CHARACTER = "character", "Characters"
        ANIMAL = "animal", "Animals"
        INTERACTION = "interaction", "Social interactions"
        ACTIVITY = "activity", "Activities"
        STRIVING = "striving", "Success and failure"
        FORTUNE = "fortune", "Misfortune and good fortune"
        SETTING = "setting", "Settings"
        OBJECT = "object", "Objects"
        DESCRIPTIVE = "descriptive", "Descriptive elements"
        EMOTION = "emotion", "Emotions"

    name = models.CharField(max_length=80, unique=True)
    aliases = models.TextField(
        blank=True, help_text="Other words or phrases for it, comma-separated "
        "(\"tooth, teeth falling out\"). Inflections are matched automatically.")
    category = models.CharField(max_length=16, choices=Category.choices, db_index=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="symbols")
    text = models.TextField(help_text="What it may mean, gently: two to four sentences that "
                            "leave the meaning to the dreamer.")
    # The Korean dictionary: its own names, aliases and entry, not a word-for-word copy of
    # the English one (Korean dream reading, 해몽, has readings of its own).
    name_ko = models.CharField("name (Korean)", max_length=80, blank=True)
    aliases_ko = models.TextField(
        "aliases (Korean)", blank=True, help_text="Comma-separated, in dictionary form "
        "(\"이가 빠지다, 이빨\"): particles and endings are matched automatically.")
    text_ko = models.TextField("entry (Korean)", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def alias_list(self) -> list[str]:
        return _split(self.aliases)

    @property
    def alias_list_ko(self) -> list[str]:
        return _split(self.aliases_ko)

    def name_in(self, language: str) -> str:
        """Its name for a dream told in `language` (the English one when it has no other)."""
        return self.name_ko or self.name if language == "ko" else self.name

    def text_in(self, language: str) -> str:
        return self.text_ko or self.text if language == "ko" else self.text


def _split(aliases: str) -> list[str]:
    return [alias.strip() for alias in aliases.split(",") if alias.strip()]


class Dream(Owned):
    """A dream as its dreamer told it, and what Reverie made of it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=120)
    title_given = models.BooleanField(default=False)  # else the title follows the story's
    text = models.TextField(blank=True)
    # The language it was told in ("en", "ko"): its symbols, reading and story follow it.
    language = models.CharField(max_length=8, default="en")
    emotions = models.JSONField(default=list, blank=True)  # as the dreamer tagged them
    proposed_emotions = models.JSONField(default=list, blank=True)  # as the engine read them
    # ",anger,sadness,": the emotions that count (tagged, else proposed) in a form every
    # database can filter with a plain substring match.
    felt = models.CharField(max_length=80, blank=True, db_index=True)
    symbols = models.ManyToManyField(Symbol, through="DreamSymbol", related_name="dreams")
    analysed = models.BooleanField(default=False)
    interpretation_sections = models.JSONField(null=True, blank=True)
    interpretation_provider = models.CharField(max_length=32, blank=True)
    story_title = models.CharField(max_length=160, blank=True)
    story_text = models.TextField(blank=True)
    story_provider = models.CharField(max_length=32, blank=True)
    image = models.FileField(max_length=255, blank=True)
    image_provider = models.CharField(max_length=32, blank=True)
    audio = models.FileField(max_length=255, blank=True)
    audio_content_type = models.CharField(max_length=64, blank=True)
    keep_audio = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("dream-detail", args=[self.pk])

    @property
    def felt_emotions(self) -> list[str]:
        return list(self.emotions or self.proposed_emotions)

    @property
    def interpretation_text(self) -> str:
        return "\n\n".join(section["text"] for section in self.interpretation_sections or [])

    @property
    def interpretation_citations(self) -> list[int]:
        cited: list[int] = []
        for section in self.interpretation_sections or []:
            cited += [pk for pk in section.get("citations", []) if pk not in cited]
        return cited


class DreamSymbol(models.Model):
    """A symbol found in a dream, with the dream's own words that called it up."""

    dream = models.ForeignKey(Dream, on_delete=models.CASCADE, related_name="matches")
    symbol = models.ForeignKey(Symbol, on_delete=models.CASCADE, related_name="matches")
    matched = models.JSONField(default=list)
    score = models.FloatField()
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["rank"]
        constraints = [models.UniqueConstraint(fields=["dream", "symbol"],
                                               name="dream_symbol_once")]

    def __str__(self) -> str:
        return f"{self.symbol_id} in {self.dream_id}"

    @property
    def name(self) -> str:
        """The symbol's name in the dream's language."""
        return self.symbol.name_in(self.dream.language)


class DreamJob(Job):
    """Read a dream: transcribe it (if spoken), find its symbols, interpret, retell, picture."""

    kind = "dream"
    task = "dreams.tasks.dream_run"
    doing = "working on your dream"

    dream = models.ForeignKey(Dream, on_delete=models.CASCADE, related_name="jobs")

    def result_url(self) -> str | None:
        return reverse("dream-api", args=[self.dream_id])

    def page_url(self) -> str | None:
        return reverse("dream-detail", args=[self.dream_id])


class TranscriptionJob(Job):
    """A recording turned into text the dreamer reviews before saving the dream."""

    kind = "transcription"
    task = "dreams.tasks.transcription_run"
    doing = "listening to your recording"

    audio = models.FileField(max_length=255, blank=True)
    content_type = models.CharField(max_length=64)
    keep_audio = models.BooleanField(default=False)
    language = models.CharField(max_length=8, default="en")  # of the speech
    text = models.TextField(blank=True)

    def result_url(self) -> str | None:
        return reverse("dream-transcription-api", args=[self.pk])
