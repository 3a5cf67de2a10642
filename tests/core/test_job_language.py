"""What a job tells its owner later is said in their language, whichever process says it.

A job remembers the language of the request that asked for it (Job.owner_language); the
runner, the monitor and a cancel speak it, not the language active in the worker.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from rest_framework.test import APIClient

from captioning.models import CaptionJob
from core import job_monitor, jobs
from core.models import Job
from core.ownership import Owner
from music.models import TrackJob
from tests.demo.models import DemoJob
from tests.demo.services import demo_job_create
from tests.uploads import factories

ALICE = Owner(session_key="alice-session")
OPENAI_CAPTIONER = {"BACKEND": "captioning.backends.openai.OpenAICaptioner", "OPTIONS": {}}


def _upload(language: str) -> dict:
    image = SimpleUploadedFile("beach.jpg", factories.picture(), content_type="image/jpeg")
    response = APIClient().post("/api/uploads/", {"image": image}, format="multipart",
                                HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 201, response.content
    return response.json()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("language", "caption_error", "track_error"), [
    ("ko", "캡션 서비스에서 API 키를 거부했어요. OPENAI_API_KEY를 확인하세요.",
     "사진을 설명하지 못해서 음악을 만들지 않았어요: "),
    ("en", "The captioning service rejected the API key; check OPENAI_API_KEY.",
     "No music was made because the picture could not be described: "),
])
def test_a_provider_failure_reaches_the_uploader_in_their_language(
        fake_openai, settings, language, caption_error, track_error):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "captioning": OPENAI_CAPTIONER}
    fake_openai.error("chat", 401, "Incorrect API key provided: sk-test***.")
    # The inline runner works in the request's thread; an English worker must not matter.
    created = _upload(language)

    caption_job = CaptionJob.objects.get(upload_id=created["id"])
    assert caption_job.owner_language == language
    assert (caption_job.status, caption_job.error) == (Job.Status.FAILED, caption_error)
    track_job = TrackJob.objects.get(upload_id=created["id"])
    assert track_job.status == Job.Status.FAILED
    assert track_job.error == track_error + caption_error


@pytest.mark.django_db
def test_a_job_remembers_the_language_of_the_request_that_made_it():
    with translation.override("ko"):
        korean = DemoJob.objects.create(**ALICE.fields())
    english = DemoJob.objects.create(**ALICE.fields())
    assert (korean.owner_language, english.owner_language) == ("ko", "en")


@pytest.mark.django_db
def test_an_unexpected_failure_is_explained_in_the_owners_language(
        django_capture_on_commit_callbacks):
    with translation.override("ko"):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            job = demo_job_create(owner=ALICE, crash=True)
    assert translation.get_language() == "en"  # the runner below works in English
    callbacks[0]()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "running the demo 중에 저희 쪽에서 문제가 생겼어요. 다시 시도해 주세요."
    assert translation.get_language() == "en"  # and is left as it was


@pytest.mark.django_db
def test_what_a_job_was_doing_is_named_in_korean_too():
    job = CaptionJob(owner_language="ko")
    with translation.override("ko"):
        assert jobs._unexpected(job) == (
            "사진을 살펴보는 중에 저희 쪽에서 문제가 생겼어요. 다시 시도해 주세요.")
    assert jobs._unexpected(job) == (
        "Something went wrong on our side while looking at your picture. Please try again.")


@pytest.mark.django_db
def test_the_monitor_fails_a_dead_workers_job_in_its_owners_language(settings):
    stale = timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS + 60)
    job = DemoJob.objects.create(**ALICE.fields(), owner_language="ko",
                                 status=Job.Status.RUNNING, heartbeat_at=stale,
                                 attempts=settings.JOB_MAX_ATTEMPTS)
    assert job_monitor.jobs_reap() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "이 작업을 처리하던 작업자가 끝내기 전에 멈췄어요. 다시 시도해 주세요."


@pytest.mark.django_db
def test_a_cancel_is_recorded_in_the_owners_language_whoever_cancels():
    job = DemoJob.objects.create(**ALICE.fields(), owner_language="ko")
    jobs.job_cancel(job)  # a curator reading English, say
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.CANCELLED, "요청하신 대로 취소했어요.")
