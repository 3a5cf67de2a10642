from __future__ import annotations

from django.apps import AppConfig


class MusicConfig(AppConfig):
    name = "music"

    def ready(self) -> None:
        # Registers the Vertex AI live probes with `manage.py providers_check`.
        from music.backends import vertex_checks  # noqa: F401
