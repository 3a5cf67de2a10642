"""Track jobs on Vertex AI through the public API: what Vertex refuses reaches the person as a
failed job with a message they can act on, and a hiccup while a pipeline runs resumes that
pipeline instead of starting another."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from google.auth.credentials import AnonymousCredentials
from rest_framework.test import APIClient

from core.jobs import job_retry
from music.backends import vertex_common
from music.models import Track, TrackJob
from tests.uploads import factories

pytestmark = pytest.mark.django_db
COMPOSERS = {
    "pipeline": {"BACKEND": "music.backends.vertex.VertexPipelineComposer",
                 "OPTIONS": {"poll_seconds": 0.01, "max_poll_seconds": 0.02}},
    "lyria": {"BACKEND": "music.backends.vertex.VertexLyriaComposer", "OPTIONS": {}},
}


@pytest.fixture
def upload(settings, django_capture_on_commit_callbacks):
    """Use a composer, upload a picture, and answer its track job as the API shows it."""
    def run(composer: str) -> dict:
        settings.AI_BACKENDS = {**settings.AI_BACKENDS, "music": COMPOSERS[composer]}
        client = APIClient()
        picture = SimpleUploadedFile("dusk.jpg", factories.picture((320, 240)),
                                     content_type="image/jpeg")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/api/uploads/", {"image": picture, "duration": 10,
                                                     "seed": 5}, format="multipart")
        assert response.status_code == 201, response.content
        job = client.get(f"/api/jobs/{response.json()['track_job']['id']}/")
        assert job.status_code == 200
        return job.json()

    return run


def _no_credentials(vertex, settings, monkeypatch):
    monkeypatch.setattr(vertex_common, "credentials", AnonymousCredentials)


def _unknown_model(vertex, settings, monkeypatch):
    settings.VERTEX_MUSIC_MODEL = "lyria-999"


def _another_project(vertex, settings, monkeypatch):
    vertex.project = "reverie-prod"  # what the service account may use; settings say -test


@pytest.mark.parametrize(("composer", "setup", "message"), [
    ("lyria", _no_credentials, "The music service found no Google Cloud credentials; set "
                               "GOOGLE_APPLICATION_CREDENTIALS."),
    ("lyria", _unknown_model, "The music service could not find what it asked for (Publisher "
                              "Model `projects/reverie-test/locations/us-central1/publishers/"
                              "google/models/lyria-999` was not found"),
    ("lyria", _another_project, "The music service was refused: the service account needs the "
                                "Vertex AI User role on VERTEX_PROJECT (Permission "
                                "'aiplatform.endpoints.predict' denied"),
    ("pipeline", _no_credentials, "The music pipeline found no Google Cloud credentials"),
    ("pipeline", _unknown_model, "The music pipeline failed on Vertex AI in its step "
                                 "compose-audio: 404 Publisher Model `projects/reverie-test/"
                                 "locations/us-central1/publishers/google/models/lyria-999`"),
    ("pipeline", _another_project, "The music pipeline failed on Vertex AI in its step "
                                   "compose-audio: 403 Permission 'aiplatform.endpoints."
                                   "predict' denied on resource '//aiplatform.googleapis.com/"
                                   "projects/reverie-test/"),
])
def test_what_vertex_refuses_fails_the_job_with_a_message(vertex, settings, monkeypatch, upload,
                                                          composer, setup, message):
    setup(vertex, settings, monkeypatch)
    job = upload(composer)
    assert job["status"] == "failed" and job["result_url"] is None
    assert job["error"].startswith(message), job["error"]
    assert "DAG failed" not in job["error"] and "Traceback" not in job["error"]
    row = TrackJob.objects.get(pk=job["id"])
    assert row.attempts == 1 and row.resume_token == ""  # refusals are not retried
    assert not Track.objects.exists()


def test_a_pipeline_job_passes_the_project_and_location_as_parameters(vertex, settings, upload):
    settings.VERTEX_LOCATION = "europe-west4"
    settings.VERTEX_MUSIC_MODEL = "lyria-002"
    vertex.pipeline("RUNNING", "SUCCEEDED")
    job = upload("pipeline")
    assert job["status"] == "succeeded", job["error"]
    created = vertex.calls("create")[0]
    assert created.path == "/v1/projects/reverie-test/locations/europe-west4/pipelineJobs"
    parameters = created.json["runtimeConfig"]["parameterValues"]
    assert (parameters["project"], parameters["location"], parameters["model"]) == (
        "reverie-test", "europe-west4", "lyria-002")
    [step] = vertex.step_requests
    assert step["endpoint"].startswith("projects/reverie-test/locations/europe-west4/")


def test_a_hiccup_while_polling_resumes_the_same_pipeline(vertex, upload):
    vertex.pipeline("PENDING", "RUNNING", "RUNNING", "SUCCEEDED")
    # One 502 after the first poll: the SDK does not retry it, so the job is retried.
    vertex.on_get = lambda job: vertex.error("get", 502, "Bad gateway.") \
        if job.gets == 1 else None
    job = upload("pipeline")
    assert job["status"] == "succeeded", job["error"]
    [pipeline] = vertex.jobs.values()
    assert len(vertex.calls("create")) == 1
    assert {r.path for r in vertex.calls("get")} == {f"/v1/{pipeline.name}"}
    assert pipeline.gets == 4 and not pipeline.cancel_requested
    row = TrackJob.objects.get(pk=job["id"])
    assert row.attempts == 2 and row.resume_token == pipeline.name
    assert row.track.provider == "vertex-pipeline"


def test_a_rerun_after_the_last_attempt_waits_on_the_same_pipeline(
        vertex, upload, settings, django_capture_on_commit_callbacks):
    vertex.pipeline("RUNNING", "RUNNING", "SUCCEEDED")
    settings.JOB_MAX_ATTEMPTS = 1
    vertex.on_get = lambda job: vertex.error("get", 502, "Bad gateway.") \
        if job.gets == 1 else None
    job = upload("pipeline")
    assert job["status"] == "failed" and "temporary problem" in job["error"]
    row = TrackJob.objects.get(pk=job["id"])
    [pipeline] = vertex.jobs.values()
    assert row.resume_token == pipeline.name  # it still runs on Vertex

    vertex.on_get = None
    with django_capture_on_commit_callbacks(execute=True):
        assert job_retry(row)  # a curator's re-run
    row.refresh_from_db()
    assert row.status == "succeeded" and row.track is not None
    assert len(vertex.calls("create")) == 1 and len(vertex.jobs) == 1
