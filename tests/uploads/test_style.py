"""The style a person writes goes with the upload or variation, is stored with the track,
steers its music and is shown on the results page; too long a style is a clear 400."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from music.models import Track, TrackJob
from tests.uploads import factories
from uploads.models import Upload

pytestmark = pytest.mark.django_db(transaction=True)


def _upload(client, **fields):
    image = SimpleUploadedFile("sun.jpg", factories.picture((400, 300), colour=(250, 210, 60)),
                               content_type="image/jpeg")
    return client.post("/api/uploads/", {"image": image, "duration": 10, "seed": 5, **fields},
                       format="multipart")


def test_an_upload_with_a_style_makes_that_music_and_shows_it():
    client = APIClient()
    response = _upload(client, style="  calm   piano ")
    assert response.status_code == 201, response.content
    track = Track.objects.get(upload_id=response.json()["id"])
    assert track.style == "calm piano"
    assert "Instruments: piano." in track.prompt and track.prompt.endswith("Style: calm piano")
    body = client.get(f"/api/tracks/{track.pk}/").json()
    assert body["style"] == "calm piano"

    variation = client.post("/api/tracks/", {"upload": str(track.upload_id), "duration": 10,
                                             "seed": 5, "style": "fast techno"}, format="json")
    assert variation.status_code == 201, variation.content
    techno = TrackJob.objects.get(pk=variation.json()["job"]["id"]).track
    assert techno.style == "fast techno" and 125 <= techno.tempo_bpm <= 140
    assert techno.tempo_bpm > track.tempo_bpm + 40

    page = client.get(f"/results/{track.upload_id}/?track={track.pk}").content.decode()
    assert "“calm piano”" in page and "“fast techno”" in page  # playing, and in the versions


def test_too_long_a_style_is_refused_and_nothing_is_kept(settings):
    response = _upload(APIClient(), style="jazzy " * 40)
    assert response.status_code == 400
    error = response.json()["error"]
    assert "at most 200 characters" in error["fields"]["style"][0]
    assert not Upload.objects.exists() and not TrackJob.objects.exists()


def test_too_long_a_style_for_a_variation_is_refused():
    client = APIClient()
    created = _upload(client).json()
    response = client.post("/api/tracks/", {"upload": created["id"], "style": "x" * 201},
                           format="json")
    assert response.status_code == 400
    assert "at most 200 characters" in response.json()["error"]["fields"]["style"][0]
    assert TrackJob.objects.count() == 1


def test_the_page_without_javascript_takes_a_style_too():
    client = Client()
    with open(factories.photo_path("flower.jpg"), "rb") as handle:
        location = client.post("/", {"image": handle, "duration": 10,
                                     "style": "sad cello"})["Location"]
    track = Track.objects.get()
    assert track.style == "sad cello" and track.mode in {"minor", "dorian", "phrygian"}
    response = client.post(location, {"duration": 10, "style": "y" * 300})
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
