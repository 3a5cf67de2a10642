"""Upload → caption → music, end to end on the offline engines, through the API and socket."""

from __future__ import annotations

import io
import os
from urllib.parse import urlsplit

import numpy as np
import pytest
import soundfile
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from captioning.models import Caption, CaptionJob
from config.asgi import application
from core.models import Job
from core.ownership import SESSION_OWNER_KEY
from music.models import Track, TrackJob
from tests.analysis import estimate_key, estimate_tempo, parent_mode, tempo_matches
from tests.uploads import factories
from uploads.models import Upload

# Transactional: each request commits, so its jobs run inline right then (JOB_RUNNER=inline).
pytestmark = pytest.mark.django_db(transaction=True)


def _upload(client, data: bytes, name: str = "china.jpg", **fields):
    image = SimpleUploadedFile(name, data, content_type="image/jpeg")
    return client.post("/api/uploads/", {"image": image, **fields}, format="multipart")


@pytest.fixture
def photo() -> bytes:
    return factories.photo_path("china.jpg").read_bytes()


@pytest.fixture
def run_jobs():
    """Jobs run inline as each request's transaction commits (tests/settings.py)."""


def test_a_photograph_becomes_a_track_matching_its_record(photo, run_jobs):
    client = APIClient()
    response = _upload(client, photo, duration=12, seed=7)
    assert response.status_code == 201, response.content
    created = response.json()
    assert set(created) >= {"id", "image_url", "width", "height", "job", "results_url"}
    assert (created["width"], created["height"]) == (640, 427)
    assert created["job"]["kind"] == "caption"
    assert created["results_url"].endswith(f"/results/{created['id']}/")

    upload = client.get(f"/api/uploads/{created['id']}/").json()
    caption = upload["caption"]
    assert caption["provider"] == "offline" and caption["text"]
    assert -1 <= caption["mood"]["valence"] <= 1 and -1 <= caption["mood"]["arousal"] <= 1
    assert "BPM" in caption["music_prompt"]
    assert len(upload["tracks"]) == 1

    track = client.get(f"/api/tracks/{upload['tracks'][0]['id']}/").json()
    assert track["duration"] == 12 and track["seed"] == 7 and track["provider"] == "offline"
    assert len(track["waveform"]) == 200 and max(track["waveform"]) == 1.0
    assert set(track["audio"]) == {"wav", "mp3", "ogg", "midi"}

    wav = client.get(track["audio"]["wav"])
    assert wav.status_code == 200 and wav["Content-Type"] == "audio/wav"
    audio, rate = soundfile.read(io.BytesIO(b"".join(wav.streaming_content)), dtype="float32")
    assert rate == 44100 and audio.shape[1] == 2
    assert abs(len(audio) / rate - 12) < 0.05
    assert np.sqrt(np.mean(audio**2)) > 0.02  # not silent
    assert np.abs(audio).max() <= 0.9

    mono = audio.mean(axis=1)
    assert tempo_matches(estimate_tempo(mono, rate), track["tempo_bpm"])
    assert estimate_key(mono, rate) == (track["key"], parent_mode(track["mode"]))


def test_every_download_answers_with_its_type_and_a_sensible_name(photo, run_jobs):
    client = APIClient()
    created = _upload(client, photo, duration=10, seed=3).json()
    track = Track.objects.get(upload_id=created["id"])
    expected = {"wav": "audio/wav", "mp3": "audio/mpeg", "ogg": "audio/ogg",
                "midi": "audio/midi"}
    for fmt, content_type in expected.items():
        response = client.get(f"/tracks/{track.pk}/audio.{fmt}?download=1")
        assert response.status_code == 200, fmt
        assert response["Content-Type"] == content_type
        disposition = response["Content-Disposition"]
        extension = "mid" if fmt == "midi" else fmt
        assert disposition.startswith("attachment; filename=\"china-")
        assert disposition.endswith(f"-seed3.{extension}\"")
        body = b"".join(response.streaming_content)
        magic = {"wav": b"RIFF", "ogg": b"OggS", "midi": b"MThd"}.get(fmt)
        assert body.startswith(magic) if magic else len(body) > 1000
    assert soundfile.info(io.BytesIO(
        b"".join(client.get(f"/tracks/{track.pk}/audio.mp3").streaming_content))).frames > 0


