"""Fixtures of the loopback fakes, made available to every test by tests/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.openai_server import FakeOpenAI
from tests.fakes.vertex_server import FakeVertex

FAKE_OPENAI_KEY = "sk-test-fake-key"
FAKE_VERTEX_TOKEN = "ya29.fake-vertex-access-token"


@pytest.fixture
def fake_openai(settings) -> Iterator[FakeOpenAI]:
    """A fake OpenAI server on loopback; the project's OpenAI client talks to it.

    Only the client is redirected: a test that wants an OpenAI backend chosen still sets
    AI_BACKENDS (or uses the backend class directly).
    """
    fake = FakeOpenAI().start()
    settings.OPENAI_API_KEY = FAKE_OPENAI_KEY
    settings.OPENAI_BASE_URL = fake.base_url
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def vertex(gcs, settings, monkeypatch) -> Iterator[FakeVertex]:
    """A fake Vertex AI on loopback with the project's VERTEX_* settings pointing at it.

    Pipeline artifacts land in the `gcs` emulator bucket, under VERTEX_PIPELINE_ROOT. The
    composers sign in with an access token of their own (a plain-http endpoint otherwise
    gets anonymous calls, which the fake refuses as Vertex does).
    """
    from google.oauth2.credentials import Credentials

    from music.backends import vertex_common

    def write(uri: str, data: bytes) -> None:
        bucket, _, name = uri.removeprefix("gs://").partition("/")
        gcs.client.bucket(bucket).blob(name).upload_from_string(data)

    fake = FakeVertex(artifact_writer=write).start()
    monkeypatch.setattr(vertex_common, "credentials",
                        lambda: Credentials(token=FAKE_VERTEX_TOKEN))
    settings.VERTEX_PROJECT = fake.project
    settings.VERTEX_LOCATION = "us-central1"
    settings.VERTEX_API_ENDPOINT = fake.base_url
    # A bucket that does not exist yet: submit() creates it in the emulator and grants the
    # pipeline's service account access. (For an existing bucket it would first ask Cloud
    # Resource Manager who owns it, which no loopback fake can answer.)
    settings.VERTEX_PIPELINE_ROOT = f"gs://{gcs.bucket_name}-pipelines/root"
    settings.VERTEX_SERVICE_ACCOUNT = "pipelines@reverie-test.iam.gserviceaccount.com"
    try:
        yield fake
    finally:
        fake.stop()
