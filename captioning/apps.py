from __future__ import annotations

from django.apps import AppConfig


class CaptioningConfig(AppConfig):
    name = "captioning"
