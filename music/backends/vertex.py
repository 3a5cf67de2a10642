"""Music from Vertex AI, two ways:

- VertexPipelineComposer submits the compiled Kubeflow pipeline shipped in music/pipelines/
  (parameters project, location, model, prompt, negative_prompt, duration, seed) under
  VERTEX_PIPELINE_ROOT (default gs://$GS_BUCKET_NAME/pipelines), polls it with backoff while
  reporting progress, and reads its "audio" artifact from Cloud Storage. The pipeline renders
  the full length itself (one Lyria clip per 30 seconds, crossfaded). The job row keeps the
  pipeline job's name (Resume), so a retried job waits on the same pipeline; cancelling our
  job cancels it; a failed run reports its failed step's own error.
- VertexLyriaComposer asks Lyria (VERTEX_MUSIC_MODEL, default lyria-002) for one 30-second clip:
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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.backends import BackendError
from core.job_errors import JobCancelled
from core.provider_calls import provider_call
from music.backends import vertex_common
from music.backends.base import ComposedTrack, Composer, ProgressCallback, Resume, no_progress
from music.backends.vertex_common import (
    api_endpoint,
    decode_wav,
    fit_duration,
    require_project,
    vertex_errors,
)
from music.composer.prompts import MusicPrompt
from music.pipelines.lyria_step import lyria_request

log = logging.getLogger(__name__)

TEMPLATE = Path(__file__).resolve().parent.parent / "pipelines" / "compose_pipeline.yaml"
PIPELINE_SERVICE = gettext_lazy("The music pipeline")
LYRIA_SERVICE = gettext_lazy("The music service")
NEGATIVE_PROMPT = "vocals, singing, speech, harsh noise, distortion"


class _VertexComposer(Composer):
    def _track(self, audio: Any, rate: int, prompt: str) -> ComposedTrack:
        parsed = MusicPrompt.parse(prompt)
        return ComposedTrack(audio=audio, sample_rate=rate, tempo_bpm=parsed.tempo_bpm,
                             tonic=parsed.tonic, mode=parsed.mode, provider=self.provider,
                             midi=None)

    @property
    def model(self) -> str:
        return self.options.get("model") or settings.VERTEX_MUSIC_MODEL

    @property
    def negative_prompt(self) -> str:
        return self.options.get("negative_prompt", NEGATIVE_PROMPT)


class VertexPipelineComposer(_VertexComposer):
    provider = "vertex-pipeline"

    @classmethod
    def settings_check(cls) -> list[Any]:
        return vertex_common.vertex_settings_check(pipeline=True)

    def compose(self, prompt: str, *, duration: float, seed: int,
                on_progress: ProgressCallback = no_progress,
                resume: Resume | None = None) -> ComposedTrack:
        from google.cloud import aiplatform

        resume = resume or Resume()
        project, root = require_project(), pipeline_root()
        try:
            with provider_call("vertex", model=self.model, operation="pipeline"), \
                    vertex_errors(PIPELINE_SERVICE):
                aiplatform.init(project=project, location=settings.VERTEX_LOCATION,
                                api_endpoint=api_endpoint(), api_transport="rest",
                                credentials=vertex_common.credentials())
                job = _resumed(resume.token) or self._submit(
                    prompt, duration=duration, seed=seed, project=project, root=root,
                    resume=resume)
                on_progress(0.02)
                try:
                    self._wait(job, on_progress, resume)
                except JobCancelled:
                    _cancel(job, resume)
                    raise
                data = _download(_artifact_uri(job.gca_resource), project)
        except BackendError as exc:
            if exc.permanent:  # nothing to resume: a re-run starts afresh
                resume.save("")
            raise
        audio, rate = decode_wav(data, PIPELINE_SERVICE)
        on_progress(1.0)
        return self._track(fit_duration(audio, rate, duration), rate, prompt)

    def _submit(self, prompt: str, *, duration: float, seed: int, project: str, root: str,
                resume: Resume) -> Any:
        from google.cloud import aiplatform

        location = settings.VERTEX_LOCATION
        # Our own id: the SDK's default (name + timestamp) collides for two tracks
        # submitted in the same second.
        job_id = f"reverie-compose-{uuid.uuid4().hex[:16]}"
        job = aiplatform.PipelineJob(
            display_name="reverie-compose", template_path=str(TEMPLATE), job_id=job_id,
            pipeline_root=root, labels={"app": "reverie"},
            parameter_values={
                "project": project, "location": location, "model": self.model,
                "prompt": prompt, "negative_prompt": self.negative_prompt,
                "duration": float(duration), "seed": int(seed)})
        # Remembered before submitting: if the answer is lost, the retry finds the job by name.
        resume.save(f"projects/{project}/locations/{location}/pipelineJobs/{job_id}")
        job.submit(service_account=settings.VERTEX_SERVICE_ACCOUNT or None)
        return job

    def _wait(self, job: Any, on_progress: ProgressCallback, resume: Resume) -> None:
        interval = float(self.options.get("poll_seconds", 5.0))
        longest = float(self.options.get("max_poll_seconds", 30.0))
        deadline = time.monotonic() + float(self.options.get("timeout_seconds", 3600.0))
        polls = 0
        while True:
            state = job.state.name.removeprefix("PIPELINE_STATE_")
            if state == "SUCCEEDED":
                return
            if state in {"FAILED", "CANCELLED"}:
                raise BackendError(_failure(state, job.gca_resource), permanent=True)
            if time.monotonic() > deadline:
                _cancel(job, resume)
                raise BackendError(_("%(service)s did not finish in time; it was stopped. "
                                     "Please try again later.")
                                   % {"service": PIPELINE_SERVICE})
            polls += 1
            # Nobody knows a pipeline's remaining time: creep towards 90 % as polls go by.
            started = state in {"RUNNING", "SUCCEEDED"}
            on_progress(0.1 + 0.8 * (1 - 0.85**polls) if started else 0.05)
            time.sleep(interval)
            interval = min(interval * 1.5, longest)


class VertexLyriaComposer(_VertexComposer):
    provider = "vertex-lyria"
    # One 30 s clip, cut or repeated with crossfades (fit_duration): the base's 10–120 s.
    clip_seconds = 30.0

    @classmethod
    def settings_check(cls) -> list[Any]:
        return vertex_common.vertex_settings_check(pipeline=False)

    def compose(self, prompt: str, *, duration: float, seed: int,
                on_progress: ProgressCallback = no_progress,
                resume: Resume | None = None) -> ComposedTrack:
        from google.api_core import exceptions as api
        from google.api_core import retry as retries
        from google.cloud import aiplatform_v1
        from google.protobuf import json_format, struct_pb2

        # The pipeline's step builds the same request.
        request = lyria_request(require_project(), settings.VERTEX_LOCATION, self.model,
                                prompt, seed, self.negative_prompt)
        instance = json_format.ParseDict(request["instance"], struct_pb2.Value())
        retry = retries.Retry(
            predicate=retries.if_exception_type(api.TooManyRequests, api.ServerError),
            initial=float(self.options.get("retry_initial_seconds", 2.0)), multiplier=2.0,
            maximum=30.0, timeout=float(self.options.get("retry_timeout_seconds", 120.0)))
        on_progress(0.05)
        with provider_call("vertex", model=self.model, operation="predict"), \
                vertex_errors(LYRIA_SERVICE):
            client = aiplatform_v1.PredictionServiceClient(
                client_options={"api_endpoint": api_endpoint()}, transport="rest",
                credentials=vertex_common.credentials())
            response = client.predict(endpoint=request["endpoint"], instances=[instance],
                                      retry=retry,
                                      timeout=float(self.options.get("timeout_seconds", 120)))
            answer = json_format.MessageToDict(type(response).pb(response))
            audio, rate = decode_wav(_clip_bytes(answer), LYRIA_SERVICE)
        on_progress(0.9)
        return self._track(fit_duration(audio, rate, duration), rate, prompt)


def pipeline_root() -> str:
    root = settings.VERTEX_PIPELINE_ROOT or (
        f"gs://{settings.GS_BUCKET_NAME}/pipelines" if settings.GS_BUCKET_NAME else "")
    if not root.startswith("gs://"):
        raise BackendError(_("The music pipeline needs somewhere to keep its files: set "
                             "VERTEX_PIPELINE_ROOT (gs://…) or GS_BUCKET_NAME."), permanent=True)
    return root


def _resumed(token: str) -> Any:
    if not token:
        return None
    from google.api_core import exceptions as api
    from google.cloud import aiplatform

    try:
        return aiplatform.PipelineJob.get(resource_name=token)
    except api.NotFound:
        log.info("pipeline job %s no longer exists; submitting a new one", token)
        return None


def _failure(state: str, resource: Any) -> str:
    if state == "CANCELLED":
        return _("%(service)s was cancelled on Vertex AI, so no music was made.") % {
            "service": PIPELINE_SERVICE}
    task, reason = _failed_task(resource)
    named = {"service": PIPELINE_SERVICE, "step": task, "reason": reason or _("no reason given")}
    if task:
        return _("%(service)s failed on Vertex AI in its step %(step)s: %(reason)s") % named
    return _("%(service)s failed on Vertex AI: %(reason)s") % named


def _failed_task(resource: Any) -> tuple[str, str]:
    """The failed step and its own error. The run's error (and its root DAG task's) only
    says that "some tasks failed"; the step's says why."""
    failed = [task for task in resource.job_detail.task_details
              if task.error.message and task.error.message != resource.error.message]
    failed.sort(key=lambda task: task.parent_task_id == 0)  # steps inside the DAG first
    if failed:
        return failed[0].task_name, failed[0].error.message
    return "", resource.error.message


def _cancel(job: Any, resume: Resume) -> None:
    resume.save("")
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
    raise BackendError(_("%(service)s finished without producing audio.")
                       % {"service": PIPELINE_SERVICE})


def _download(uri: str, project: str) -> bytes:
    from google.cloud import storage

    client = storage.Client(project=project)
    return storage.Blob.from_uri(uri, client=client).download_as_bytes(timeout=60)


def _clip_bytes(answer: dict) -> bytes:
    predictions = answer.get("predictions") or []
    first = predictions[0] if predictions and isinstance(predictions[0], dict) else {}
    data = first.get("bytesBase64Encoded") or first.get("audioContent")
    if not data:
        raise BackendError(_("%(service)s made no music for this prompt (it may have been "
                             "declined). Please try another picture or mood.")
                           % {"service": LYRIA_SERVICE}, permanent=True)
    try:
        return base64.b64decode(data, validate=True)
    except ValueError as exc:
        raise BackendError(_("%(service)s sent audio we could not read.")
                           % {"service": LYRIA_SERVICE}, permanent=True) from exc

