"""The one pattern for every AI provider: a setting names a class, a loader builds it once.

    AI_BACKENDS = {"music": {"BACKEND": "music.backends.offline.OfflineComposer",
                             "OPTIONS": {}}}

`backend("music")` imports the class, instantiates it with OPTIONS and caches the instance;
the cache is dropped when AI_BACKENDS changes (override_settings in tests).
"""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

# Every backend raises the one provider-neutral error; it lives with the other domain errors.
from core.errors import BackendError

__all__ = ["Backend", "BackendError", "backend"]


class Backend:
    """Base class of every provider backend: one job, options from settings."""

    #: a short name recorded on what the backend made ("offline", "openai", …)
    provider: str = "unknown"

    def __init__(self, **options: Any) -> None:
        self.options = options


@functools.cache
def backend(kind: str) -> Any:
    try:
        config = settings.AI_BACKENDS[kind]
    except KeyError:
        raise ImproperlyConfigured(f"AI_BACKENDS has no {kind!r} entry.") from None
    cls = import_string(config["BACKEND"])
    return cls(**config.get("OPTIONS", {}))


@receiver(setting_changed)
def _reset_backends(*, setting: str, **kwargs: Any) -> None:
    if setting == "AI_BACKENDS":
        backend.cache_clear()
