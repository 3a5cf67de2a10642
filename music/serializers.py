from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils.formatting import lazy_format

from core.forms import interpolate_lazy
from core.media import signed_path
from core.models import Job
from core.serializers import absolute_url
from music.composer.style import STYLE_MAX_CHARS
from music.durations import duration_limits
from music.models import Track

STYLE_HELP = ('The music you would like, in your own words: "jazzy", "calm piano", '
              '"epic orchestral", "fast techno"…')  # the API's documentation, in English


class MoodSerializer(serializers.Serializer):
    valence = serializers.FloatField(min_value=-1, max_value=1)
    arousal = serializers.FloatField(min_value=-1, max_value=1)


def style_field() -> serializers.CharField:
    """The optional `style` of POST /api/uploads/ and POST /api/tracks/."""
    return serializers.CharField(
        max_length=STYLE_MAX_CHARS, required=False, allow_blank=True, default="",
        help_text=STYLE_HELP, label=_("Style"),
        error_messages={"max_length": interpolate_lazy(
            _("The style can be at most %(limit)s characters; please say it in fewer words."),
            {"limit": STYLE_MAX_CHARS})})


class DurationField(serializers.IntegerField):
    """The `duration` of POST /api/uploads/ and POST /api/tracks/: whole seconds the configured
    composer can make. The limits are read as a serializer binds its fields (each serializer
    gets fresh copies), not at import: a composer path that does not import is then a system
    check's error, and the limits follow AI_BACKENDS["music"]."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(default=lambda: duration_limits().default, **kwargs)

    def bind(self, field_name: str, parent: Any) -> None:
        super().bind(field_name, parent)
        limits = duration_limits()
        self.min_value, self.max_value, self.default = limits.min, limits.max, limits.default
        self.validators = [
            *self.validators,
            MaxValueValidator(limits.max, message=lazy_format(
                self.error_messages["max_value"], max_value=limits.max)),
            MinValueValidator(limits.min, message=lazy_format(
                self.error_messages["min_value"], min_value=limits.min))]


def track_audio_url(request: Any, track: Track, fmt: str, *, download: bool = False) -> str:
    """A signed, short-lived address: minted only for the track's owner (see core.media)."""
    url = signed_path(reverse("track-audio", args=[track.pk, fmt]), attachment=download)
    return absolute_url(request, url)


class AudioSerializer(serializers.Serializer):
    wav = serializers.URLField()
    mp3 = serializers.URLField(allow_null=True)
    ogg = serializers.URLField(allow_null=True)
    midi = serializers.URLField(allow_null=True)


class TrackSerializer(serializers.ModelSerializer):
    """<track> of the API contract."""

    mood = serializers.SerializerMethodField()
    audio = serializers.SerializerMethodField()

    class Meta:
        model = Track
        fields = ["id", "upload", "prompt", "duration", "seed", "provider", "tempo_bpm", "key",
                  "mode", "mood", "style", "audio", "waveform", "created_at"]

    @extend_schema_field(MoodSerializer)
    def get_mood(self, track: Track) -> dict[str, float]:
        return {"valence": track.valence, "arousal": track.arousal}

    @extend_schema_field(AudioSerializer)
    def get_audio(self, track: Track) -> dict[str, str | None]:
        request = self.context.get("request")
        # MP3 and OGG are made right after the WAV by their own jobs; their addresses work
        # from the start (a request before they exist makes them on the spot), and are null
        # once making them failed.
        failed = {job.format for job in track.encode_jobs.all()
                  if job.status in {Job.Status.FAILED, Job.Status.CANCELLED}}
        return {
            "wav": track_audio_url(request, track, "wav"),
            "mp3": None if "mp3" in failed else track_audio_url(request, track, "mp3"),
            "ogg": None if "ogg" in failed else track_audio_url(request, track, "ogg"),
            "midi": track_audio_url(request, track, "midi") if track.midi else None,
        }
