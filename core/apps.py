from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Reverie core"

    def ready(self) -> None:
        from core import checks, ownership, schema  # noqa: F401  (registers them)
        from core.backends import backend_kind_register
        from core.contracts import Moderator, Transcriber

        backend_kind_register("transcription", Transcriber)
        backend_kind_register("moderation", Moderator)
