"""Music from Vertex AI, two ways:

- VertexPipelineComposer submits the compiled Kubeflow pipeline shipped in music/pipelines/
  (parameters prompt, duration, seed, location) under VERTEX_PIPELINE_ROOT (default
  gs://$GS_BUCKET_NAME/pipelines), polls it with backoff while reporting progress, and reads
  its "audio" artifact from Cloud Storage. The pipeline renders the full length itself (one
  Lyria clip per 30 seconds, crossfaded). Cancelling our job cancels the pipeline job.
- VertexLyriaComposer asks Lyria (publishers/google/models/lyria-002) for one 30-second clip:
  one call, a few seconds. Other durations are fitted to that clip: shorter ones are cut with
  a fade-out, longer ones repeat it with equal-power crossfades. One call keeps the piece
  coherent (one melody, tempo and key) and costs a single prediction; the pipeline is the way
  to long pieces that evolve.

Both talk REST (the same code path as the tests' loopback fake) and report tempo, key and
mode from the prompt, which asks the model for them; there is no MIDI.
google-cloud-aiplatform is imported only inside functions: it takes seconds to import.
"""

from __future__ import annotations

import base64
import logging
import time
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings

from core.backends import BackendError
from core.jobs import JobCancelled
from core.provider_calls import provider_call
from music.backends.base import ComposedTrack, Composer, ProgressCallback, no_progress
from music.backends.vertex_common import (
    api_endpoint,
    credentials,
    decode_wav,
    fit_duration,
    require_project,
    vertex_errors,
)
from music.prompts import MusicPrompt

log = logging.getLogger(__name__)

TEMPLATE = Path(__file__).resolve().parent.parent / "pipelines" / "compose_pipeline.yaml"
PIPELINE_SERVICE = "The music pipeline"
LYRIA_SERVICE = "The music service"
NEGATIVE_PROMPT = "vocals, singing, speech, harsh noise, distortion"


class _VertexComposer(Composer):
    def _track(self, audio: Any, rate: int, prompt: str) -> ComposedTrack:
        parsed = MusicPrompt.parse(prompt)
        return ComposedTrack(audio=audio, sample_rate=rate, tempo_bpm=parsed.tempo_bpm,
                             tonic=parsed.tonic, mode=parsed.mode, provider=self.provider,
                             midi=None)

    @property
    def model(self) -> str:
        return self.options.get("model", "lyria-002")


class VertexPipelineComposer(_VertexComposer):
    provider = "vertex-pipeline"
    max_duration = 120.0

    def compose(self, prompt: str, *, duration: float, seed: int,
                on_progress: ProgressCallback = no_progress) -> ComposedTrack:
        from google.cloud import aiplatform

        project, root = require_project(), pipeline_root()
        with provider_call("vertex", model=self.model, operation="pipeline"), \
                vertex_errors(PIPELINE_SERVICE):
            aiplatform.init(project=project, location=settings.VERTEX_LOCATION,
                            api_endpoint=api_endpoint(), api_transport="rest",
                            credentials=credentials())
            # Our own id: the SDK's default (name + timestamp) collides for two tracks
            # submitted in the same second.
            job = aiplatform.PipelineJob(
                display_name="reverie-compose", template_path=str(TEMPLATE),
                job_id=f"reverie-compose-{uuid.uuid4().hex[:16]}",
                pipeline_root=root, labels={"app": "reverie"},
                parameter_values={"prompt": prompt, "duration": float(duration),
                                  "seed": int(seed), "location": settings.VERTEX_LOCATION,
                                  "model": self.model})
            job.submit(service_account=settings.VERTEX_SERVICE_ACCOUNT or None)
            on_progress(0.02)
            try:
                self._wait(job, on_progress)
            except JobCancelled:
                _cancel(job)
                raise
            data = _download(_artifact_uri(job.gca_resource), project)
        audio, rate = decode_wav(data, PIPELINE_SERVICE)
        on_progress(1.0)
        return self._track(fit_duration(audio, rate, duration), rate, prompt)

    def _wait(self, job: Any, on_progress: ProgressCallback) -> None:
        interval = float(self.options.get("poll_seconds", 5.0))
        longest = float(self.options.get("max_poll_seconds", 30.0))
        deadline = time.monotonic() + float(self.options.get("timeout_seconds", 3600.0))
        polls = 0
        while True:
            state = job.state.name.removeprefix("PIPELINE_STATE_")
            if state == "SUCCEEDED":
                return
            if state in {"FAILED", "CANCELLED"}:
                raise BackendError(_failure(state, job.gca_resource.error.message),
                                   permanent=True)
            if time.monotonic() > deadline:
                _cancel(job)
                raise BackendError(f"{PIPELINE_SERVICE} did not finish in time; it was "
                                   "stopped. Please try again later.")
            polls += 1
            # Nobody knows a pipeline's remaining time: creep towards 90 % as polls go by.
            started = state in {"RUNNING", "SUCCEEDED"}
            on_progress(0.1 + 0.8 * (1 - 0.85**polls) if started else 0.05)
            time.sleep(interval)
            interval = min(interval * 1.5, longest)


