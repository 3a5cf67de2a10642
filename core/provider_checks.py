"""One tiny, cheap call per configured provider, for `manage.py providers_check`: a deployer
with real keys learns in seconds whether each one works, and what to change if not.

- OpenAI (OPENAI_API_KEY set): every configured model exists for this key (models.retrieve),
  and one moderation of one word.
- Cloud Storage (GS_BUCKET_NAME set): a probe object is written, its URL signed, fetched
  through that URL and deleted.
- Vertex AI (VERTEX_PROJECT set, registered by music.backends.vertex_checks): the music
  model's Model Garden entry can be read and, for the pipeline composer, the pipeline
  template loads and the pipeline jobs API answers. Nothing is generated.

Each check is a CheckResult; `fix` says what to do when it failed (or notes what was seen).
Provider SDKs are imported only inside the functions that use them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

PROBE_TIMEOUT_SECONDS = 15.0
OPENAI_MODEL_SETTINGS = ("OPENAI_CAPTION_MODEL", "OPENAI_INTERPRETATION_MODEL",
                         "OPENAI_DREAM_STORY_MODEL", "OPENAI_STORY_MODEL", "OPENAI_IMAGE_MODEL",
                         "OPENAI_TRANSCRIPTION_MODEL", "OPENAI_MODERATION_MODEL")


@dataclass(frozen=True)
class CheckResult:
    provider: str
    check: str
    ok: bool
    fix: str = ""


def run_checks() -> list[CheckResult]:
    """The settings errors, then the checks of every configured provider, in order."""
    found = [CheckResult("settings", name, False, message)
             for name, message in settings.SETTINGS_ERRORS]
    return [*found, *openai_checks(), *storage_checks(),
            *(result for probe in _probes for result in probe())]


# An app's providers add their checks here (music: Vertex AI), so core need not know them.
_probes: list[Callable[[], list[CheckResult]]] = []


def provider_probe(probe: Callable[[], list[CheckResult]]) -> Callable[[], list[CheckResult]]:
    """Register `probe()` (a list of CheckResult) with `manage.py providers_check`."""
    if probe not in _probes:
        _probes.append(probe)
    return probe


def _attempt(call: Callable[[], Any]) -> Exception | None:
    try:
        call()
    except Exception as exc:  # every failure is reported, with its fix, in the table
        return exc
    return None


# OpenAI ----------------------------------------------------------------------------------------

def openai_checks() -> list[CheckResult]:
    if not settings.OPENAI_API_KEY:
        return []
    from core.openai_client import openai_client

    client = openai_client().with_options(timeout=PROBE_TIMEOUT_SECONDS, max_retries=1)
    results: list[CheckResult] = []
    seen: dict[str, Exception | None] = {}
    for name in OPENAI_MODEL_SETTINGS:
        model = getattr(settings, name)
        if model not in seen:  # one call per distinct model
            seen[model] = _attempt(lambda model=model: client.models.retrieve(model))
        results.append(_openai_result(f"model {model} ({name})", seen[model], name, model))
    model = settings.OPENAI_MODERATION_MODEL
    problem = _attempt(lambda: client.moderations.create(model=model, input="hello"))
    results.append(_openai_result("moderation of one word", problem,
                                  "OPENAI_MODERATION_MODEL", model))
    return results


def _openai_result(check: str, problem: Exception | None, setting: str,
                   model: str) -> CheckResult:
    if problem is None:
        return CheckResult("OpenAI", check, True)
    return CheckResult("OpenAI", check, False, openai_fix(problem, setting=setting, model=model))


def openai_fix(exc: Exception, *, setting: str, model: str) -> str:
    import openai

    if isinstance(exc, openai.AuthenticationError):
        return "OpenAI rejected the API key: set OPENAI_API_KEY to a valid key."
    if isinstance(exc, openai.NotFoundError):
        return (f"OpenAI has no model {model!r} for this key: set {setting} to a model the "
                "account lists (GET /v1/models), or check OPENAI_BASE_URL.")
    if isinstance(exc, openai.PermissionDeniedError):
        return (f"This key may not use {model!r}: allow the model in the OpenAI project's "
                f"settings, or set {setting} to another one.")
    if isinstance(exc, openai.RateLimitError):
        body = exc.body if isinstance(exc.body, dict) else {}
        if body.get("code") == "insufficient_quota":
            return "The OpenAI account has no credit left: add credit, or use another key."
        return "OpenAI is rate limiting this key: try again in a minute."
    if isinstance(exc, openai.APIConnectionError):  # timeouts too
        return "OpenAI could not be reached: check the network and OPENAI_BASE_URL."
    if isinstance(exc, openai.APIStatusError):
        return f"OpenAI answered HTTP {exc.status_code}: {exc.message}"
    return f"{type(exc).__name__}: {exc}"


# Cloud Storage ----------------------------------------------------------------------------------

def storage_checks() -> list[CheckResult]:
    key_variables = {"GS_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS"}
    if not settings.GS_BUCKET_NAME or key_variables & {n for n, _ in settings.SETTINGS_ERRORS}:
        return []  # an unreadable key file is already a settings row
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    from core.cloud_storage import signing_problem, storage_problem
    from core.errors import StorageUnavailable

    storage = storages["default"]
    payload = f"Reverie providers_check {uuid.uuid4()}".encode()
    try:
        name = storage.save(f"providers-check/{uuid.uuid4().hex}.txt", ContentFile(payload))
    except Exception as exc:  # described for people by storage_problem
        # The media storage says "unavailable" to visitors; the deployer needs its cause.
        cause = exc.__cause__ if isinstance(exc, StorageUnavailable) and exc.__cause__ else exc
        return [_storage_result("write a probe object", storage_problem(cause))]
    results = [CheckResult("Cloud Storage", f"write a probe object ({name})", True)]
    try:
        url = storage.url(name)
    except Exception as exc:
        url = ""
        results.append(_storage_result("sign its URL", signing_problem(exc)))
    else:
        results.append(CheckResult("Cloud Storage", "sign its URL", True))
        results.append(_storage_result("fetch it through the signed URL",
                                       _fetch_problem(url, payload)))
    try:
        storage.delete(name)
        gone = None if not storage.exists(name) else (
            "the probe object is still there after deleting it.",
            "Grant the service account Storage Object Admin (roles/storage.objectAdmin).")
    except Exception as exc:
        gone = storage_problem(exc)
    results.append(_storage_result("delete it", gone))
    return results


def _storage_result(check: str, problem: tuple[str, str] | None) -> CheckResult:
    if problem is None:
        return CheckResult("Cloud Storage", check, True)
    message, hint = problem
    return CheckResult("Cloud Storage", check, False, f"{message[:1].upper()}{message[1:]} {hint}")


def _fetch_problem(url: str, payload: bytes) -> tuple[str, str] | None:
    import requests

    try:
        response = requests.get(url, timeout=PROBE_TIMEOUT_SECONDS)
    except requests.RequestException as exc:
        return (f"the signed URL could not be fetched ({type(exc).__name__}).",
                "Check that this machine reaches the URL's host (STORAGE_EMULATOR_HOST for the "
                "emulator).")
    if response.status_code != 200:
        return (f"the signed URL answered HTTP {response.status_code}.",
                "The signature did not verify: check GS_SA_EMAIL (the account that signs), "
                "the key file, and that this machine's clock is right.")
    if response.content != payload:
        return ("the signed URL answered other bytes than were written.",
                "Check GS_BUCKET_NAME and STORAGE_EMULATOR_HOST: they point at another store.")
    return None


# The table ---------------------------------------------------------------------------------------

def format_table(results: list[CheckResult], *, width: int = 100) -> str:
    """provider / check / OK|FAILED / fix; a fix that does not fit beside the row is wrapped
    on the lines under it."""
    import textwrap

    rows = [("provider", "check", "result", "fix")] + [
        (r.provider, r.check, "OK" if r.ok else "FAILED", r.fix) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    indent = sum(widths) + 6
    beside = width - indent >= 40
    lines = []
    for row in rows:
        head = "  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True))
        if beside:
            fix = textwrap.wrap(row[3], width - indent) or [""]
            lines.append(f"{head}  {fix[0]}".rstrip())
            lines += [" " * indent + more for more in fix[1:]]
        else:
            lines.append(head.rstrip() if row[3] != "fix" else f"{head}  fix")
            lines += ["    " + more for more in textwrap.wrap(row[3], width - 4)
                      if row[3] != "fix"]
    return "\n".join(lines)
