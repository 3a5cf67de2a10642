"""Too much at once is refused kindly (core.backpressure): an owner's backlog is a 429, a full
queue or an unreachable broker a 503, each with Retry-After and nothing saved."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from config.celery import app as celery_app
from core import backpressure, jobs
from core.models import Job
from core.ownership import Owner
from tests.accounts.factories import TokenFactory
from tests.core.factories import DemoJobFactory
from tests.demo.models import DemoJob
from tests.uploads.factories import picture
from uploads.models import Upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _broker_fine():
    backpressure.broker_reachable()
    yield
    backpressure.broker_reachable()


@pytest.fixture
def program():
    token = TokenFactory()
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    client.owner = Owner(user_id=token.user_id)
    return client


def _upload(client: APIClient):
    return client.post("/api/uploads/", {"image": _file()}, format="multipart")


def _file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("p.jpg", picture(), content_type="image/jpeg")


def _queue(owner: Owner, count: int) -> None:
    DemoJobFactory.create_batch(count, owner=owner, steps=1)


def test_an_owner_with_a_full_backlog_is_asked_to_wait(program, settings):
    settings.JOB_MAX_QUEUED_PER_OWNER = 3
    settings.JOB_OWNER_RETRY_AFTER_SECONDS = 7
    _queue(program.owner, 3)
    _queue(Owner(session_key="someone-else"), 5)  # other people's work is not counted

    response = _upload(program)
    assert response.status_code == 429
    assert response["Retry-After"] == "7"
    error = response.json()["error"]
    assert error["code"] == "too_many_jobs"
    assert "3 pieces of work waiting" in error["message"]
    assert not Upload.objects.exists()


def test_below_the_backlog_an_upload_goes_through(program, settings):
    settings.JOB_MAX_QUEUED_PER_OWNER = 3
    _queue(program.owner, 2)
    # Running and finished jobs are not waiting.
    DemoJobFactory(owner=program.owner, steps=1, status=Job.Status.RUNNING)
    DemoJobFactory(owner=program.owner, steps=1, status=Job.Status.SUCCEEDED)
    assert _upload(program).status_code == 201


def test_the_mp3_and_ogg_still_to_make_are_not_the_owners_backlog(program, settings):
    from music.models import EncodeJob
    from tests.music.factories import EncodeJobFactory

    # Someone whose tracks all play, with their downloads still waiting behind other work.
    settings.JOB_MAX_QUEUED_PER_OWNER = 3
    for _ in range(3):
        for fmt in EncodeJob.Format:
            EncodeJobFactory(owner=program.owner, format=fmt)
    assert _upload(program).status_code == 201
    # They still fill the queue everyone shares.
    settings.JOB_MAX_QUEUED = EncodeJob.objects.count() + 2  # + the new caption and track
    response = _upload(program)
    assert response.status_code == 503 and response.json()["error"]["code"] == "queue_full"


def test_a_full_queue_is_a_503_for_everyone(program, settings):
    settings.JOB_MAX_QUEUED = 4
    _queue(Owner(session_key="a"), 2)
    _queue(Owner(session_key="b"), 2)
    response = _upload(program)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "queue_full"
    assert not Upload.objects.exists()


def test_an_unreachable_broker_keeps_the_job_and_refuses_new_work(program, settings):
    settings.JOB_RUNNER = "celery"
    settings.JOB_BROKER_RETRY_SECONDS = 30
    job = DemoJobFactory(owner=program.owner, steps=1)
    broker, policy = celery_app.conf.broker_url, celery_app.conf.task_publish_retry_policy
    # Nothing listens on port 1: a real connection refused, through Celery and kombu.
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    celery_app.conf.task_publish_retry_policy = {"max_retries": 0}
    _forget_broker_connections()
    try:
        jobs.job_dispatch(job)  # no exception: the sweep sends it once the broker is back
    finally:
        celery_app.conf.broker_url, celery_app.conf.task_publish_retry_policy = broker, policy
        _forget_broker_connections()
    assert DemoJob.objects.get(pk=job.pk).status == Job.Status.QUEUED

    response = _upload(program)
    assert response.status_code == 503
    assert 25 <= int(response["Retry-After"]) <= 30
    assert response.json()["error"]["code"] == "queue_unavailable"
    assert not Upload.objects.exists()


def _forget_broker_connections() -> None:
    # Celery keeps its connection and producer pools for the URL it first saw.
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _wav() -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.dreams.conftest import tone

    return SimpleUploadedFile("dream.wav", tone(), content_type="audio/wav")


@pytest.mark.parametrize(("path", "body", "fmt"), [
    ("/api/dreams/", lambda: {"text": "I was flying over the sea."}, "json"),
    ("/api/dreams/", lambda: {"audio": _wav()}, "multipart"),
    ("/api/dreams/transcriptions/", lambda: {"audio": _wav()}, "multipart"),
    ("/api/stories/", lambda: {"protagonist": "cat", "theme": "a picnic", "age_band": "6-8"},
     "json"),
])
def test_dreams_and_stories_wait_behind_an_owners_backlog_too(program, settings, path, body,
                                                              fmt):
    from django.core.files.storage import default_storage

    from dreams.models import Dream, TranscriptionJob
    from stories.models import Story

    settings.JOB_MAX_QUEUED_PER_OWNER = 2
    _queue(program.owner, 2)
    response = program.post(path, body(), format=fmt)
    assert response.status_code == 429, response.content
    assert response["Retry-After"]
    assert response.json()["error"]["code"] == "too_many_jobs"
    assert not (Dream.objects.exists() or TranscriptionJob.objects.exists()
                or Story.objects.exists())
    assert not default_storage.exists("dreams/audio") or not default_storage.listdir(
        "dreams/audio")[1]  # no recording kept for work that was refused


def test_a_full_queue_refuses_a_dream_to_read_again(program, settings):
    from dreams.models import Dream

    dream = Dream.objects.create(**program.owner.fields(), text="A quiet lake.", title="Lake")
    settings.JOB_MAX_QUEUED = 1
    _queue(Owner(session_key="someone-else"), 1)
    response = program.post(f"/api/dreams/{dream.pk}/analyse/")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "queue_full"
    assert not dream.jobs.exists()
