"""Which table holds each kind of job: the concrete Job models, found once the apps are loaded.

A model registers by being a concrete subclass of core.models.Job in an installed app; its
`kind` (what the API and the job.update events call it) is its key, so two models of one kind
are a mistake caught at the first look-up.
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from core.models import Job


@cache
def _by_kind() -> dict[str, type[Job]]:
    # Cached only once it succeeds: before the app registry is ready, get_models raises.
    registry: dict[str, type[Job]] = {}
    for model in apps.get_models():
        if not issubclass(model, Job):
            continue
        if model.kind in registry:
            raise ImproperlyConfigured(
                f"{model._meta.label} and {registry[model.kind]._meta.label} both have "
                f"kind {model.kind!r}; give each job model its own.")
        registry[model.kind] = model
    return registry


def job_models() -> list[type[Job]]:
    """Every concrete job model."""
    return list(_by_kind().values())


def job_model(kind: str) -> type[Job] | None:
    """The job model of this kind; None for a kind no installed app has."""
    return _by_kind().get(kind)
