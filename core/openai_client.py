"""The one place that builds the OpenAI client, for every OpenAI backend of the project.

The SDK itself retries 408/409/429/5xx, timeouts and dropped connections OPENAI_MAX_RETRIES
times with exponential backoff and jitter (0.5 s doubling, at most 8 s), waiting instead as
long as a Retry-After / retry-after-ms header asks when that is at most two minutes. What
still fails becomes a BackendError whose message says what a person can do, with `permanent`
set when retrying cannot help. Every call made inside `openai_errors` is logged as a
ProviderCall (latency, outcome, and the model and token usage read from the answer).

    with openai_errors("the captioning service", model=model, operation="caption"):
        completion = openai_client().chat.completions.create(model=model, ...)
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from core.backends import BackendError
from core.provider_calls import CallRecord, current_call, provider_call

# Connecting should be quick even when an answer legitimately takes a minute.
CONNECT_TIMEOUT_SECONDS = 10.0


@functools.cache
def openai_client() -> Any:
    import openai  # imported here: only the OpenAI backends need the SDK

    if not settings.OPENAI_API_KEY:
        raise BackendError("OpenAI is not configured: set OPENAI_API_KEY (or choose the offline "
                           "engines by leaving it unset everywhere).", permanent=True)
    timeout = settings.OPENAI_TIMEOUT_SECONDS
    return openai.OpenAI(
        api_key=settings.OPENAI_API_KEY,
        base_url=settings.OPENAI_BASE_URL.strip().rstrip("/") or None,
        timeout=openai.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT_SECONDS)),
        max_retries=settings.OPENAI_MAX_RETRIES,
        http_client=openai.DefaultHttpxClient(event_hooks={"response": [_note_usage]}),
    )


@receiver(setting_changed)
def _reset_client(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("OPENAI_"):
        openai_client.cache_clear()


def _note_usage(response: Any) -> None:
    # Fills in the model and token counts of the ProviderCall being made, from the JSON
    # answer; streamed and binary answers (audio, files) are left unread.
    call = current_call()
    if call is None or "json" not in response.headers.get("content-type", ""):
        return
    response.read()
    try:
        body = json.loads(response.content)
    except ValueError:
        return
    if isinstance(body, dict):
        call.model = call.model or str(body.get("model") or "")
        call.usage(body.get("usage"))


@contextmanager
def openai_errors(service: str, *, model: str = "", operation: str = "") -> Iterator[CallRecord]:
    """Turn the SDK's exceptions into BackendErrors and log the call as a ProviderCall.

    `service` names it for people ("the captioning service"); `operation` (default: the
    service) and `model` label the log row.
    """
    with provider_call("openai", model=model, operation=operation or service) as call:
        try:
            yield call
        except BackendError:
            raise
        except Exception as exc:
            error = _backend_error(service, exc, model)
            if error is None:
                raise
            raise error from exc


def _backend_error(service: str, exc: Exception, model: str) -> BackendError | None:
    import openai

    who = service[:1].upper() + service[1:]
    if isinstance(exc, openai.AuthenticationError):
        return BackendError(f"{who} rejected the API key; check OPENAI_API_KEY.",
                            permanent=True)
    if isinstance(exc, openai.PermissionDeniedError):
        return BackendError(f"{who} refused access for this API key (permission denied): "
                            f"{_detail(exc)}", permanent=True)
    if isinstance(exc, openai.NotFoundError):
        what = f"the model {model!r}" if model else "what we asked for"
        return BackendError(f"{who} could not find {what}; check the model setting and "
                            "OPENAI_BASE_URL.", permanent=True)
    if isinstance(exc, openai.BadRequestError | openai.UnprocessableEntityError):
        return BackendError(f"{who} could not accept this request: {_detail(exc)}",
                            permanent=True)
    if isinstance(exc, openai.RateLimitError):
        if _code(exc) == "insufficient_quota":
            return BackendError(f"{who} has run out of credit on this OpenAI account; add "
                                "credit or use another OPENAI_API_KEY.", permanent=True)
        return BackendError(f"{who} is busy (rate limited); we will try again shortly.")
    if isinstance(exc, openai.APITimeoutError):
        return BackendError(f"{who} did not answer in time.")
    if isinstance(exc, openai.APIConnectionError):
        return BackendError(f"{who} could not be reached; check the network and "
                            "OPENAI_BASE_URL.")
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        return BackendError(f"{who} had a problem (HTTP {status}).",
                            permanent=status < 500 and status not in {408, 409, 429})
    if isinstance(exc, openai.APIResponseValidationError):
        return BackendError(f"{who} sent an answer we could not read.")
    if isinstance(exc, openai.LengthFinishReasonError):
        return BackendError(f"{who} ran out of room before finishing its answer.")
    if isinstance(exc, openai.ContentFilterFinishReasonError):
        return BackendError(f"{who} declined this content under its safety rules.",
                            permanent=True)
    if isinstance(exc, openai.OpenAIError):
        return BackendError(f"{who} is not set up correctly: {exc}", permanent=True)
    return None


def _code(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        return str(body.get("code") or (body.get("error") or {}).get("code") or "")
    return ""


def _detail(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        message = body.get("message") or (body.get("error") or {}).get("message")
        if message:
            return str(message)
    return "the request was rejected."


def openai_image_png(*, service: str, operation: str, prompt: str,
                     options: dict[str, Any]) -> bytes:
    """One generated picture as PNG bytes, for every image-making OpenAI backend.

    options: "model" (gpt-image-1 by default; dall-e-3 works too) and "size".
    """
    import base64
    import binascii
    import io

    from PIL import Image, UnidentifiedImageError

    model = options.get("model", "gpt-image-1")
    extra = {"response_format": "b64_json"} if model.startswith("dall-e") else {}
    with openai_errors(service, model=model, operation=operation):
        response = openai_client().images.generate(
            model=model, prompt=prompt, n=1, size=options.get("size", "1536x1024"), **extra)
    try:
        data = base64.b64decode(response.data[0].b64_json or "", validate=True)
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            if image.format == "PNG":
                return data
            out = io.BytesIO()
            image.convert("RGB").save(out, format="PNG")
            return out.getvalue()
    except (IndexError, AttributeError, TypeError, ValueError, binascii.Error, OSError,
            UnidentifiedImageError) as exc:
        raise BackendError(f"{service.capitalize()} sent back something that is not a "
                           "picture.") from exc
