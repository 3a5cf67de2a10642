from __future__ import annotations

from django.apps import AppConfig


class CaptioningConfig(AppConfig):
    name = "captioning"

    def ready(self) -> None:
        from captioning.backends.base import Captioner
        from core.backends import backend_kind_register

        backend_kind_register("captioning", Captioner)
