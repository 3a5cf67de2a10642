"""Upload and listen with every cloud part on: media in Cloud Storage (the emulator), the caption
from OpenAI (the fake server), the music from a Vertex AI pipeline (the fake), all driven by
the real SDKs through the public API; and the same with the music straight from Lyria."""

from __future__ import annotations

import base64
import io

import numpy as np
import pytest
import requests
import soundfile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from core.models import ProviderCall
from music.composer.prompts import MusicPrompt
from tests.fakes.vertex_server import lyria_answer, wav_bytes
from tests.uploads import factories

pytestmark = pytest.mark.django_db

CAPTION = {"caption": "An orange glow fading across a quiet field at dusk.",
           "music_prompt": "Warm, nostalgic lo-fi with soft keys", "valence": 0.45,
           "arousal": -0.2, "tags": ["dusk", "field", "glow"]}


@pytest.fixture
def cloud(fake_openai, vertex, gcs, settings):
    settings.AI_BACKENDS = {
        **settings.AI_BACKENDS,
        "captioning": {"BACKEND": "captioning.backends.openai.OpenAICaptioner", "OPTIONS": {}},
        "music": {"BACKEND": "music.backends.vertex.VertexPipelineComposer",
                  "OPTIONS": {"poll_seconds": 0.01, "max_poll_seconds": 0.02}},
    }
    return fake_openai, vertex, gcs


def test_upload_caption_and_compose_on_the_cloud(cloud, settings,
                                                 django_capture_on_commit_callbacks):
    fake_openai, vertex, gcs = cloud
    fake_openai.chat(CAPTION)
    vertex.pipeline("PENDING", "RUNNING", "RUNNING", "SUCCEEDED")
    picture = factories.picture((640, 480))
    client = APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/uploads/", {
            "image": SimpleUploadedFile("dusk.jpg", picture, content_type="image/jpeg"),
            "duration": 12, "seed": 5}, format="multipart")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["job"]["kind"] == "caption"

    # The picture lives in the bucket, behind a signed URL.
    stored = [name for name in gcs.names() if name.startswith("uploads/")]
    assert len(stored) == 1
    assert created["image_url"].startswith(f"{gcs.host}/{gcs.bucket_name}/uploads/")
    assert "X-Goog-Signature=" in created["image_url"]
    assert requests.get(created["image_url"], timeout=5).content == gcs.read(stored[0])

    # Both jobs finished.
    for job in (created["job"], created["track_job"]):
        assert client.get(f"/api/jobs/{job['id']}/").json()["status"] == "succeeded"

    # The caption came from the fake OpenAI, which saw the picture.
    upload = client.get(f"/api/uploads/{created['id']}/").json()
    caption = upload["caption"]
    assert caption["provider"] == "openai" and caption["text"] == CAPTION["caption"]
    assert caption["mood"] == {"valence": 0.45, "arousal": -0.2}
    chat = fake_openai.last("chat").json
    assert chat["model"] == settings.OPENAI_CAPTION_MODEL
    data_uri = chat["messages"][1]["content"][1]["image_url"]["url"]
    sent = Image.open(io.BytesIO(base64.b64decode(data_uri.split(",", 1)[1])))
    assert sent.format == "JPEG" and sent.size == (640, 480)

    # The music came from the fake Vertex pipeline, asked with the caption's prompt.
    [track_ref] = upload["tracks"]
    track = client.get(f"/api/tracks/{track_ref['id']}/").json()
    assert track["provider"] == "vertex-pipeline" and track["duration"] == 12
    parameters = vertex.calls("create")[0].json["runtimeConfig"]["parameterValues"]
    assert parameters["prompt"] == track["prompt"] == caption["music_prompt"]
    assert (parameters["duration"], parameters["seed"]) == (12.0, 5)
    prompt = MusicPrompt.parse(track["prompt"])
    assert (track["tempo_bpm"], track["key"], track["mode"]) == (
        prompt.tempo_bpm, prompt.tonic, prompt.mode)
    assert track["audio"]["midi"] is None

    # The audio lives in the bucket; the API hands out a signed URL to it.
    names = gcs.names()
    for ext in ("wav", "mp3", "ogg"):
        assert any(n.startswith("tracks/") and n.endswith(f".{ext}") for n in names), ext
    redirect = client.get(track["audio"]["wav"])
    assert redirect.status_code == 302
    assert redirect["Location"].startswith(f"{gcs.host}/{gcs.bucket_name}/tracks/")
    wav = requests.get(redirect["Location"], timeout=5)
    audio, rate = soundfile.read(io.BytesIO(wav.content), dtype="float32", always_2d=True)
    assert rate == 44100 and audio.shape == (12 * 44100, 2)
    assert abs(audio).max() > 0.05

    calls = ProviderCall.objects.order_by("created_at", "id")
    assert [(c.provider, c.operation, c.status) for c in calls] == [
        ("openai", "caption", "succeeded"), ("vertex", "pipeline", "succeeded")]


def test_an_upload_gets_its_music_from_lyria(cloud, settings, django_capture_on_commit_callbacks):
    fake_openai, vertex, gcs = cloud
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "music": {
        "BACKEND": "music.backends.vertex.VertexLyriaComposer", "OPTIONS": {}}}
    fake_openai.chat(CAPTION)
    vertex.queue_predict(lyria_answer(wav_bytes(30.0, freqs=(196.0,))))  # Lyria's clip: a G
    client = APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/uploads/", {
            "image": SimpleUploadedFile("dusk.jpg", factories.picture((640, 480)),
                                        content_type="image/jpeg"),
            "duration": 20, "seed": 9}, format="multipart")
    assert response.status_code == 201, response.content
    job = client.get(f"/api/jobs/{response.json()['track_job']['id']}/").json()
    assert job["status"] == "succeeded", job["error"]

    track = client.get(job["result_url"]).json()
    assert track["provider"] == "vertex-lyria" and track["duration"] == 20
    [predict] = vertex.calls("predict")
    assert predict.path == ("/v1/projects/reverie-test/locations/us-central1/publishers/google/"
                            f"models/{settings.VERTEX_MUSIC_MODEL}:predict")
    assert predict.headers["authorization"].startswith("Bearer ")
    [instance] = predict.json["instances"]
    assert (instance["prompt"], instance["seed"]) == (track["prompt"], 9)
    assert track["prompt"].startswith("Warm, ")  # from the caption's prompt
    assert "sample_count" not in (predict.json.get("parameters") or {})

    # What plays is Lyria's clip, fitted to 20 seconds.
    location = client.get(track["audio"]["wav"])["Location"]
    assert location.startswith(f"{gcs.host}/{gcs.bucket_name}/tracks/")
    audio, rate = soundfile.read(io.BytesIO(requests.get(location, timeout=5).content),
                                 dtype="float32", always_2d=True)
    assert rate == 44100 and audio.shape == (20 * 44100, 2)
    spectrum = np.abs(np.fft.rfft(audio[: 5 * rate, 0]))
    assert abs(np.fft.rfftfreq(5 * rate, 1 / rate)[spectrum.argmax()] - 196.0) < 1.0
    calls = ProviderCall.objects.order_by("created_at", "id")
    assert [(c.provider, c.operation, c.status) for c in calls] == [
        ("openai", "caption", "succeeded"), ("vertex", "predict", "succeeded")]
