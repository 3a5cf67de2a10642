"""The one place that builds the OpenAI client, for every OpenAI backend of the project.

The SDK itself retries 408/409/429/5xx, timeouts and dropped connections OPENAI_MAX_RETRIES
times with exponential backoff and jitter (0.5 s doubling, at most 8 s), waiting instead as
long as a Retry-After / retry-after-ms header asks when that is at most two minutes. What
still fails becomes a BackendError whose message says what a person can do, with `permanent`
set when retrying cannot help. Every call made inside `openai_errors` is logged as a
ProviderCall (latency, outcome, and the model and token usage read from the answer).
Messages are said in the active language (a job's runner speaks its owner's); `service` may be
a lazy translation ("the captioning service").

    with openai_errors("the captioning service", model=model, operation="caption"):
        completion = openai_client().chat.completions.create(model=model, ...)

Chat answers go through `openai_chat_answer` (it reads why each answer ended) and pictures
through `openai_image_png` (its own timeout, at most one retry).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import gettext as _

from core.backends import BackendError
from core.provider_calls import CallRecord, current_call, provider_call

T = TypeVar("T")

# Connecting should be quick even when an answer legitimately takes a minute.
CONNECT_TIMEOUT_SECONDS = 10.0
IMAGE_SIZE = "1536x1024"


@functools.cache
def openai_client() -> Any:
    import openai  # imported here: only the OpenAI backends need the SDK

    if not settings.OPENAI_API_KEY:
        raise BackendError(_("OpenAI is not configured: set OPENAI_API_KEY (or choose the "
                             "offline engines by leaving it unset everywhere)."), permanent=True)
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
    with provider_call("openai", model=model, operation=operation or str(service)) as call:
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

    who = {"who": _who(service)}
    if isinstance(exc, openai.AuthenticationError):
        return BackendError(_("%(who)s rejected the API key; check OPENAI_API_KEY.") % who,
                            permanent=True)
    if isinstance(exc, openai.PermissionDeniedError):
        return BackendError(_("%(who)s refused access for this API key (permission denied): "
                              "%(detail)s") % {**who, "detail": _detail(exc)}, permanent=True)
    if isinstance(exc, openai.NotFoundError):
        return BackendError(_not_found(who["who"], model), permanent=True)
    if isinstance(exc, openai.BadRequestError | openai.UnprocessableEntityError):
        return BackendError(_("%(who)s could not accept this request: %(detail)s")
                            % {**who, "detail": _detail(exc)}, permanent=True)
    if isinstance(exc, openai.RateLimitError):
        if _code(exc) == "insufficient_quota":
            return BackendError(_("%(who)s has run out of credit on this OpenAI account; add "
                                  "credit or use another OPENAI_API_KEY.") % who,
                                permanent=True)
        return BackendError(_("%(who)s is busy (rate limited); we will try again shortly.")
                            % who)
    if isinstance(exc, openai.APITimeoutError):
        return BackendError(_("%(who)s did not answer in time.") % who)
    if isinstance(exc, openai.APIConnectionError):
        return BackendError(_("%(who)s could not be reached; check the network and "
                              "OPENAI_BASE_URL.") % who)
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        return BackendError(_("%(who)s had a problem (HTTP %(status)s).")
                            % {**who, "status": status},
                            permanent=status < 500 and status not in {408, 409, 429})
    if isinstance(exc, openai.APIResponseValidationError):
        return BackendError(_("%(who)s sent an answer we could not read.") % who)
    if isinstance(exc, openai.LengthFinishReasonError):
        return BackendError(_("%(who)s ran out of room before finishing its answer.") % who)
    if isinstance(exc, openai.ContentFilterFinishReasonError):
        return BackendError(_("%(who)s declined this content under its safety rules.") % who,
                            permanent=True)
    if isinstance(exc, openai.OpenAIError):
        return BackendError(_("%(who)s is not set up correctly: %(detail)s")
                            % {**who, "detail": exc}, permanent=True)
    return None


def _not_found(who: str, model: str) -> str:
    if not model:
        return _("%(who)s could not find what we asked for; check OPENAI_BASE_URL.") % {
            "who": who}
    from datetime import date

    from core.model_deprecations import deprecation_of, settings_naming

    where = _(" or ").join(settings_naming(model)) or _("the model setting")
    named = {"who": who, "model": repr(model), "where": where}
    gone = deprecation_of(model)
    if gone is not None and gone.gone(date.today()):
        return _("%(who)s no longer offers the model %(model)s (%(note)s) Set %(where)s to a "
                 "current model.") % {**named, "note": gone.note.split(" See ")[0]}
    return _("%(who)s could not find the model %(model)s; check %(where)s and "
             "OPENAI_BASE_URL.") % named


def _who(service: str) -> str:
    service = str(service)
    return service[:1].upper() + service[1:]


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
    return _("the request was rejected.")


class _CutShort(BackendError):
    """The answer stopped at the token allowance (finish_reason "length")."""


def openai_chat_answer(*, service: str, operation: str, model: str,
                       messages: list[dict[str, Any]], max_completion_tokens: int, refused: str,
                       response_format: dict[str, Any] | None = None,
                       read: Callable[[str], T] = str) -> T:
    """One chat completion's text, passed through `read`, once we know why the answer ended.

    A refusal or a stop by the content filter fails permanently with `refused` (kind words
    for people). An answer cut off by length is asked again once with twice the allowance,
    then fails with a clear message. `read` (parsing, checking) runs inside the logged call,
    so an answer it rejects counts as a failed call. Only what GPT-5 and o-series models
    accept is sent: `max_completion_tokens` (their reasoning counts against it), no
    `max_tokens`, no temperature.
    """
    extra = {"response_format": response_format} if response_format else {}
    budget = max_completion_tokens
    for _attempt in range(2):
        try:
            with openai_errors(service, model=model, operation=operation):
                completion = openai_client().chat.completions.create(
                    model=model, messages=messages, max_completion_tokens=budget, **extra)
                return read(_content(completion, service=service, refused=refused,
                                     budget=budget))
        except _CutShort:
            budget *= 2
    raise BackendError(_("%(who)s ran out of room before finishing its answer, even when "
                         "given more. Please try again; a shorter text may help.")
                       % {"who": _who(service)}, permanent=True)


def _content(completion: Any, *, service: str, refused: str, budget: int) -> str:
    if not completion.choices:
        raise BackendError(_("%(who)s sent an answer we could not read.")
                           % {"who": _who(service)})
    choice = completion.choices[0]
    if choice.message.refusal or choice.finish_reason == "content_filter":
        raise BackendError(refused, permanent=True)
    if choice.finish_reason == "length":
        raise _CutShort(f"{_who(service)} stopped at its allowance of {budget} tokens.")
    return choice.message.content or ""


def _image_client() -> Any:
    import openai

    # A picture can take minutes, and every attempt may be billed: a longer timeout than
    # text calls, and at most one retry.
    timeout = settings.OPENAI_IMAGE_TIMEOUT_SECONDS
    return openai_client().with_options(
        timeout=openai.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT_SECONDS)),
        max_retries=min(1, settings.OPENAI_MAX_RETRIES))


def openai_image_png(*, service: str, operation: str, prompt: str,
                     options: dict[str, Any]) -> bytes:
    """One generated picture as PNG bytes, for every image-making OpenAI backend.

    options: "model" (default OPENAI_IMAGE_MODEL) and "size" (default 1536x1024, a size
    every GPT image model takes). GPT image models always answer in base64 and refuse a
    response_format, so none is sent.
    """
    import openai

    model = options.get("model") or settings.OPENAI_IMAGE_MODEL
    try:
        with openai_errors(service, model=model, operation=operation):
            response = _image_client().images.generate(
                model=model, prompt=prompt, n=1, size=options.get("size", IMAGE_SIZE))
    except BackendError as exc:
        if isinstance(exc.__cause__, openai.APITimeoutError):
            # Not retried by the job either: each attempt may have made, and billed, a picture.
            raise BackendError(
                _("%(who)s did not finish the picture within %(seconds)s seconds. Please try "
                  "again later.") % {"who": _who(service),
                                     "seconds": f"{settings.OPENAI_IMAGE_TIMEOUT_SECONDS:g}"},
                permanent=True) from exc
        raise
    return _as_png(service, response)


def _as_png(service: str, response: Any) -> bytes:
    import base64
    import binascii
    import io

    from PIL import Image, UnidentifiedImageError

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
        raise BackendError(_("%(who)s sent back something that is not a picture.")
                           % {"who": _who(service)}) from exc
