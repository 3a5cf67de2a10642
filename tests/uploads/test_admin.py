from __future__ import annotations

import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from core.models import Job
from music.models import Track, TrackJob
from tests.uploads import factories
from uploads.models import Upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def curator() -> Client:
    user = get_user_model().objects.create_user("cora", password="pw-cora-123", is_staff=True)
    # Transactional tests empty every table, the data migration's group included: give the
    # group back what the uploads and music migrations grant it.
    group, _ = Group.objects.get_or_create(name="curators")
    group.permissions.add(*Permission.objects.filter(codename__in=[
        "view_upload", "change_upload", "delete_upload", "view_track", "change_track",
        "delete_track", "view_trackjob", "change_trackjob", "view_caption"]))
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def made() -> dict:
    image = SimpleUploadedFile("beach.jpg", factories.picture(colour=(240, 200, 80)))
    return APIClient().post("/api/uploads/", {"image": image, "duration": 10},
                            format="multipart").json()


def test_curators_browse_filter_and_search(curator, made):
    page = curator.get("/admin/uploads/upload/?provider=offline")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<img src=" in html and Upload.objects.get().caption.text[:30] in html
    caption_word = Upload.objects.get().caption.text.split()[2].strip(",.")
    assert curator.get(f"/admin/uploads/upload/?q={caption_word}").context["cl"].result_count == 1
    assert curator.get("/admin/uploads/upload/?q=zzzz-nothing").context["cl"].result_count == 0
    tracks = curator.get("/admin/music/track/?provider__exact=offline")
    assert tracks.status_code == 200 and "<audio controls" in tracks.content.decode()
    assert curator.get("/admin/music/trackjob/?status__exact=succeeded").context[
        "cl"].result_count == 1


def test_delete_action_removes_the_stored_files(curator, made, settings):
    upload = Upload.objects.get()
    response = curator.post("/admin/uploads/upload/", {
        "action": "delete_with_files", "_selected_action": [str(upload.pk)]})
    assert response.status_code == 302
    assert not Upload.objects.exists() and not Track.objects.exists()
    assert [f for _, _, files in os.walk(settings.MEDIA_ROOT) for f in files] == []


def test_rerun_action_runs_a_failed_job_again(curator, made):
    job = TrackJob.objects.get()
    job.track.delete()
    TrackJob.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, error="It broke.")
    response = curator.post("/admin/music/trackjob/", {
        "action": "rerun", "_selected_action": [str(job.pk)]})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.error == "" and job.track is not None
