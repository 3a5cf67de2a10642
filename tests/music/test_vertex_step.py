"""The pipeline's step and the resumable pipeline composer, against the loopback fake: the
step's Lyria calls (retries, refusals), and a composer handed an earlier attempt's pipeline."""

from __future__ import annotations

import pytest
from google.api_core import exceptions as api
from google.cloud import aiplatform_v1
from google.oauth2.credentials import Credentials
from google.protobuf import json_format, struct_pb2

from core.backends import BackendError
from music.backends.base import Resume
from music.backends.vertex import LYRIA_SERVICE, VertexPipelineComposer
from music.backends.vertex_common import vertex_errors
from music.pipelines.lyria_step import lyria_clip, lyria_request
from tests.fakes.vertex_server import lyria_answer, wav_bytes

pytestmark = pytest.mark.django_db
PROMPT = "Calm ambient with soft pads. Tempo: 70 BPM. Key: C major."
FAST = {"poll_seconds": 0.01, "max_poll_seconds": 0.02}


@pytest.fixture
def client(vertex):
    # As the step makes it, pointed at the fake (the step's own host is the real one).
    return aiplatform_v1.PredictionServiceClient(
        client_options={"api_endpoint": vertex.base_url}, transport="rest",
        credentials=Credentials(token="step-token"))


def _request(**changes) -> dict:
    return lyria_request(**{"project": "reverie-test", "location": "us-central1",
                            "model": "lyria-002", "prompt": PROMPT, "seed": 3, **changes})


def test_the_step_asks_the_project_and_location_it_was_given():
    request = _request(project="reverie-prod", location="europe-west4", negative_prompt="vocals")
    assert request == {
        "api_endpoint": "europe-west4-aiplatform.googleapis.com",
        "endpoint": ("projects/reverie-prod/locations/europe-west4/publishers/google/models/"
                     "lyria-002"),
        "instance": {"prompt": PROMPT, "seed": 3, "negative_prompt": "vocals"}}
    assert _request(location="global")["api_endpoint"] == "aiplatform.googleapis.com"


def test_the_step_retries_a_rate_limit_then_gets_its_clip(vertex, client):
    clip = wav_bytes(30.0)
    vertex.error("predict", 429, "Quota exceeded for aiplatform.googleapis.com.")
    vertex.queue_predict(lyria_answer(clip, key="audioContent"))
    assert lyria_clip(client, _request(), first_wait=0.02) == clip
    first, second = vertex.calls("predict")
    assert first.json == second.json == {"instances": [{"prompt": PROMPT, "seed": 3}]}


@pytest.mark.parametrize("status", [500, 503])
def test_the_step_retries_server_errors(vertex, client, status):
    vertex.error("predict", status, "Internal error encountered.", times=2)
    assert lyria_clip(client, _request(), first_wait=0.01)
    assert len(vertex.calls("predict")) == 3


def test_the_step_gives_up_at_its_deadline(vertex, client):
    vertex.error("predict", 429, "Quota exceeded.", times=1000)
    with pytest.raises((api.RetryError, api.TooManyRequests)):
        lyria_clip(client, _request(), first_wait=0.02, deadline=0.2)
    assert 2 <= len(vertex.calls("predict")) < 100


@pytest.mark.parametrize(("changes", "error", "words"), [
    ({"project": "vertex-tenant-1234"}, api.Forbidden,
     "denied on resource '//aiplatform.googleapis.com/projects/vertex-tenant-1234/"),
    ({"model": "lyria-999"}, api.NotFound, "Publisher Model `projects/reverie-test/"),
])
def test_the_step_is_refused_what_lyria_refuses_and_does_not_retry(vertex, client, changes,
                                                                    error, words):
    with pytest.raises(error) as refused:
        lyria_clip(client, _request(**changes), first_wait=0.01)
    assert words in refused.value.message
    assert len(vertex.calls("predict")) == 1


def test_lyria_refuses_a_seed_with_a_sample_count(vertex, client):
    request = _request()
    with pytest.raises(BackendError) as failed, vertex_errors(LYRIA_SERVICE):
        client.predict(endpoint=request["endpoint"],
                       instances=[json_format.ParseDict(request["instance"], struct_pb2.Value())],
                       parameters=json_format.ParseDict({"sample_count": 2}, struct_pb2.Value()))
    assert failed.value.permanent
    assert failed.value.message == ("The music service could not accept this request: seed and "
                                    "sample_count cannot be used together.")


# Resuming ---------------------------------------------------------------------------------


def test_an_earlier_attempts_pipeline_is_waited_on_not_submitted_again(vertex):
    vertex.pipeline("RUNNING", "RUNNING", "SUCCEEDED")
    saved: list[str] = []
    first = VertexPipelineComposer(**FAST)
    # A 502 (the SDK itself retries 500, 503 and 429 on reads for two minutes).
    vertex.on_get = lambda job: vertex.error("get", 502, "Bad gateway.") \
        if job.gets == 1 else None
    with pytest.raises(BackendError) as failed:
        first.compose(PROMPT, duration=10, seed=1, resume=Resume(save=saved.append))
    assert not failed.value.permanent and "temporary problem" in failed.value.message
    [job] = vertex.jobs.values()
    assert saved == [job.name]

    vertex.on_get = None
    track = VertexPipelineComposer(**FAST).compose(
        PROMPT, duration=10, seed=1, resume=Resume(token=saved[-1], save=saved.append))
    assert track.audio.shape == (10 * 48000, 2)
    assert len(vertex.calls("create")) == 1 and saved == [job.name]
    assert {r.path for r in vertex.calls("get")} == {f"/v1/{job.name}"}


def test_a_pipeline_that_is_gone_is_submitted_anew(vertex):
    saved: list[str] = []
    gone = "projects/reverie-test/locations/us-central1/pipelineJobs/reverie-compose-gone"
    VertexPipelineComposer(**FAST).compose(PROMPT, duration=10, seed=1,
                                           resume=Resume(token=gone, save=saved.append))
    [job] = vertex.jobs.values()
    assert saved == [job.name] and job.name != gone
    assert len(vertex.calls("create")) == 1


def test_a_failed_pipeline_is_forgotten(vertex):
    vertex.pipeline("RUNNING", "FAILED", error="Lyria said no.")
    saved: list[str] = []
    with pytest.raises(BackendError) as failed:
        VertexPipelineComposer(**FAST).compose(PROMPT, duration=10, seed=1,
                                               resume=Resume(save=saved.append))
    assert "in its step compose-audio: Lyria said no." in failed.value.message
    assert saved[-1] == "" and len(saved) == 2
