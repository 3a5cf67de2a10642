"""Start-up checks: a missing or inconsistent production setting stops the service here,
with a message naming the variable, instead of failing later inside a job."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


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