class VertexLyriaComposer(_VertexComposer):
    provider = "vertex-lyria"
    max_duration = 120.0
    clip_seconds = 30.0

    def compose(self, prompt: str, *, duration: float, seed: int,
                on_progress: ProgressCallback = no_progress) -> ComposedTrack:
        from google.api_core import exceptions as api
        from google.api_core import retry as retries
        from google.cloud import aiplatform_v1
        from google.protobuf import json_format, struct_pb2

        project = require_project()
        endpoint = (f"projects/{project}/locations/{settings.VERTEX_LOCATION}/publishers/"
                    f"google/models/{self.model}")
        instance = json_format.ParseDict({
            "prompt": prompt, "seed": int(seed),
            "negative_prompt": self.options.get("negative_prompt", NEGATIVE_PROMPT)},
            struct_pb2.Value())
        retry = retries.Retry(
            predicate=retries.if_exception_type(api.TooManyRequests, api.ServerError),
            initial=float(self.options.get("retry_initial_seconds", 2.0)), multiplier=2.0,
            maximum=30.0, timeout=float(self.options.get("retry_timeout_seconds", 120.0)))
        on_progress(0.05)
        with provider_call("vertex", model=self.model, operation="predict"), \
                vertex_errors(LYRIA_SERVICE):
            client = aiplatform_v1.PredictionServiceClient(
                client_options={"api_endpoint": api_endpoint()}, transport="rest",
                credentials=credentials())
            response = client.predict(endpoint=endpoint, instances=[instance], retry=retry,
                                      timeout=float(self.options.get("timeout_seconds", 120)))
            answer = json_format.MessageToDict(type(response).pb(response))
            audio, rate = decode_wav(_clip_bytes(answer), LYRIA_SERVICE)
        on_progress(0.9)
        return self._track(fit_duration(audio, rate, duration), rate, prompt)


def pipeline_root() -> str:
    root = settings.VERTEX_PIPELINE_ROOT or (
        f"gs://{settings.GS_BUCKET_NAME}/pipelines" if settings.GS_BUCKET_NAME else "")
    if not root.startswith("gs://"):
        raise BackendError("The music pipeline needs somewhere to keep its files: set "
                           "VERTEX_PIPELINE_ROOT (gs://…) or GS_BUCKET_NAME.", permanent=True)
    return root


def _failure(state: str, error: str) -> str:
    if state == "CANCELLED":
        return f"{PIPELINE_SERVICE} was cancelled on Vertex AI, so no music was made."
    return (f"{PIPELINE_SERVICE} failed on Vertex AI: {error or 'no reason given'}. "
            "Please try again later.")


def _cancel(job: Any) -> None:
    try:
        job.cancel()
    except Exception:
        # The job is ours to stop; if Vertex refuses, it still ends on its own timeout.
        log.warning("could not cancel pipeline job %s", job.resource_name, exc_info=True)


def _artifact_uri(resource: Any) -> str:
    for task in resource.job_detail.task_details:
        for name, artifacts in task.outputs.items():
            if name == "audio" and artifacts.artifacts:
                return artifacts.artifacts[0].uri
    raise BackendError(f"{PIPELINE_SERVICE} finished without producing audio.")


def _download(uri: str, project: str) -> bytes:
    from google.cloud import storage

    client = storage.Client(project=project)
    return storage.Blob.from_uri(uri, client=client).download_as_bytes(timeout=60)


def _clip_bytes(answer: dict) -> bytes:
    predictions = answer.get("predictions") or []
    first = predictions[0] if predictions and isinstance(predictions[0], dict) else {}
    data = first.get("bytesBase64Encoded") or first.get("audioContent")
    if not data:
        raise BackendError(f"{LYRIA_SERVICE} made no music for this prompt (it may have been "
                           "declined). Please try another picture or mood.", permanent=True)
    try:
        return base64.b64decode(data, validate=True)
    except ValueError as exc:
        raise BackendError(f"{LYRIA_SERVICE} sent audio we could not read.",
                           permanent=True) from exc

