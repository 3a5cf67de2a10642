"""One ProviderCall row for every request to a paid AI provider, whatever its outcome.

    with provider_call("vertex", model="lyria-002", operation="predict") as call:
        response = client.predict(...)
        call.usage({"input_tokens": 12})

The row is written when the block ends: succeeded, failed (with the message a person would
see) or cancelled, with the block's latency. Writing it never breaks the work it describes:
a failure to save is logged and swallowed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from core.backends import BackendError
from core.job_errors import JobCancelled
from core.models import ProviderCall

log = logging.getLogger(__name__)

_current: ContextVar[CallRecord | None] = ContextVar("provider_call", default=None)


@dataclass
class CallRecord:
    provider: str
    operation: str
    model: str = ""
    input_tokens: int | None = None
    output_tokens: int | None = None

    def usage(self, usage: Any) -> None:
        """Take token counts from a usage object or dict, in OpenAI's either naming."""
        if usage is None:
            return
        for attribute, names in (("input_tokens", ("prompt_tokens", "input_tokens")),
                                 ("output_tokens", ("completion_tokens", "output_tokens"))):
            for name in names:
                value = usage.get(name) if isinstance(usage, dict) else getattr(usage, name, None)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    setattr(self, attribute, int(value))
                    break


def current_call() -> CallRecord | None:
    """The call being made in this thread, if any (for transport hooks that fill in usage)."""
    return _current.get()


@contextmanager
def provider_call(provider: str, *, operation: str, model: str = "") -> Iterator[CallRecord]:
    record = CallRecord(provider=provider, operation=operation, model=model)
    token = _current.set(record)
    started = time.monotonic()
    status, error = ProviderCall.Status.SUCCEEDED, ""
    try:
        yield record
    except JobCancelled:
        status = ProviderCall.Status.CANCELLED
        raise
    except BaseException as exc:
        status, error = ProviderCall.Status.FAILED, _describe(exc)
        raise
    finally:
        _current.reset(token)
        _save(record, status=status, error=error,
              latency_ms=round((time.monotonic() - started) * 1000))


def _describe(exc: BaseException) -> str:
    if isinstance(exc, BackendError):
        return exc.message
    text = str(exc)
    return f"{type(exc).__name__}: {text}"[:2000] if text else type(exc).__name__


def _save(record: CallRecord, *, status: str, error: str, latency_ms: int) -> None:
    try:
        ProviderCall.objects.create(
            provider=record.provider, model=record.model[:128], operation=record.operation[:64],
            latency_ms=latency_ms, input_tokens=record.input_tokens,
            output_tokens=record.output_tokens, status=status, error=error)
    except Exception:
        log.warning("could not record the %s %s call", record.provider, record.operation,
                    exc_info=True)
