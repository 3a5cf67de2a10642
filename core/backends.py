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
from django.core.checks import CheckMessage
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

    @classmethod
    def settings_check(cls) -> list[CheckMessage]:
        """What is wrong with the settings this backend needs, run as a system check; none
        here. (Not `check`: a moderator's `check(text)` is its job.)"""
        return []


@functools.cache
def backend(kind: str) -> Any:
    cls = backend_class(kind)
    return cls(**settings.AI_BACKENDS[kind].get("OPTIONS", {}))


def backend_class(kind: str) -> type[Backend]:
    """The class AI_BACKENDS[kind] names; ImproperlyConfigured naming the setting if none."""
    try:
        path = settings.AI_BACKENDS[kind]["BACKEND"]
    except KeyError:
        raise ImproperlyConfigured(f"AI_BACKENDS has no {kind!r} entry.") from None
    try:
        return import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"AI_BACKENDS[{kind!r}]['BACKEND'] = {path!r} could not be imported: {exc}") from exc


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
