from __future__ import annotations

from django.contrib import admin

from stories.models import Story, StoryJob, StoryPage


class StoryPageInline(admin.TabularInline):
    model = StoryPage
    extra = 0
    fields = ["number", "text", "image"]
    readonly_fields = ["number"]


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "age_band", "page_count", "status", "reading_grade",
                    "created_at"]
    list_filter = ["age_band", "job__status", "created_at"]
    search_fields = ["title", "theme"]
    readonly_fields = ["id", "media_key", "reading_grade", "writer", "illustrator",
                       "created_at"]
    inlines = [StoryPageInline]
    date_hierarchy = "created_at"

    @admin.display(description="status", ordering="job__status")
    def status(self, story: Story) -> str:
        job = getattr(story, "job", None)
        return job.status if job else "—"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("job")


@admin.register(StoryJob)
class StoryJobAdmin(admin.ModelAdmin):
    list_display = ["id", "story", "status", "progress", "attempts", "created_at"]
    list_filter = ["status", "created_at"]
    readonly_fields = ["story", "progress", "attempts", "started_at", "finished_at",
                       "heartbeat_at"]
