from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Reverie core"

    def ready(self) -> None:
        from core import checks, ownership, schema  # noqa: F401  (registers them)
