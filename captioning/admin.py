from __future__ import annotations

from django.contrib import admin

from captioning.models import Caption, CaptionJob
from core.admin import JobAdmin


@admin.register(Caption)
class CaptionAdmin(admin.ModelAdmin):
    list_display = ["text", "language", "provider", "valence", "arousal", "created_at"]
    list_filter = ["provider", "language", "created_at"]
    search_fields = ["text", "music_prompt", "tags"]
    readonly_fields = ["upload", "image_hash", "provider", "features", "created_at"]
    date_hierarchy = "created_at"


@admin.register(CaptionJob)
class CaptionJobAdmin(JobAdmin):
    list_display = [*JobAdmin.list_display, "upload"]
    search_fields = ["upload__caption__text", "error"]
