from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from core.admin import JobAdmin
from music.models import Track, TrackJob
from music.services import track_delete


def audio_player(track: Track) -> str:
    return format_html('<audio controls preload="none" src="{}"></audio>', track.wav.url)


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["__str__", "player", "provider", "duration", "seed", "created_at"]
    list_filter = ["provider", "mode", "created_at"]
    search_fields = ["upload__caption__text", "prompt"]
    date_hierarchy = "created_at"
    readonly_fields = ["player", "upload", "prompt", "provider", "tempo_bpm", "key", "mode",
                       "valence", "arousal", "wav", "mp3", "ogg", "midi", "seed", "duration",
                       "created_at"]
    exclude = ["waveform"]
    actions = ["delete_with_files"]

    @admin.display(description="Listen")
    def player(self, track: Track) -> str:
        return audio_player(track)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # ours removes the stored files too
        return actions

    @admin.action(description="Delete the selected tracks and their files",
                  permissions=["delete"])
    def delete_with_files(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = 0
        for track in queryset:
            track_delete(track=track)
            count += 1
        self.message_user(request, f"Deleted {count} track(s) and their files.")

    def delete_model(self, request: HttpRequest, obj: Track) -> None:
        track_delete(track=obj)


@admin.register(TrackJob)
class TrackJobAdmin(JobAdmin):
    list_display = [*JobAdmin.list_display, "upload", "duration", "seed"]
    search_fields = ["upload__caption__text", "error"]
