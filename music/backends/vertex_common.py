"""What both Vertex AI composers share: connection settings, error mapping, and fitting a
rendered clip to the asked duration. Google's libraries are imported only inside functions."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.backends import BackendError
from core.isolation import IsolatedCrash, run_isolated
from music.sound import codec

log = logging.getLogger(__name__)

CROSSFADE_SECONDS = 2.0
FADE_OUT_SECONDS = 1.5


def api_endpoint() -> str:
    return settings.VERTEX_API_ENDPOINT or f"{settings.VERTEX_LOCATION}-aiplatform.googleapis.com"


def credentials() -> Any:
    # A plain-http endpoint is a local fake or emulator: never send it real credentials.
    if settings.VERTEX_API_ENDPOINT.startswith("http://"):
        from google.auth.credentials import AnonymousCredentials

        return AnonymousCredentials()
    return None  # Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, metadata)


def require_project() -> str:
    if not settings.VERTEX_PROJECT:
        raise BackendError(_("Vertex AI music is not configured: set VERTEX_PROJECT."),
                           permanent=True)
    return settings.VERTEX_PROJECT


SIGN_IN = gettext_noop("%(service)s could not sign in to Google Cloud; check "
                       "GOOGLE_APPLICATION_CREDENTIALS.")


@contextmanager
def vertex_errors(service: str) -> Iterator[None]:
    """Google API errors → BackendError; `service` names it for people ("The music service",
    maybe a lazy translation: the messages are said in the active language)."""
    import requests
    from google.api_core import exceptions as api
    from google.auth import exceptions as auth

    who = {"service": str(service)}
    try:
        yield
    except BackendError:
        raise
    except auth.DefaultCredentialsError as exc:
        raise BackendError(_("%(service)s found no Google Cloud credentials; set "
                             "GOOGLE_APPLICATION_CREDENTIALS.") % who, permanent=True) from exc
    except (api.Unauthenticated, api.Unauthorized, auth.RefreshError) as exc:
        raise BackendError(_(SIGN_IN) % who, permanent=True) from exc
    except (api.PermissionDenied, api.Forbidden) as exc:
        raise BackendError(_("%(service)s was refused: the service account needs the Vertex "
                             "AI User role on VERTEX_PROJECT (%(reason)s)")
                           % {**who, "reason": _reason(exc)}, permanent=True) from exc
    except api.NotFound as exc:
        raise BackendError(_("%(service)s could not find what it asked for (%(reason)s); "
                             "check VERTEX_PROJECT, VERTEX_LOCATION and VERTEX_MUSIC_MODEL.")
                           % {**who, "reason": _reason(exc)}, permanent=True) from exc
    except (api.InvalidArgument, api.BadRequest, api.FailedPrecondition) as exc:
        raise BackendError(_("%(service)s could not accept this request: %(reason)s")
                           % {**who, "reason": _reason(exc)}, permanent=True) from exc
    except api.TooManyRequests as exc:
        raise BackendError(_("%(service)s is busy (quota exhausted); we will try again "
                             "shortly.") % who) from exc
    except (api.RetryError, api.ServerError, api.DeadlineExceeded) as exc:
        raise BackendError(_("%(service)s had a temporary problem; we will try again.")
                           % who) from exc
    except api.GoogleAPICallError as exc:
        raise BackendError(_("%(service)s failed (HTTP %(status)s): %(reason)s")
                           % {**who, "status": exc.code, "reason": _reason(exc)},
                           permanent=bool(exc.code and 400 <= int(exc.code) < 500)) from exc
    except (auth.TransportError, ConnectionError, requests.RequestException) as exc:
        raise BackendError(_("%(service)s could not be reached; check the network and "
                             "VERTEX_API_ENDPOINT.") % who) from exc
    except auth.GoogleAuthError as exc:
        # e.g. a 401 to calls without credentials, which cannot then be refreshed
        raise BackendError(_(SIGN_IN) % who, permanent=True) from exc



def _reason(exc: Any) -> str:
    # REST errors read "POST https://…/v1/…:predict?$alt=json: <reason>"; people need the reason.
    return re.sub(r"^[A-Z]+ \S+: ", "", str(exc.message or "")) or _("no reason given")


def decode_wav(data: bytes, service: str) -> tuple[np.ndarray, int]:
    import soundfile

    try:  # libsndfile on bytes from the network: in a worker process, not this one
        audio, rate = run_isolated(codec.decode, data)
    except (RuntimeError, ValueError, soundfile.LibsndfileError, IsolatedCrash) as exc:
        raise BackendError(_("%(service)s sent audio we could not read.")
                           % {"service": service}, permanent=True) from exc
    if len(audio) == 0:
        raise BackendError(_("%(service)s sent an empty recording.") % {"service": service},
                           permanent=True)
    return audio, int(rate)


def fit_duration(audio: np.ndarray, rate: int, seconds: float) -> np.ndarray:
    """Exactly `seconds` long: a longer clip is cut with a fade-out; a shorter one is repeated
    with equal-power crossfades (so the seams do not click), then cut the same way."""
    frames = max(1, round(seconds * rate))
    fade = int(CROSSFADE_SECONDS * rate)
    track = audio
    while len(track) < frames:
        overlap = min(fade, len(track) // 2, len(audio) // 2)
        if overlap == 0:
            track = np.concatenate([track, audio])
            continue
        t = np.linspace(0, np.pi / 2, overlap, dtype=np.float32)[:, None]
        seam = track[-overlap:] * np.cos(t) + audio[:overlap] * np.sin(t)
        track = np.concatenate([track[:-overlap], seam, audio[overlap:]])
    track = np.array(track[:frames], dtype=np.float32)
    tail = min(len(track), int(FADE_OUT_SECONDS * rate))
    if tail:
        track[-tail:] *= np.linspace(1, 0, tail, dtype=np.float32)[:, None]
    return track


def vertex_settings_check(*, pipeline: bool) -> list[checks.CheckMessage]:
    """A Vertex AI composer needs a project and location; the pipeline one also a root."""
    reported = {name for name, _ in settings.SETTINGS_ERRORS}
    errors = []

    def error(name: str, message: str, id: str) -> None:
        if name not in reported:
            errors.append(checks.Error(message, hint=f"Set the environment variable {name}.",
                                       id=id))

    if not settings.VERTEX_PROJECT:
        error("VERTEX_PROJECT", "Vertex AI music needs VERTEX_PROJECT.", "core.E020")
    if not settings.VERTEX_LOCATION:
        error("VERTEX_LOCATION", "Vertex AI music needs VERTEX_LOCATION (e.g. us-central1).",
              "core.E021")
    if pipeline:
        root = settings.VERTEX_PIPELINE_ROOT
        if root and not root.startswith("gs://"):
            error("VERTEX_PIPELINE_ROOT", f"VERTEX_PIPELINE_ROOT={root!r} must be a gs:// "
                  "address.", "core.E022")
        elif not root and not settings.GS_BUCKET_NAME:
            error("VERTEX_PIPELINE_ROOT", "MUSIC_BACKEND=vertex-pipeline needs a pipeline "
                  "root: set VERTEX_PIPELINE_ROOT (gs://…) or GS_BUCKET_NAME.", "core.E023")
    if settings.VERTEX_API_ENDPOINT.startswith("http://"):
        errors.append(checks.Warning(
            f"VERTEX_API_ENDPOINT={settings.VERTEX_API_ENDPOINT!r} is plain HTTP: Vertex AI "
            "calls go there without credentials (meant for local fakes only).",
            hint="Leave VERTEX_API_ENDPOINT unset in production.", id="core.W020"))
    return errors
