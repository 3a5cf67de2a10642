"""The track job's lifecycle: its caption hand-off, its MP3/OGG follow-up jobs, and deletes
that happen while it works."""

from __future__ import annotations

import os
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from captioning.models import CaptionJob
from core import jobs
from core.models import Job
from core.ownership import owner_of
from music import services
from music.models import EncodeJob, Track, TrackJob
from tests.captioning.factories import CaptionJobFactory
from tests.music.factories import TrackJobFactory
from tests.uploads import factories
from uploads import track_jobs
from uploads.models import Upload
from uploads.services import upload_delete

# Transactional: each request commits, so its jobs run inline right then (JOB_RUNNER=inline).
pytestmark = pytest.mark.django_db(transaction=True)


def _upload(client: APIClient, **fields) -> dict:
    image = SimpleUploadedFile("sea.jpg", factories.picture(), content_type="image/jpeg")
    response = client.post("/api/uploads/", {"image": image, "duration": 10, **fields},
                           format="multipart")
    assert response.status_code == 201, response.content
    return response.json()


def _files(settings) -> list[str]:
    return sorted(f for _, _, files in os.walk(settings.MEDIA_ROOT) for f in files)


def test_the_mp3_and_ogg_are_follow_up_jobs_of_the_track():
    created = _upload(APIClient())
    track = Track.objects.get(upload_id=created["id"])
    encodes = {job.format: job for job in EncodeJob.objects.filter(track=track)}
    assert set(encodes) == {"mp3", "ogg"}
    assert all(job.status == Job.Status.SUCCEEDED and job.attempts == 1
               for job in encodes.values())
    assert track.mp3.name.endswith(".mp3") and track.ogg.name.endswith(".ogg")
    assert track.mp3.size > 1000 and track.ogg.size > 1000


def test_a_failed_encode_is_recorded_and_its_download_says_so(monkeypatch, settings):
    real_transcode = services.transcode

    def transcode(data, fmt, **options):
        if fmt == "ogg":
            raise RuntimeError("the Vorbis encoder fell over")
        return real_transcode(data, fmt, **options)

    monkeypatch.setattr(services, "transcode", transcode)
    client = APIClient()
    created = _upload(client)
    track = Track.objects.get(upload_id=created["id"])
    ogg_job = EncodeJob.objects.get(track=track, format="ogg")
    assert ogg_job.status == Job.Status.FAILED
    assert ogg_job.error == ("Something went wrong on our side while making the OGG. "
                             "Please try again.")
    assert not track.ogg and track.mp3

    response = client.get(f"/tracks/{track.pk}/audio.ogg")
    assert response.status_code == 409
    text = response.content.decode()
    assert text.startswith("The OGG of this track could not be made: Something went wrong")
    assert "Vorbis" not in text
    assert client.get(f"/tracks/{track.pk}/audio.mp3").status_code == 200
    audio = client.get(f"/api/tracks/{track.pk}/").json()["audio"]
    assert audio["ogg"] is None and urlsplit(audio["mp3"]).path.endswith("/audio.mp3")


def test_an_encode_that_crashed_its_process_twice_is_failed_and_its_download_says_so():
    client = APIClient()
    created = _upload(client)
    track = Track.objects.get(upload_id=created["id"])
    Track.objects.filter(pk=track.pk).update(mp3="")
    EncodeJob.objects.filter(track=track, format="mp3").update(
        status=Job.Status.RUNNING, crashes=1, attempts=2,
        heartbeat_at=timezone.now() - timedelta(minutes=10))
    assert jobs.jobs_reap() == 1
    response = client.get(f"/tracks/{track.pk}/audio.mp3")
    assert response.status_code == 409
    assert str(jobs.CRASHED_MESSAGE) in response.content.decode()


def test_deleting_the_upload_while_its_track_is_made_leaves_no_file(monkeypatch, settings):
    real_encode = track_jobs.encode
    deleted: list[str] = []

    def encode_then_delete(audio, fmt, **kwargs):
        data = real_encode(audio, fmt, **kwargs)
        if fmt == "wav" and not deleted:  # the owner deletes it while the WAV is written
            upload = Upload.objects.get()
            deleted.append(str(upload.pk))
            upload_delete(upload=upload)
        return data

    monkeypatch.setattr(track_jobs, "encode", encode_then_delete)
    _upload(APIClient())
    assert deleted
    assert not Upload.objects.exists() and not Track.objects.exists()
    assert not TrackJob.objects.exists() and not EncodeJob.objects.exists()
    assert _files(settings) == []


def test_deleting_the_track_while_its_mp3_is_made_leaves_no_file(monkeypatch, settings):
    real_transcode = services.transcode

    def transcode_then_delete(wav, fmt, **options):
        data = real_transcode(wav, fmt, **options)
        if fmt == "mp3":
            services.track_delete(track=Track.objects.get())
        return data

    monkeypatch.setattr(services, "transcode", transcode_then_delete)
    created = _upload(APIClient())
    assert not Track.objects.exists() and not EncodeJob.objects.exists()
    assert _files(settings) == [os.path.basename(Upload.objects.get(pk=created["id"]).image.name)]


def test_a_track_waits_for_its_caption_job():
    caption_job = CaptionJobFactory()
    TrackJobFactory(owner=owner_of(caption_job), upload=caption_job.upload)
    queued = TrackJob.objects.filter(status=Job.Status.QUEUED)
    assert list(TrackJob.dispatchable(queued)) == []
    # Its caption job failed (and its hand-off was lost): it may start, to fail with the reason.
    CaptionJob.objects.filter(pk=caption_job.pk).update(status=Job.Status.FAILED, error="No.")
    track_job = TrackJob.dispatchable(queued).get()
    jobs.jobs_redispatch()  # not yet: it was created a moment ago and may be on its way
    track_job.refresh_from_db()
    assert track_job.status == Job.Status.QUEUED
    TrackJob.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    assert jobs.jobs_redispatch() == 1
    track_job.refresh_from_db()
    assert track_job.status == Job.Status.FAILED
    assert track_job.error == ("No music was made because the picture could not be described: "
                               "No.")


def test_a_lost_caption_hand_off_is_swept_up(monkeypatch):
    # The caption job succeeds, but its hand-off to the track is lost with its process.
    monkeypatch.setattr("uploads.tasks.caption_job_followup", lambda job: None)
    monkeypatch.setattr(track_jobs, "_release_if_captioned", lambda job: None)
    created = _upload(APIClient())
    assert CaptionJob.objects.get(upload_id=created["id"]).status == Job.Status.SUCCEEDED
    track_job = TrackJob.objects.get(upload_id=created["id"])
    assert track_job.status == Job.Status.QUEUED

    TrackJob.objects.filter(pk=track_job.pk).update(
        created_at=timezone.now() - timedelta(minutes=10))
    assert jobs.jobs_redispatch() == 1
    track_job.refresh_from_db()
    assert track_job.status == Job.Status.SUCCEEDED and track_job.track is not None


def test_a_retried_track_job_whose_track_was_stored_makes_no_second_one():
    created = _upload(APIClient())
    job = TrackJob.objects.get(upload_id=created["id"])
    # Its process stored the track, then died before the job was marked succeeded.
    TrackJob.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, heartbeat_at=timezone.now() - timedelta(minutes=10))
    assert jobs.jobs_reap() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.SUCCEEDED, 2)
    assert Track.objects.count() == 1 and EncodeJob.objects.count() == 2
