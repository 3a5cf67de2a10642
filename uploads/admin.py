from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from captioning.models import Caption
from core.admin import DeleteWithFilesAdmin, owner_label
from music.admin import audio_player
from music.models import Track
from uploads.models import Upload
from uploads.services import upload_delete


class CaptionInline(admin.StackedInline):
    model = Caption
    extra = 0
    can_delete = False
    fields = ["text", "music_prompt", "valence", "arousal", "tags", "provider"]
    readonly_fields = ["provider"]


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0
    can_delete = False
    fields = ["player", "key", "mode", "tempo_bpm", "duration", "seed", "provider", "created_at"]
    readonly_fields = fields
    show_change_link = True

    @admin.display(description="Listen")
    def player(self, track: Track) -> str:
        return audio_player(track)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CaptionProviderFilter(admin.SimpleListFilter):
    title = "caption provider"
    parameter_name = "provider"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        providers = Caption.objects.values_list("provider", flat=True).distinct()
        return [(p, p) for p in providers]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(caption__provider=self.value()) if self.value() else queryset


@admin.register(Upload)
class UploadAdmin(DeleteWithFilesAdmin):
    list_display = ["thumbnail", "caption_text", "size", "owner", "created_at"]
    list_filter = [CaptionProviderFilter, "content_type", "created_at"]
    search_fields = ["caption__text", "original_name", "caption__tags"]
    date_hierarchy = "created_at"
    readonly_fields = ["thumbnail", "image", "content_type", "width", "height", "content_hash",
                       "original_name", "user", "session_key", "created_at"]
    inlines = [CaptionInline, TrackInline]
    list_select_related = ["caption", "user"]

    @admin.display(description="Picture")
    def thumbnail(self, upload: Upload) -> str:
        return format_html('<img src="{}" alt="" style="height:64px;width:auto;border-radius:6px">',
                           upload.image.url)

    @admin.display(description="Caption", ordering="caption__text")
    def caption_text(self, upload: Upload) -> str:
        caption = getattr(upload, "caption", None)
        return caption.text if caption else "—"

    @admin.display(description="Size")
    def size(self, upload: Upload) -> str:
        return f"{upload.width}×{upload.height}"

    @admin.display(description="Owner")
    def owner(self, upload: Upload) -> str:
        return owner_label(upload)

    def remove(self, obj: Upload) -> None:
        upload_delete(upload=obj)
