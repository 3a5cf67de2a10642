from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Job, Owned


class Emotion(models.TextChoices):
    """The Hall–Van de Castle emotion classes."""

    ANGER = "anger", _("Anger")
    APPREHENSION = "apprehension", _("Apprehension")
    SADNESS = "sadness", _("Sadness")
    CONFUSION = "confusion", _("Confusion")
    HAPPINESS = "happiness", _("Happiness")


class Theme(models.Model):
    name = models.CharField(max_length=60, unique=True, verbose_name=_("name"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class Symbol(models.Model):
    """An entry of the dream-symbol dictionary, curated in the admin."""

    class Category(models.TextChoices):
        # The Hall–Van de Castle content categories a motif most often falls under.
        CHARACTER = "character", _("Characters")
        ANIMAL = "animal", _("Animals")
        INTERACTION = "interaction", _("Social interactions")
        ACTIVITY = "activity", _("Activities")
        STRIVING = "striving", _("Success and failure")
        FORTUNE = "fortune", _("Misfortune and good fortune")
        SETTING = "setting", _("Settings")
        OBJECT = "object", _("Objects")
        DESCRIPTIVE = "descriptive", _("Descriptive elements")
        EMOTION = "emotion", _("Emotions")

    name = models.CharField(max_length=80, unique=True, verbose_name=_("name"))
    aliases = models.TextField(
        blank=True, help_text=_("Other words or phrases for it, comma-separated "
                                "(\"tooth, teeth falling out\"). Inflections are matched "
                                "automatically."),
        verbose_name=_("aliases"))
    category = models.CharField(max_length=16, choices=Category.choices, db_index=True,
                                verbose_name=_("category"))
    themes = models.ManyToManyField(Theme, blank=True, related_name="symbols",
                                    verbose_name=_("themes"))
    text = models.TextField(help_text=_("What it may mean, gently: two to four sentences that "
                                        "leave the meaning to the dreamer."),
                            verbose_name=_("text"))
    # The Korean dictionary: its own names, aliases and entry, not a word-for-word copy of
    # the English one (Korean dream reading, 해몽, has readings of its own).
    name_ko = models.CharField(_("name (Korean)"), max_length=80, blank=True)
    aliases_ko = models.TextField(
        _("aliases (Korean)"), blank=True, help_text=_("Comma-separated, in dictionary form "
        "(\"이가 빠지다, 이빨\"): particles and endings are matched automatically."))
    text_ko = models.TextField(_("entry (Korean)"), blank=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("symbol")
        verbose_name_plural = _("symbols")

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

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False,
                          verbose_name=_("ID"))
    title = models.CharField(max_length=120, verbose_name=_("title"))
    # False: the title follows the story's.
    title_given = models.BooleanField(default=False, verbose_name=_("title given"))
    text = models.TextField(blank=True, verbose_name=_("text"))
    # The language it was told in ("en", "ko"): its symbols, reading and story follow it.
    language = models.CharField(max_length=8, default="en", verbose_name=_("language"))
    emotions = models.JSONField(default=list, blank=True,
                                verbose_name=_("emotions"))  # as the dreamer tagged them
    # As the engine read them.
    proposed_emotions = models.JSONField(default=list, blank=True,
                                         verbose_name=_("proposed emotions"))
    # ",anger,sadness,": the emotions that count (tagged, else proposed) in a form every
    # database can filter with a plain substring match.
    felt = models.CharField(max_length=80, blank=True, db_index=True, verbose_name=_("felt"))
    symbols = models.ManyToManyField(Symbol, through="DreamSymbol", related_name="dreams",
                                     verbose_name=_("symbols"))
    analysed = models.BooleanField(default=False, verbose_name=_("analysed"))
    interpretation_sections = models.JSONField(null=True, blank=True,
                                               verbose_name=_("interpretation sections"))
    interpretation_provider = models.CharField(max_length=32, blank=True,
                                               verbose_name=_("interpretation provider"))
    story_title = models.CharField(max_length=160, blank=True, verbose_name=_("story title"))
    story_text = models.TextField(blank=True, verbose_name=_("story text"))
    story_provider = models.CharField(max_length=32, blank=True, verbose_name=_("story provider"))
    image = models.FileField(max_length=255, blank=True, verbose_name=_("image"))
    image_provider = models.CharField(max_length=32, blank=True, verbose_name=_("image provider"))
    audio = models.FileField(max_length=255, blank=True, verbose_name=_("audio"))
    audio_content_type = models.CharField(max_length=64, blank=True,
                                          verbose_name=_("audio content type"))
    keep_audio = models.BooleanField(default=False, verbose_name=_("keep audio"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True,
                                      verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dream")
        verbose_name_plural = _("dreams")

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

    dream = models.ForeignKey(Dream, on_delete=models.CASCADE, related_name="matches",
                              verbose_name=_("dream"))
    symbol = models.ForeignKey(Symbol, on_delete=models.CASCADE, related_name="matches",
                               verbose_name=_("symbol"))
    matched = models.JSONField(default=list, verbose_name=_("matched"))
    score = models.FloatField(verbose_name=_("score"))
    rank = models.PositiveSmallIntegerField(verbose_name=_("rank"))

    class Meta:
        ordering = ["rank"]
        constraints = [models.UniqueConstraint(fields=["dream", "symbol"],
                                               name="dream_symbol_once")]
        verbose_name = _("dream symbol")
        verbose_name_plural = _("dream symbols")

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
    doing = _("working on your dream")

    dream = models.ForeignKey(Dream, on_delete=models.CASCADE, related_name="jobs",
                              verbose_name=_("dream"))

    def result_url(self) -> str | None:
        return reverse("dream-api", args=[self.dream_id])

    def page_url(self) -> str | None:
        return reverse("dream-detail", args=[self.dream_id])

    class Meta(Job.Meta):
        verbose_name = _("dream job")
        verbose_name_plural = _("dream jobs")


class TranscriptionJob(Job):
    """A recording turned into text the dreamer reviews before saving the dream."""

    kind = "transcription"
    task = "dreams.tasks.transcription_run"
    doing = _("listening to your recording")

    audio = models.FileField(max_length=255, blank=True, verbose_name=_("audio"))
    content_type = models.CharField(max_length=64, verbose_name=_("content type"))
    keep_audio = models.BooleanField(default=False, verbose_name=_("keep audio"))
    language = models.CharField(max_length=8, default="en",
                                verbose_name=_("language"))  # of the speech
    text = models.TextField(blank=True, verbose_name=_("text"))

    def result_url(self) -> str | None:
        return reverse("dream-transcription-api", args=[self.pk])

    class Meta(Job.Meta):
        verbose_name = _("transcription job")
        verbose_name_plural = _("transcription jobs")
