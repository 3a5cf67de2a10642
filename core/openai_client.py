"""The one place that builds the OpenAI client, for every OpenAI backend of the project.

The SDK itself retries 408/409/429/5xx and timeouts with exponential backoff and jitter,
honouring Retry-After (OPENAI_MAX_RETRIES times); what still fails becomes a BackendError
whose message says what a person can do, with `permanent` set when retrying cannot help.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from core.backends import BackendError


@functools.cache
def openai_client() -> Any:
    import openai  # imported here: only the OpenAI backends need the SDK

    return openai.OpenAI(
        api_key=settings.OPENAI_API_KEY or "missing-key",
        base_url=settings.OPENAI_BASE_URL or None,
        timeout=settings.OPENAI_TIMEOUT_SECONDS,
        max_retries=settings.OPENAI_MAX_RETRIES,
    )


@receiver(setting_changed)
def _reset_client(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("OPENAI_"):
        openai_client.cache_clear()


@contextmanager
def openai_errors(service: str) -> Iterator[None]:
    """Turn the SDK's exceptions into BackendErrors; `service` names it for people
    ("the captioning service")."""
    import openai

    try:
        yield
    except openai.AuthenticationError as exc:
        raise BackendError(f"{service.capitalize()} rejected the API key; check "
                           "OPENAI_API_KEY.", permanent=True) from exc
    except openai.PermissionDeniedError as exc:
        raise BackendError(f"{service.capitalize()} refused access for this API key "
                           "(permission denied).", permanent=True) from exc
    except openai.BadRequestError as exc:
        raise BackendError(f"{service.capitalize()} could not accept this request: "
                           f"{_detail(exc)}", permanent=True) from exc
    except openai.RateLimitError as exc:
        raise BackendError(f"{service.capitalize()} is busy (rate limited); we will try "
                           "again shortly.") from exc
    except openai.APITimeoutError as exc:
        raise BackendError(f"{service.capitalize()} did not answer in time.") from exc
    except openai.APIConnectionError as exc:
        raise BackendError(f"{service.capitalize()} could not be reached.") from exc
    except openai.APIStatusError as exc:
        raise BackendError(f"{service.capitalize()} had a problem "
                           f"(HTTP {exc.status_code}).", permanent=exc.status_code < 500
                           and exc.status_code not in {408, 409, 429}) from exc


def _detail(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        message = body.get("message") or (body.get("error") or {}).get("message")
        if message:
            return str(message)
    return "the request was rejected."
