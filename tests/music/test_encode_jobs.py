"""MP3 and OGG are made off the track's slot: the track plays (as WAV) before they exist, they
follow in background jobs, and a download that asks first gets its file made at once."""

from __future__ import annotations

import io
import threading
import time

import pytest
import soundfile
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from core import job_runners
from core.models import Job
from music import services
from music.models import EncodeJob, Track, TrackJob
from tests.uploads import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _upload(client: APIClient, colour=(230, 140, 40)) -> str:
    image = SimpleUploadedFile("sea.jpg", factories.picture(colour=colour),
                               content_type="image/jpeg")
    response = client.post("/api/uploads/", {"image": image, "duration": 10},
                           format="multipart")
    assert response.status_code == 201, response.content
    return response.json()["track_job"]["id"]


def _until(condition, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def held_encodes(monkeypatch, settings):
    """The in-process runner, with every background encode held until `release` is set."""
    settings.JOB_RUNNER = "inprocess"
    monkeypatch.setattr(job_runners, "inprocess", job_runners.InProcessRunner())
    release, calls = threading.Event(), []
    real_transcode = services.transcode

    def transcode(data, fmt, **options):
        calls.append((fmt, options.get("background", False)))
        if options.get("background"):
            release.wait(60)
        return real_transcode(data, fmt, **options)

    monkeypatch.setattr(services, "transcode", transcode)
    yield release, calls
    release.set()


def test_a_track_plays_before_its_mp3_exists_and_the_mp3_follows(held_encodes):
    release, calls = held_encodes
    client = APIClient()
    first = _upload(client)
    _until(lambda: TrackJob.objects.get(pk=first).is_finished)
    job = TrackJob.objects.get(pk=first)
    assert job.status == Job.Status.SUCCEEDED
    track = Track.objects.get(pk=job.track_id)
    assert not track.mp3 and not track.ogg  # both encodes are held, running in the background
    assert {e.status for e in track.encode_jobs.all()} <= {Job.Status.QUEUED,
                                                           Job.Status.RUNNING}
    wav = client.get(f"/tracks/{track.pk}/audio.wav")
    assert wav.status_code == 200 and b"".join(wav.streaming_content)[:4] == b"RIFF"

    # With both background threads busy, the next upload's track is not kept waiting.
    second = _upload(client, colour=(20, 60, 200))
    _until(lambda: TrackJob.objects.get(pk=second).is_finished)
    assert TrackJob.objects.get(pk=second).status == Job.Status.SUCCEEDED
    assert not Track.objects.get(pk=track.pk).mp3

    release.set()
    _until(lambda: Track.objects.filter(mp3="").count() == 0
           and Track.objects.filter(ogg="").count() == 0)
    track.refresh_from_db()
    with track.mp3.open("rb") as handle:
        info = soundfile.info(io.BytesIO(handle.read()))
    assert info.frames == 10 * 44100 and info.samplerate == 44100
    assert ("mp3", True) in calls and ("ogg", True) in calls  # made in the background pool


def _track_without_mp3(client: APIClient, status: str) -> Track:
    job = TrackJob.objects.get(pk=_upload(client))
    track = Track.objects.get(pk=job.track_id)
    track.mp3.delete(save=True)  # as if its job had not run yet
    EncodeJob.objects.filter(track=track, format="mp3").update(status=status, attempts=0,
                                                               finished_at=None)
    return track


def test_a_download_asking_first_makes_the_mp3_at_once_in_the_urgent_workers(monkeypatch):
    pools = []
    real_transcode = services.transcode
    monkeypatch.setattr(services, "transcode", lambda data, fmt, **options: (
        pools.append(options.get("background", False)) or real_transcode(data, fmt, **options)))
    client = APIClient()
    track = _track_without_mp3(client, Job.Status.QUEUED)
    pools.clear()  # the upload's own encodes (inline here) ran in the background pool
    response = client.get(f"/tracks/{track.pk}/audio.mp3?download=1")
    assert response.status_code == 200 and response["Content-Type"] == "audio/mpeg"
    body = b"".join(response.streaming_content)
    assert soundfile.info(io.BytesIO(body)).frames == 10 * 44100
    assert pools == [False]
    job = EncodeJob.objects.get(track=track, format="mp3")
    assert job.status == Job.Status.SUCCEEDED and job.attempts == 1  # the job is done, once


def test_a_download_waits_for_an_mp3_being_made_elsewhere(settings):
    client = APIClient()
    track = _track_without_mp3(client, Job.Status.RUNNING)
    settings.ENCODE_WAIT_SECONDS = 0.3
    response = client.get(f"/tracks/{track.pk}/audio.mp3")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "being prepared" in response.content.decode()

    settings.ENCODE_WAIT_SECONDS = 30
    elsewhere = threading.Timer(0.5, services.track_encode,
                                kwargs={"track": Track.objects.get(pk=track.pk), "fmt": "mp3"})
    elsewhere.start()
    started = time.monotonic()
    response = client.get(f"/tracks/{track.pk}/audio.mp3")
    elsewhere.join()
    assert response.status_code == 200 and time.monotonic() - started >= 0.5
    assert soundfile.info(io.BytesIO(b"".join(response.streaming_content))).frames == 441000
