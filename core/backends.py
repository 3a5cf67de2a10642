"""The one pattern for every AI provider: a setting names a class, a loader builds it once.

    AI_BACKENDS = {"music": {"BACKEND": "music.backends.offline.OfflineComposer",
                             "OPTIONS": {}}}

`backend("music")` imports the class, instantiates it with OPTIONS and caches the instance;
the cache is dropped when AI_BACKENDS changes (override_settings in tests).
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

# Every backend raises the one provider-neutral error; it lives with the other domain errors.
from core.errors import BackendError

__all__ = ["Backend", "BackendError", "backend", "backends_warm_up"]

log = logging.getLogger(__name__)


class Backend:
    """Base class of every provider backend: one job, options from settings."""

    #: a short name recorded on what the backend made ("offline", "openai", …)
    provider: str = "unknown"

    def __init__(self, **options: Any) -> None:
        self.options = options

    def warm_up(self, *, background: bool = False) -> None:
        """Build now what the first call would otherwise build (a process that runs jobs calls
        this as it starts); `background`: without holding up the caller. Default: nothing."""


@functools.cache
def backend(kind: str) -> Any:
    try:
        config = settings.AI_BACKENDS[kind]
    except KeyError:
        raise ImproperlyConfigured(f"AI_BACKENDS has no {kind!r} entry.") from None
    cls = import_string(config["BACKEND"])
    return cls(**config.get("OPTIONS", {}))


def backends_warm_up(*, background: bool = False) -> None:
    """Warm up every configured backend; one that fails to is logged, never fatal."""
    for kind in settings.AI_BACKENDS:
        try:
            backend(kind).warm_up(background=background)
        except Exception:
            log.warning("the %s backend could not warm up", kind, exc_info=True)


@receiver(setting_changed)
def _reset_backends(*, setting: str, **kwargs: Any) -> None:
    if setting == "AI_BACKENDS":
        backend.cache_clear()
