"""Vertex AI composers: google-cloud-aiplatform's REST transport against the loopback fake,
pipeline artifacts in the GCS emulator."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
import soundfile
from django.db import connection

from core.backends import BackendError
from core.job_errors import JobCancelled
from core.jobs import CANCELLED_MESSAGE, job_cancel, job_run
from core.models import Job, ProviderCall
from music.backends.vertex import NEGATIVE_PROMPT, VertexLyriaComposer, VertexPipelineComposer
from tests.core.factories import DemoJobFactory
from tests.demo.models import DemoJob
from tests.fakes.vertex_server import lyria_answer, wav_bytes

pytestmark = pytest.mark.django_db
PROMPT = ("Serene, hopeful gentle ambient. Tempo: 76 BPM. Key: D major. Instruments: "
          "electric piano, pad, strings. Energy: low. Mood: valence 0.42, arousal -0.35.")
FAST = {"poll_seconds": 0.01, "max_poll_seconds": 0.03}


def _decode(data: bytes) -> np.ndarray:
    return soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True)[0]


def test_a_pipeline_job_composes_the_track(vertex, settings):
    artifact = wav_bytes(12.0)
    vertex.pipeline("PENDING", "RUNNING", "SUCCEEDED", audio=artifact)
    fractions: list[float] = []
    track = VertexPipelineComposer(**FAST).compose(PROMPT, duration=12, seed=7,
                                                   on_progress=fractions.append)

    assert track.sample_rate == 48000 and track.audio.shape == (12 * 48000, 2)
    expected = _decode(artifact)
    assert np.allclose(track.audio[:10 * 48000], expected[:10 * 48000], atol=1e-6)
    assert (track.tempo_bpm, track.tonic, track.mode) == (76, "D", "major")
    assert track.midi is None and track.provider == "vertex-pipeline"
    assert fractions == sorted(fractions) and fractions[-1] == 1.0

    created = vertex.calls("create")[0]
    assert created.path == "/v1/projects/reverie-test/locations/us-central1/pipelineJobs"
    # Our own job id: the SDK's default (name + timestamp) collides within a second.
    assert re.fullmatch(r"pipelineJobId=reverie-compose-[0-9a-f]{16}&.*", created.query)
    runtime = created.json["runtimeConfig"]
    assert runtime["gcsOutputDirectory"] == settings.VERTEX_PIPELINE_ROOT
    assert runtime["parameterValues"] == {
        "project": "reverie-test", "location": "us-central1", "model": "lyria-002",
        "prompt": PROMPT, "negative_prompt": NEGATIVE_PROMPT, "duration": 12.0, "seed": 7}
    # The step, run on those parameters, asks Lyria in the deployer's project.
    [step] = vertex.step_requests
    assert step["endpoint"] == ("projects/reverie-test/locations/us-central1/publishers/google/"
                                "models/lyria-002")
    assert step["instance"] == {"prompt": PROMPT, "seed": 7, "negative_prompt": NEGATIVE_PROMPT}
    assert created.headers["authorization"] == "Bearer ya29.fake-vertex-access-token"
    assert created.json["pipelineSpec"]["pipelineInfo"]["name"] == "reverie-compose"
    assert created.json["serviceAccount"] == settings.VERTEX_SERVICE_ACCOUNT
    assert len(vertex.calls("get")) == 3
    call = ProviderCall.objects.get()
    assert (call.provider, call.operation, call.status) == ("vertex", "pipeline", "succeeded")


def test_a_slow_pipeline_is_polled_with_backoff(vertex):
    vertex.pipeline(*["RUNNING"] * 6, "SUCCEEDED")
    fractions: list[float] = []
    VertexPipelineComposer(poll_seconds=0.02, max_poll_seconds=0.05).compose(
        PROMPT, duration=10, seed=1, on_progress=fractions.append)
    gets = [r.received_at for r in vertex.calls("get")]
    assert len(gets) == 7
    gaps = np.diff(gets)
    assert gaps[0] >= 0.02 and gaps[-1] >= 0.045 and gaps.max() < 0.2
    running = fractions[1:-1]
    assert len(running) == 6 and np.all(np.diff(running) > 0)
    assert running[-1] < 0.9


@pytest.mark.parametrize(("state", "words"), [
    ("FAILED", "failed on Vertex AI in its step compose-audio: The replica workerpool0-0 "
               "exited with a non-zero status of 1."),
    ("CANCELLED", "was cancelled on Vertex AI"),
])
def test_a_pipeline_that_ends_badly_fails_the_track(vertex, state, words):
    vertex.pipeline("RUNNING", state,
                    error="The replica workerpool0-0 exited with a non-zero status of 1.")
    with pytest.raises(BackendError) as failed:
        VertexPipelineComposer(**FAST).compose(PROMPT, duration=10, seed=1)
    assert words in failed.value.message and failed.value.permanent
    assert "DAG failed" not in failed.value.message
    assert ProviderCall.objects.get().status == "failed"


def test_cancelling_our_job_cancels_the_pipeline(vertex):
    vertex.pipeline(*["RUNNING"] * 50)
    calls = 0

    def progress(fraction: float) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise JobCancelled()

    with pytest.raises(JobCancelled):
        VertexPipelineComposer(**FAST).compose(PROMPT, duration=10, seed=1,
                                               on_progress=progress)
    [cancel] = vertex.calls("cancel")
    [job] = vertex.jobs.values()
    assert cancel.path == f"/v1/{job.name}:cancel" and job.cancel_requested
    assert ProviderCall.objects.get().status == "cancelled"


@pytest.mark.django_db(transaction=True)
def test_a_person_cancelling_the_running_job_stops_the_pipeline(vertex, settings):
    settings.JOB_PROGRESS_INTERVAL_SECONDS = 0  # each poll's report looks for the cancel
    vertex.pipeline(*["RUNNING"] * 50)
    job = DemoJobFactory()

    def cancel_after_two_polls(fake_job) -> None:
        if fake_job.gets == 2:
            job_cancel(DemoJob.objects.get(pk=job.pk))
            connection.close()  # the fake's thread opened its own connection

    vertex.on_get = cancel_after_two_polls

    def work(job: DemoJob, progress) -> None:
        VertexPipelineComposer(**FAST).compose(
            PROMPT, duration=10, seed=1, on_progress=lambda f: progress(round(100 * f)))

    job_run(DemoJob, str(job.pk), work)
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.CANCELLED, CANCELLED_MESSAGE)
    assert len(vertex.calls("cancel")) == 1 and len(vertex.calls("get")) == 2


def test_a_pipeline_that_never_finishes_is_stopped(vertex):
    vertex.pipeline(*["RUNNING"] * 500)
    with pytest.raises(BackendError) as failed:
        VertexPipelineComposer(timeout_seconds=0.1, **FAST).compose(PROMPT, duration=10,
                                                                     seed=1)
    assert "did not finish in time" in failed.value.message and not failed.value.permanent
    assert len(vertex.calls("cancel")) == 1


def test_a_refused_submission_names_the_role(vertex):
    vertex.error("create", 403, "Permission 'aiplatform.pipelineJobs.create' denied.")
    with pytest.raises(BackendError) as failed:
        VertexPipelineComposer(**FAST).compose(PROMPT, duration=10, seed=1)
    assert failed.value.permanent and "Vertex AI User role" in failed.value.message


def test_no_pipeline_root_is_a_configuration_error(vertex, settings):
    settings.VERTEX_PIPELINE_ROOT = ""
    settings.GS_BUCKET_NAME = ""
    with pytest.raises(BackendError) as failed:
        VertexPipelineComposer(**FAST).compose(PROMPT, duration=10, seed=1)
    assert failed.value.permanent
    assert "VERTEX_PIPELINE_ROOT" in failed.value.message
    assert "GS_BUCKET_NAME" in failed.value.message
    assert vertex.calls("create") == []


# Lyria -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def clip() -> bytes:
    return wav_bytes(30.0)


def test_lyria_makes_a_thirty_second_clip(vertex, clip):
    vertex.queue_predict(lyria_answer(clip))
    track = VertexLyriaComposer().compose(PROMPT, duration=30, seed=11)
    assert track.sample_rate == 48000 and track.audio.shape == (30 * 48000, 2)
    assert np.allclose(track.audio[:28 * 48000], _decode(clip)[:28 * 48000], atol=1e-6)
    assert (track.tempo_bpm, track.tonic, track.mode, track.midi) == (76, "D", "major", None)
    request = vertex.calls("predict")[0]
    assert request.path == ("/v1/projects/reverie-test/locations/us-central1/publishers/"
                            "google/models/lyria-002:predict")
    [instance] = request.json["instances"]
    assert instance["prompt"] == PROMPT and instance["seed"] == 11
    assert "vocals" in instance["negative_prompt"]
    assert ProviderCall.objects.get().operation == "predict"


def test_lyria_short_pieces_are_cut_with_a_fade(vertex, clip):
    vertex.queue_predict(lyria_answer(clip, key="audioContent"))
    track = VertexLyriaComposer().compose(PROMPT, duration=12, seed=1)
    assert track.audio.shape == (12 * 48000, 2)
    assert np.allclose(track.audio[:10 * 48000], _decode(clip)[:10 * 48000], atol=1e-6)
    assert np.abs(track.audio[-100:]).max() < 0.01


def test_lyria_long_pieces_repeat_the_clip_with_crossfades(vertex, clip):
    vertex.queue_predict(lyria_answer(clip))
    track = VertexLyriaComposer().compose(PROMPT, duration=75, seed=1)
    original = _decode(clip)
    rate, overlap = 48000, 2 * 48000
    assert track.audio.shape == (75 * rate, 2) and len(vertex.calls("predict")) == 1
    # After the first seam the clip continues where the crossfade left it.
    assert np.allclose(track.audio[30 * rate:40 * rate],
                       original[overlap:10 * rate + overlap], atol=1e-6)
    window = rate // 10
    mono = track.audio[: 73 * rate, 0]
    levels = np.sqrt(np.mean(mono[: len(mono) // window * window].reshape(-1, window) ** 2,
                             axis=1))
    assert levels.min() > 0.5 * np.median(levels)  # no dip or gap at the seams


def test_lyria_rate_limit_then_success(vertex):
    vertex.error("predict", 429, "Quota exceeded for aiplatform.googleapis.com.")
    track = VertexLyriaComposer(retry_initial_seconds=0.05).compose(PROMPT, duration=10,
                                                                    seed=1)
    assert track.audio.shape == (10 * 48000, 2)
    assert len(vertex.calls("predict")) == 2
    assert ProviderCall.objects.get().status == "succeeded"


def test_lyria_rate_limited_for_too_long_is_temporary(vertex):
    vertex.error("predict", 429, "Quota exceeded.", times=100)
    with pytest.raises(BackendError) as failed:
        VertexLyriaComposer(retry_initial_seconds=0.02, retry_timeout_seconds=0.3).compose(
            PROMPT, duration=10, seed=1)
    assert not failed.value.permanent
    assert len(vertex.calls("predict")) >= 2


@pytest.mark.parametrize(("status", "words"), [
    (400, "could not accept this request: The prompt was blocked."),
    (403, "needs the Vertex AI User role"),
    (404, "check VERTEX_PROJECT, VERTEX_LOCATION and VERTEX_MUSIC_MODEL"),
])
def test_lyria_refusals_are_permanent(vertex, status, words):
    vertex.error("predict", status, "The prompt was blocked.")
    with pytest.raises(BackendError) as failed:
        VertexLyriaComposer().compose(PROMPT, duration=10, seed=1)
    assert failed.value.permanent and words in failed.value.message
    assert len(vertex.calls("predict")) == 1


def test_lyria_without_audio_is_a_kind_failure(vertex):
    vertex.queue_predict({"predictions": []})
    with pytest.raises(BackendError) as failed:
        VertexLyriaComposer().compose(PROMPT, duration=10, seed=1)
    assert failed.value.permanent and "made no music" in failed.value.message
