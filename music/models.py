from __future__ import annotations

import uuid
from pathlib import PurePath

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.models import Job, Owned


class Track(Owned):
    """A piece of music made from an upload's caption: audio files, score and what it is."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False,
                          verbose_name=_("ID"))
    upload = models.ForeignKey("uploads.Upload", on_delete=models.CASCADE,
                               related_name="tracks", verbose_name=_("upload"))
    prompt = models.TextField(verbose_name=_("prompt"))
    duration = models.FloatField(verbose_name=_("duration"))
    seed = models.BigIntegerField(verbose_name=_("seed"))
    provider = models.CharField(max_length=32, db_index=True, verbose_name=_("provider"))
    tempo_bpm = models.FloatField(verbose_name=_("tempo (BPM)"))
    key = models.CharField(max_length=3, verbose_name=_("key"))
    mode = models.CharField(max_length=12, verbose_name=_("mode"))
    valence = models.FloatField(verbose_name=_("valence"))
    arousal = models.FloatField(verbose_name=_("arousal"))
    # The style asked for in the person's own words ("calm piano"); empty: the picture's.
    style = models.CharField(max_length=200, blank=True, verbose_name=_("style"))
    wav = models.FileField(max_length=255, verbose_name=_("WAV"))
    mp3 = models.FileField(max_length=255, blank=True, verbose_name=_("MP3"))
    ogg = models.FileField(max_length=255, blank=True, verbose_name=_("OGG"))
    midi = models.FileField(max_length=255, blank=True, verbose_name=_("MIDI"))
    waveform = models.JSONField(default=list, verbose_name=_("waveform"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True,
                                      verbose_name=_("created at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")

    def __str__(self) -> str:
        return f"{self.key} {self.mode}, {self.tempo_bpm:.0f} BPM ({self.provider})"

    def download_name(self, fmt: str) -> str:
        """e.g. "beach-d-major-92bpm-seed42.mp3": what it was made from and how."""
        stem = slugify(PurePath(self.upload.original_name).stem)[:40] or "reverie"
        key = self.key.replace("#", "sharp").lower()
        extension = "mid" if fmt == "midi" else fmt
        return f"{stem}-{key}-{self.mode}-{self.tempo_bpm:.0f}bpm-seed{self.seed}.{extension}"


class TrackJob(Job):
    """Make a track for an upload; waits (queued) until the upload has its caption."""

    kind = "track"
    task = "uploads.tasks.track_run"
    doing = _("composing your music")

    upload = models.ForeignKey("uploads.Upload", on_delete=models.CASCADE,
                               related_name="track_jobs", verbose_name=_("upload"))
    duration = models.FloatField(verbose_name=_("duration"))
    seed = models.BigIntegerField(verbose_name=_("seed"))
    # A mood chosen on the results page; none means the caption's.
    valence = models.FloatField(null=True, blank=True, verbose_name=_("valence"))
    arousal = models.FloatField(null=True, blank=True, verbose_name=_("arousal"))
    style = models.CharField(max_length=200, blank=True, verbose_name=_("style"))
    track = models.OneToOneField(Track, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="job", verbose_name=_("track"))
    # The composer's name for remote work this job started (a Vertex AI pipeline job), so a
    # retry of the job waits on that work again instead of starting a second copy of it.
    resume_token = models.CharField(max_length=300, blank=True, default="",
                                    verbose_name=_("resume token"))

    def result_url(self) -> str | None:
        return reverse("track-detail-api", args=[self.track_id]) if self.track_id else None

    def page_url(self) -> str | None:
        if not self.track_id:
            return None
        return f'{reverse("results", args=[self.upload_id])}?track={self.track_id}'

    @classmethod
    def dispatchable(cls, queued: models.QuerySet) -> models.QuerySet:
        # It waits for its caption; once no caption job is left to make one, it may start
        # (and fails with the caption job's reason).
        # (Through the upload's relations: music does not import the captioning app.)
        pending = Q(upload__caption__isnull=True,
                    upload__caption_jobs__status__in=Job.ACTIVE)
        return queued.exclude(pending)

    class Meta(Job.Meta):
        verbose_name = _("track job")
        verbose_name_plural = _("track jobs")


class EncodeJob(Job):
    """Make a track's MP3 or OGG from its WAV: the follow-up of a track job. The track plays
    (as WAV) before it runs, so it waits behind every track job; a download asking first
    makes the file at once (music.services.track_audio_ensure)."""

    kind = "encode"
    task = "music.tasks.encode_run"
    background = True

    class Format(models.TextChoices):
        MP3 = "mp3"
        OGG = "ogg"

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="encode_jobs",
                              verbose_name=_("track"))
    format = models.CharField(max_length=3, choices=Format.choices, verbose_name=_("format"))

    class Meta(Job.Meta):
        constraints = [models.UniqueConstraint(fields=["track", "format"],
                                               name="one_encode_job_per_format")]
        verbose_name = _("encode job")
        verbose_name_plural = _("encode jobs")

    @property
    def doing(self) -> str:
        return _("making the %(format)s") % {"format": self.format.upper()}

    def result_url(self) -> str | None:
        return reverse("track-audio", args=[self.track_id, self.format])
