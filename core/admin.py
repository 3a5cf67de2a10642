from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from core.jobs import job_retry
from core.models import ProviderCall

admin.site.site_header = "Reverie curation"
admin.site.site_title = "Reverie curation"
admin.site.index_title = "Content"


def owner_label(obj: Any) -> str:
    """Who owns a row, for curators: the user, or an anonymous visitor's session."""
    return str(obj.user) if obj.user_id else f"visitor {obj.session_key[:8]}"


class DeleteWithFilesAdmin(admin.ModelAdmin):
    """Deletion through the app's service, so stored files go with the rows.

    Subclasses implement `remove(obj)`; the stock bulk delete (rows only) is replaced.
    """

    actions = ["delete_with_files"]

    def remove(self, obj: Any) -> None:
        raise NotImplementedError

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description="Delete the selected items and their stored files",
                  permissions=["delete"])
    def delete_with_files(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = 0
        for obj in queryset:
            self.remove(obj)
            count += 1
        self.message_user(request, f"Deleted {count} item(s) with their files.")

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.remove(obj)


class JobAdmin(admin.ModelAdmin):
    """Shared admin of every job table: read-only rows, filters, and a re-run action."""

    list_display = ["id", "status", "progress", "error", "attempts", "owner", "created_at"]
    list_filter = ["status", "created_at"]
    date_hierarchy = "created_at"
    actions = ["rerun"]
    ordering = ["-created_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="Owner")
    def owner(self, job: Any) -> str:
        return owner_label(job)

    @admin.action(description="Re-run the selected failed jobs", permissions=["change"])
    def rerun(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = sum(job_retry(job) for job in queryset)
        skipped = queryset.count() - count
        self.message_user(request, f"{count} job(s) queued again.", messages.SUCCESS)
        if skipped:
            self.message_user(request, f"{skipped} job(s) were not failed and were left alone.",
                              messages.WARNING)


@admin.register(ProviderCall)
class ProviderCallAdmin(admin.ModelAdmin):
    """The log of paid provider calls: read-only, for watching latency, usage and failures."""

    list_display = ["created_at", "provider", "model", "operation", "status", "latency_ms",
                    "input_tokens", "output_tokens", "error"]
    list_filter = ["provider", "model", "status", "operation", "created_at"]
    search_fields = ["model", "operation", "error"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