def test_the_player_can_seek_with_byte_ranges(photo, run_jobs):
    client = APIClient()
    created = _upload(client, photo, duration=10).json()
    track = Track.objects.get(upload_id=created["id"])
    response = client.get(f"/tracks/{track.pk}/audio.wav", HTTP_RANGE="bytes=100-199")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{track.wav.size}"
    with track.wav.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()[100:200]


def test_the_same_owner_uploading_the_same_picture_reuses_it(photo, run_jobs):
    client = APIClient()
    first = _upload(client, photo, duration=10).json()
    second = _upload(client, photo, duration=10).json()
    assert second["id"] == first["id"]
    assert second["job"]["kind"] == "track"  # no second caption job
    assert Upload.objects.count() == 1 and CaptionJob.objects.count() == 1
    assert Track.objects.filter(upload_id=first["id"]).count() == 2


def test_another_owner_gets_the_cached_caption_without_a_new_caption_job(photo, run_jobs):
    first = _upload(APIClient(), photo, duration=10).json()
    second = _upload(APIClient(), photo, duration=10).json()
    assert second["id"] != first["id"]
    assert second["caption_job"] is None
    assert CaptionJob.objects.count() == 1
    texts = set(Caption.objects.values_list("text", flat=True))
    assert len(texts) == 1 and Caption.objects.count() == 2


def test_a_variation_with_another_mood_changes_the_music(run_jobs):
    client = APIClient()
    bright = factories.picture((400, 300), colour=(250, 210, 60))
    created = _upload(client, bright, name="sun.jpg", duration=10, seed=1).json()
    original = Track.objects.get(upload_id=created["id"])
    response = client.post("/api/tracks/", {"upload": created["id"], "duration": 10, "seed": 1,
                                            "mood": {"valence": -0.9, "arousal": -0.9}},
                           format="json")
    assert response.status_code == 201
    job = TrackJob.objects.get(pk=response.json()["job"]["id"])
    assert job.status == Job.Status.SUCCEEDED
    variation = job.track
    assert variation.tempo_bpm < original.tempo_bpm
    assert variation.mode in {"minor", "phrygian"}
    assert variation.key == original.key  # same picture, same key colour


def test_bad_variation_requests(photo, run_jobs):
    client = APIClient()
    created = _upload(client, photo, duration=10).json()
    response = client.post("/api/tracks/", {"upload": created["id"],
                                            "mood": {"valence": 3, "arousal": 0}}, format="json")
    assert response.status_code == 400
    assert "mood.valence" in response.json()["error"]["fields"]
    response = APIClient().post("/api/tracks/", {"upload": created["id"]}, format="json")
    assert response.status_code == 404  # someone else's upload


def test_other_visitors_get_404_everywhere(photo, run_jobs):
    owner, stranger = APIClient(), APIClient()
    created = _upload(owner, photo, duration=10).json()
    track = Track.objects.get(upload_id=created["id"])
    stranger.get("/")
    for url in (f"/api/uploads/{created['id']}/", f"/api/tracks/{track.pk}/",
                f"/results/{created['id']}/", f"/tracks/{track.pk}/audio.wav",
                f"/api/jobs/{created['job']['id']}/"):
        assert stranger.get(url).status_code == 404, url
        assert owner.get(url).status_code == 200, url
    assert stranger.delete(f"/api/uploads/{created['id']}/").status_code == 404
    assert owner.get("/api/uploads/").json()["count"] == 1
    assert stranger.get("/api/uploads/").json()["count"] == 0


