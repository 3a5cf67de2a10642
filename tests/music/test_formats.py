"""Every format at every length people choose, through the API as a program would use it:
upload with a duration, ask for variations, then fetch each audio URL of the track JSON.

Tracks of 50 s and more used to crash the server inside the OGG encoder (one write of the
whole track); each length is rendered once, and all four files are decoded and measured.
"""

from __future__ import annotations

import io

import mido
import pytest
import soundfile
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.uploads import factories

pytestmark = pytest.mark.django_db(transaction=True)

DURATIONS = (10, 30, 60, 90, 120)
CONTENT_TYPES = {"wav": "audio/wav", "mp3": "audio/mpeg", "ogg": "audio/ogg",
                 "midi": "audio/midi"}


def _seconds(fmt: str, body: bytes) -> float:
    if fmt == "midi":
        return mido.MidiFile(file=io.BytesIO(body)).length
    # Decoded in full: a header's frame count could be an estimate (MP3).
    audio, rate = soundfile.read(io.BytesIO(body), dtype="float32", always_2d=True)
    assert rate == 44100 and audio.shape[1] == 2, fmt
    return len(audio) / rate


def _tracks_by_duration(client: APIClient) -> dict[int, dict]:
    image = SimpleUploadedFile("china.jpg", factories.photo_path().read_bytes(),
                               content_type="image/jpeg")
    created = client.post("/api/uploads/", {"image": image, "duration": DURATIONS[0],
                                            "seed": 11}, format="multipart")
    assert created.status_code == 201, created.content
    upload_id = created.json()["id"]
    for duration in DURATIONS[1:]:
        response = client.post("/api/tracks/", {"upload": upload_id, "duration": duration,
                                                "seed": 11}, format="json")
        assert response.status_code == 201, response.content
        job = client.get(f"/api/jobs/{response.json()['job']['id']}/").json()
        assert job["status"] == "succeeded", job
    tracks = client.get(f"/api/uploads/{upload_id}/").json()["tracks"]
    return {round(track["duration"]): track for track in tracks}


def test_every_format_at_every_length_downloads_whole():
    client = APIClient()
    tracks = _tracks_by_duration(client)
    assert sorted(tracks) == list(DURATIONS)
    measured = {}
    for duration, listed in tracks.items():
        track = client.get(f"/api/tracks/{listed['id']}/").json()
        assert set(track["audio"]) == set(CONTENT_TYPES)
        for fmt, url in track["audio"].items():
            assert url, (duration, fmt)
            response = client.get(url)
            assert response.status_code == 200, (duration, fmt, response.content[:200])
            assert response["Content-Type"] == CONTENT_TYPES[fmt], (duration, fmt)
            measured[duration, fmt] = _seconds(fmt, b"".join(response.streaming_content))
    wrong = {key: round(seconds, 3) for key, seconds in measured.items()
             if abs(seconds - key[0]) > 0.05}
    assert not wrong, f"decoded lengths off by more than 50 ms: {wrong}"
    assert len(measured) == len(DURATIONS) * len(CONTENT_TYPES)
