from __future__ import annotations

from django.apps import AppConfig


class DreamsConfig(AppConfig):
    name = "dreams"