def test_deleting_an_upload_removes_its_files(photo, run_jobs, settings):
    client = APIClient()
    created = _upload(client, photo, duration=10).json()
    track = Track.objects.get(upload_id=created["id"])
    client.get(f"/tracks/{track.pk}/audio.mp3")
    assert client.delete(f"/api/uploads/{created['id']}/").status_code == 204
    assert not Upload.objects.exists() and not Track.objects.exists()
    leftovers = [f for _, _, files in os.walk(settings.MEDIA_ROOT) for f in files]
    assert leftovers == []


def test_a_failed_caption_fails_the_waiting_track_with_a_reason(photo, settings, run_jobs):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "captioning": {
        "BACKEND": "tests.uploads.broken.RefusingCaptioner", "OPTIONS": {}}}
    created = _upload(APIClient(), photo, duration=10).json()
    caption_job = CaptionJob.objects.get(pk=created["job"]["id"])
    track_job = TrackJob.objects.get(upload_id=created["id"])
    assert caption_job.status == Job.Status.FAILED
    assert caption_job.error == "The captioning service refused this picture."
    assert track_job.status == Job.Status.FAILED
    assert "could not be described" in track_job.error


def test_results_page_for_the_owner_and_404_for_others(photo, run_jobs):
    client = Client()
    client.get("/")
    with open(factories.photo_path("china.jpg"), "rb") as handle:
        response = client.post("/", {"image": handle, "duration": 10})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    upload = Upload.objects.get()
    html = page.content.decode()
    assert upload.caption.text.split(",")[0] in html
    assert "audio.wav" in html and "?download=1" in html
    assert Client().get(response["Location"]).status_code == 404


def test_upload_page_without_javascript_shows_errors(run_jobs):
    response = Client().post("/", {"image": SimpleUploadedFile("x.jpg", b"not an image"),
                                   "duration": 30})
    assert response.status_code == 400
    assert "not a picture we can read" in response.content.decode()
    assert not Upload.objects.exists()


def test_regenerate_form_without_javascript(photo, run_jobs):
    client = Client()
    with open(factories.photo_path("china.jpg"), "rb") as handle:
        location = client.post("/", {"image": handle, "duration": 10})["Location"]
    response = client.post(location, {"duration": 10, "seed": 99, "valence": 0.5,
                                      "arousal": 0.2})
    assert response.status_code == 302
    assert Track.objects.filter(seed=99).exists()
    response = client.post(location, {"duration": 500})
    assert response.status_code == 400


async def test_job_events_reach_the_owners_socket(photo, settings):
    settings.JOB_PROGRESS_INTERVAL_SECONDS = 0  # every progress step pushed
    session = SessionStore()
    await sync_to_async(session.__setitem__)(SESSION_OWNER_KEY, "listener")
    await sync_to_async(session.save)()
    cookie = f"sessionid={session.session_key}"
    socket = WebsocketCommunicator(application, "/ws/jobs/", headers=[
        (b"host", b"127.0.0.1"), (b"origin", b"http://127.0.0.1"), (b"cookie", cookie.encode())])
    assert (await socket.connect())[0]

    def upload() -> dict:
        client = APIClient()
        client.cookies["sessionid"] = session.session_key
        return _upload(client, photo, duration=10).json()

    created = await sync_to_async(upload)()
    events: list[dict] = []
    while not await socket.receive_nothing(timeout=0.5):
        events.append((await socket.receive_json_from())["job"])
    kinds = {event["kind"] for event in events}
    # The track's MP3 and OGG are its follow-up jobs, watched likewise.
    assert kinds == {"caption", "track", "encode"}
    encodes = [e for e in events if e["kind"] == "encode" and e["status"] == "succeeded"]
    assert len(encodes) == 2
    track_events = [e for e in events if e["kind"] == "track"]
    assert track_events[-1]["status"] == "succeeded"
    assert urlsplit(track_events[-1]["result_url"]).path.startswith("/api/tracks/")
    assert any(e["status"] == "running" and 0 < e["progress"] < 100 for e in track_events)
    # The encodes start once the track is playable and its owner has been told so.
    playable = events.index(track_events[-1])
    assert all(events.index(e) > playable for e in events if e["kind"] == "encode")
    assert created["job"]["id"] in {e["id"] for e in events}
    await socket.disconnect()
