"""The one pattern for every AI provider: a setting names a class, a loader builds it once.

    AI_BACKENDS = {"music": {"BACKEND": "music.backends.offline.OfflineComposer",
                             "OPTIONS": {}}}

`backend("music", Composer)` imports the class, checks it is a Composer, instantiates it with
OPTIONS and caches the instance; the cache is dropped when AI_BACKENDS changes
(override_settings in tests). Each kind's base class is an ABC whose one job method is
abstract, so a backend that forgets it fails when it is built, not when it is first called.

The app that defines a kind's base class registers it as it starts
(`backend_kind_register("music", Composer)` in its AppConfig.ready), so the start-up check
can tell a class of the wrong kind, or a kind nobody uses, without core importing the apps.
"""

from __future__ import annotations

import functools
import logging
from abc import ABC
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.checks import CheckMessage
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

# Every backend raises the one provider-neutral error; it lives with the other domain errors.
from core.errors import BackendError

__all__ = ["Backend", "BackendError", "backend", "backend_class", "backend_kind_register",
           "backend_kinds", "backends_reset", "backends_warm_up"]

log = logging.getLogger(__name__)

B = TypeVar("B", bound="Backend")


# An ABC without an abstract method of its own: each kind's base declares its one job.
class Backend(ABC):  # noqa: B024
    """Base class of every provider backend: one job, options from settings."""

    #: a short name recorded on what the backend made ("offline", "openai", …)
    provider: str = "unknown"

    def __init__(self, **options: Any) -> None:
        self.options = options

    def warm_up(self, *, background: bool = False) -> None:  # noqa: B027 (optional hook)
        """Build now what the first call would otherwise build (a process that runs jobs calls
        this as it starts); `background`: without holding up the caller. Default: nothing."""

    @classmethod
    def settings_check(cls) -> list[CheckMessage]:
        """What is wrong with the settings this backend needs, run as a system check; none
        here. (Not `check`: a moderator's `check(text)` is its job.)"""
        return []


_KINDS: dict[str, type[Backend]] = {}


def backend_kind_register(kind: str, base: type[Backend]) -> None:
    """Declare that AI_BACKENDS[kind] names a `base`; a second app claiming the kind with
    another base is a mistake, refused here."""
    known = _KINDS.setdefault(kind, base)
    if known is not base:
        raise ImproperlyConfigured(
            f"The backend kind {kind!r} is registered twice: as {known.__qualname__} and as "
            f"{base.__qualname__}.")


def backend_kinds() -> dict[str, type[Backend]]:
    """Each registered kind → the base class its backend must be."""
    return dict(_KINDS)


def backend(kind: str, base: type[B]) -> B:
    """The one instance of the `base` subclass AI_BACKENDS[kind] names."""
    backend_class(kind, base)  # fails, naming the setting, before anything is built
    return cast(B, _instance(kind))


@functools.cache
def _instance(kind: str) -> Backend:
    return backend_class(kind, Backend)(**settings.AI_BACKENDS[kind].get("OPTIONS", {}))


def backends_reset() -> None:
    """Forget every built backend; the next call builds it again from the settings."""
    _instance.cache_clear()


def backend_class(kind: str, base: type[B]) -> type[B]:
    """The class AI_BACKENDS[kind] names; ImproperlyConfigured naming the setting if there is
    none, it does not import, or it is not a `base`."""
    try:
        path = settings.AI_BACKENDS[kind]["BACKEND"]
    except KeyError:
        raise ImproperlyConfigured(f"AI_BACKENDS has no {kind!r} entry.") from None
    try:
        cls = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"AI_BACKENDS[{kind!r}]['BACKEND'] = {path!r} could not be imported: {exc}") from exc
    if not (isinstance(cls, type) and issubclass(cls, base)):
        raise ImproperlyConfigured(
            f"AI_BACKENDS[{kind!r}]['BACKEND'] = {path!r} is not a {base.__module__}."
            f"{base.__qualname__}.")
    return cls


def backends_warm_up(*, background: bool = False) -> None:
    """Warm up every configured backend; one that fails to is logged, never fatal."""
    for kind in settings.AI_BACKENDS:
        try:
            backend(kind, Backend).warm_up(background=background)
        except Exception:
            log.warning("the %s backend could not warm up", kind, exc_info=True)


@receiver(setting_changed)
def _reset_backends(*, setting: str, **kwargs: Any) -> None:
    if setting == "AI_BACKENDS":
        backends_reset()
