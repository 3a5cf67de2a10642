from __future__ import annotations

import uuid
from pathlib import PurePath

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify

from core.models import Job, Owned


class Track(Owned):
    """A piece of music made from an upload's caption: audio files, score and what it is."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    upload = models.ForeignKey("uploads.Upload", on_delete=models.CASCADE,
                               related_name="tracks")
    prompt = models.TextField()
    duration = models.FloatField()
    seed = models.BigIntegerField()
    provider = models.CharField(max_length=32, db_index=True)
    tempo_bpm = models.FloatField()
    key = models.CharField(max_length=3)
    mode = models.CharField(max_length=12)
    valence = models.FloatField()
    arousal = models.FloatField()
    # The style asked for in the person's own words ("calm piano"); empty: the picture's.
    style = models.CharField(max_length=200, blank=True)
    wav = models.FileField(max_length=255)
    mp3 = models.FileField(max_length=255, blank=True)
    ogg = models.FileField(max_length=255, blank=True)
    midi = models.FileField(max_length=255, blank=True)
    waveform = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

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
    doing = "composing your music"

    upload = models.ForeignKey("uploads.Upload", on_delete=models.CASCADE,
                               related_name="track_jobs")
    duration = models.FloatField()
    seed = models.BigIntegerField()
    # A mood chosen on the results page; none means the caption's.
    valence = models.FloatField(null=True, blank=True)
    arousal = models.FloatField(null=True, blank=True)
    style = models.CharField(max_length=200, blank=True)
    track = models.OneToOneField(Track, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="job")
    # The composer's name for remote work this job started (a Vertex AI pipeline job), so a
    # retry of the job waits on that work again instead of starting a second copy of it.
    resume_token = models.CharField(max_length=300, blank=True, default="")

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


class EncodeJob(Job):
    """Make a track's MP3 or OGG from its WAV: the follow-up of a track job."""

    kind = "encode"
    task = "music.tasks.encode_run"

    class Format(models.TextChoices):
        MP3 = "mp3"
        OGG = "ogg"

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="encode_jobs")
    format = models.CharField(max_length=3, choices=Format.choices)

    class Meta(Job.Meta):
        constraints = [models.UniqueConstraint(fields=["track", "format"],
                                               name="one_encode_job_per_format")]

    @property
    def doing(self) -> str:
        return f"making the {self.format.upper()}"

    def result_url(self) -> str | None:
        return reverse("track-audio", args=[self.track_id, self.format])
