from __future__ import annotations

from django.apps import AppConfig


class MusicConfig(AppConfig):
    name = "music"

    def ready(self) -> None:
        from core.backends import backend_kind_register
        from music.backends import vertex_checks  # noqa: F401  (the providers_check probes)
        from music.backends.base import Composer

        backend_kind_register("music", Composer)
