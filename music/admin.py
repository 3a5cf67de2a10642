from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html

from core.admin import DeleteWithFilesAdmin, JobAdmin
from music.models import Track, TrackJob
from music.services import track_delete


def audio_player(track: Track) -> str:
    return format_html('<audio controls preload="none" src="{}"></audio>', track.wav.url)


@admin.register(Track)
class TrackAdmin(DeleteWithFilesAdmin):
    list_display = ["__str__", "player", "provider", "duration", "seed", "created_at"]
    list_filter = ["provider", "mode", "created_at"]
    search_fields = ["upload__caption__text", "prompt"]
    date_hierarchy = "created_at"
    readonly_fields = ["player", "upload", "prompt", "provider", "tempo_bpm", "key", "mode",
                       "valence", "arousal", "wav", "mp3", "ogg", "midi", "seed", "duration",
                       "created_at"]
    exclude = ["waveform"]

    @admin.display(description="Listen")
    def player(self, track: Track) -> str:
        return audio_player(track)

    def remove(self, obj: Track) -> None:
        track_delete(track=obj)


@admin.register(TrackJob)
class TrackJobAdmin(JobAdmin):
    list_display = [*JobAdmin.list_display, "upload", "duration", "seed"]
    search_fields = ["upload__caption__text", "error"]
