"""Lyria as the fake Vertex AI plays it: its answers, and the requests it refuses.

Refusals follow the live service: no bearer token → 401 UNAUTHENTICATED; a project other than
the deployer's → 403 PERMISSION_DENIED; a model it does not publish → 404 NOT_FOUND; `seed`
in an instance together with `parameters.sample_count` → 400 INVALID_ARGUMENT (the Lyria API
reference: "seed … Cannot be used with sample_count in the same request",
https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/lyria-music-generation).
"""

from __future__ import annotations

import base64
import inspect
import io
import re

import numpy as np

from tests.fakes.openai_server import Reply

PREDICT_PATH = re.compile(
    r"^/v1/projects/(?P<project>[^/]+)/locations/(?P<location>[^/]+)/publishers/google/"
    r"models/(?P<model>[^/:]+):predict$")
UNAUTHENTICATED = ("Request had invalid authentication credentials. Expected OAuth 2 access "
                   "token, login cookie or other valid authentication credential.")


def wav_bytes(seconds: float = 30.0, rate: int = 48000, *, freqs=(220.0, 277.18, 329.63)) -> bytes:
    """A real stereo 16-bit WAV: a soft A-major chord with a slow swell."""
    import soundfile

    t = np.arange(int(seconds * rate), dtype=np.float32) / rate
    mono = sum(np.sin(2 * np.pi * f * t) for f in freqs) / len(freqs)
    mono *= 0.3 * (0.75 + 0.25 * np.sin(2 * np.pi * 0.25 * t))
    buffer = io.BytesIO()
    soundfile.write(buffer, np.stack([mono, mono * 0.9], axis=1), rate, format="WAV",
                    subtype="PCM_16")
    return buffer.getvalue()


def lyria_answer(audio: bytes | None = None, *, key: str = "bytesBase64Encoded") -> dict:
    data = base64.b64encode(audio if audio is not None else wav_bytes()).decode()
    return {"predictions": [{key: data, "mimeType": "audio/wav"}],
            "deployedModelId": "", "model": "publishers/google/models/lyria-002"}


def error_reply(status: int, code: str, message: str) -> Reply:
    return Reply(status=status, body={"error": {"code": status, "message": message,
                                                "status": code}})


def unauthenticated(headers: dict[str, str]) -> Reply | None:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return None
    return error_reply(401, "UNAUTHENTICATED", UNAUTHENTICATED)


def predict_refusal(path: str, body: dict | None, *, project: str,
                    models: frozenset[str]) -> Reply | None:
    """Why Lyria would refuse this predict call, or None if it would answer."""
    match = PREDICT_PATH.match(path)
    if match is None:
        return error_reply(404, "NOT_FOUND", f"{path} was not found.")
    resource = path.removeprefix("/v1/").removesuffix(":predict")
    if match["project"] != project:
        return error_reply(403, "PERMISSION_DENIED", (
            f"Permission 'aiplatform.endpoints.predict' denied on resource "
            f"'//aiplatform.googleapis.com/{resource}' (or it may not exist)."))
    if match["model"] not in models:
        return error_reply(404, "NOT_FOUND", (
            f"Publisher Model `{resource}` was not found or your project does not have "
            "access to it."))
    body = body or {}
    instances = body.get("instances") or []
    if not instances or not all(isinstance(i, dict) and i.get("prompt") for i in instances):
        return error_reply(400, "INVALID_ARGUMENT", "Each instance needs a prompt.")
    if (body.get("parameters") or {}).get("sample_count") is not None and any(
            "seed" in instance for instance in instances):
        return error_reply(400, "INVALID_ARGUMENT",
                           "seed and sample_count cannot be used together.")
    return None


def step_request(parameters: dict) -> dict:
    """The Lyria request the pipeline's step builds from a job's parameter values (its own
    code, called as the step calls it); a parameter it needs and lacks raises TypeError."""
    from music.pipelines.lyria_step import lyria_request

    accepted = inspect.signature(lyria_request).parameters
    return lyria_request(**{name: value for name, value in parameters.items()
                            if name in accepted})
