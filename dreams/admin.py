"""The symbol dictionary is curated here. Dreams themselves are private journals: they are not
in the admin at all, and the job tables show status and errors only, never a dream's words."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from core.admin import JobAdmin
from dreams.models import DreamJob, Symbol, Theme, TranscriptionJob


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "symbol_count"]
    search_fields = ["name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(symbol_total=Count("symbols"))

    @admin.display(description="Symbols", ordering="symbol_total")
    def symbol_count(self, theme: Any) -> int:
        return theme.symbol_total


@admin.register(Symbol)
class SymbolAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ko", "category", "theme_list", "alias_preview", "updated_at"]
    list_filter = ["category", "themes"]
    search_fields = ["name", "aliases", "text", "name_ko", "aliases_ko", "text_ko"]
    filter_horizontal = ["themes"]
    # The Korean entry is written for Korean dreams, not translated word by word: its own
    # fieldset beside the English one, edited in the same form.
    fieldsets = [
        (None, {"fields": ["name", "aliases", "category", "themes", "text"]}),
        ("Korean (한국어)", {"fields": ["name_ko", "aliases_ko", "text_ko"]}),
    ]
    ordering = ["name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("themes")

    @admin.display(description="Themes")
    def theme_list(self, symbol: Symbol) -> str:
        return ", ".join(theme.name for theme in symbol.themes.all())

    @admin.display(description="Aliases")
    def alias_preview(self, symbol: Symbol) -> str:
        aliases = symbol.alias_list
        return ", ".join(aliases[:4]) + ("…" if len(aliases) > 4 else "")


class _PrivateJobAdmin(JobAdmin):
    private: tuple[str, ...] = ()

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields if f.name not in self.private]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return self.get_fields(request, obj)


@admin.register(DreamJob)
class DreamJobAdmin(_PrivateJobAdmin):
    private = ("dream",)


@admin.register(TranscriptionJob)
class TranscriptionJobAdmin(_PrivateJobAdmin):
    private = ("text", "audio")
