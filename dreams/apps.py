from __future__ import annotations

from django.apps import AppConfig


class DreamsConfig(AppConfig):
    name = "dreams"

    def ready(self) -> None:
        from core.backends import backend_kind_register
        from dreams.backends.base import DreamPainter, DreamStoryteller, Interpreter

        backend_kind_register("interpretation", Interpreter)
        backend_kind_register("dream_story", DreamStoryteller)
        backend_kind_register("dream_image", DreamPainter)
