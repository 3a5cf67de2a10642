"""Start-up checks: a missing or inconsistent production setting stops the service here,
with a message naming the variable, instead of failing later inside a job."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.compatibility)
def environment_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors = [
        checks.Error(message, hint=f"Fix the environment variable {name}.", id="core.E001")
        for name, message in settings.SETTINGS_ERRORS
    ]
    if settings.JOB_RUNNER == "celery" and not settings.REDIS_URL:
        errors.append(checks.Warning(
            "Jobs run on Celery but the channel layer is in memory, so pages get no live "
            "updates from workers (they fall back to polling).",
            hint="Set REDIS_URL so channels-redis carries job events.", id="core.W001",
        ))
    return errors


@checks.register(checks.Tags.compatibility)
def openai_models_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Warn when a configured OpenAI model is one the pinned openai SDK lists as deprecated:
    one warning per model, naming every variable that holds it and the shutdown date."""
    from datetime import date

    from core.model_deprecations import configured_models, deprecation_of

    holders: dict[str, list[str]] = {}
    for name, model in configured_models().items():
        holders.setdefault(model, []).append(name)
    warnings = []
    for model, names in holders.items():
        deprecation = deprecation_of(model)
        if deprecation is None:
            continue
        shutdown = deprecation.shutdown
        status = ("is no longer offered" if shutdown is None else
                  f"was shut down on {shutdown.isoformat()}, so every call to it fails"
                  if deprecation.gone(date.today()) else f"shuts down on {shutdown.isoformat()}")
        warnings.append(checks.Warning(
            f"{', '.join(names)} = {model!r}: the openai SDK lists this model as deprecated; "
            f"it {status}.",
            hint=f"Set {', '.join(names)} to a current model. The SDK says: "
                 f"{deprecation.note.split(' See ')[0]}", id="core.W030"))
    return warnings


@checks.register("cloud")
def storage_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """With GS_BUCKET_NAME set, the bucket must exist, these credentials must reach it, and
    they must be able to sign a media URL (every URL handed out is a signed one)."""
    if not settings.GS_BUCKET_NAME or _reported("GS_CREDENTIALS",
                                                "GOOGLE_APPLICATION_CREDENTIALS"):
        return []
    from django.core.files.storage import storages
    from storages.backends.gcloud import GoogleCloudStorage

    from core.cloud_storage import sign_probe

    storage = storages["default"]
    if not isinstance(storage, GoogleCloudStorage):
        return []
    name = settings.GS_BUCKET_NAME
    problem = _bucket_problem(storage, timeout=settings.GS_CHECK_TIMEOUT_SECONDS)
    if problem is not None:
        message, hint = problem
        return [checks.Error(f"GS_BUCKET_NAME={name!r}: {message}", hint=hint, id="core.E010")]
    problem = sign_probe(storage)
    if problem is not None:
        message, hint = problem
        return [checks.Error(f"GS_BUCKET_NAME={name!r}: media URLs cannot be signed: "
                             f"{message}", hint=hint, id="core.E011")]
    return []


def _reported(*names: str) -> bool:
    # A key file that could not be loaded is already core.E001; asking Google without it
    # would only add a second, vaguer error.
    return any(name in names for name, _ in settings.SETTINGS_ERRORS)


def _bucket_problem(storage: Any, *, timeout: float) -> tuple[str, str] | None:
    from core.cloud_storage import storage_problem

    try:
        if storage.bucket.exists(timeout=timeout, retry=None):
            return None
    except Exception as exc:  # described for people by storage_problem
        return storage_problem(exc)
    return ("the bucket does not exist.",
            "Create it, or set GS_BUCKET_NAME (and GS_PROJECT_ID) to an existing bucket.")


@checks.register("cloud")
def backends_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Each configured provider backend is of the kind its entry is for (the base class its
    app registered), every registered kind has an entry, and each backend checks the settings
    it needs (settings_check)."""
    from core.backends import backend_class, backend_kinds

    kinds = backend_kinds()
    errors: list[checks.CheckMessage] = []
    for kind in settings.AI_BACKENDS:
        if kind not in kinds:
            errors.append(checks.Error(
                f"AI_BACKENDS[{kind!r}]: no installed app uses a {kind!r} backend.",
                hint=f"Check the spelling; the kinds are {', '.join(sorted(kinds))}.",
                id="core.E003"))
            continue
        try:
            cls = backend_class(kind, kinds[kind])
        except ImproperlyConfigured as exc:
            errors.append(checks.Error(str(exc), id="core.E002"))
        else:
            errors += cls.settings_check()
    errors += [checks.Error(f"AI_BACKENDS has no {kind!r} entry; it needs a "
                            f"{base.__module__}.{base.__qualname__}.", id="core.E004")
               for kind, base in kinds.items() if kind not in settings.AI_BACKENDS]
    return errors
