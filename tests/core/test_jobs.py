from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from core import jobs
from core.models import Job
from core.ownership import Owner
from tests.demo.models import DemoJob
from tests.demo.services import demo_job_create

pytestmark = pytest.mark.django_db

ALICE = Owner(session_key="alice-session")


def test_demo_job_goes_queued_running_succeeded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = demo_job_create(owner=ALICE, steps=2)
    assert DemoJob.objects.get(pk=job.pk).status == Job.Status.QUEUED
    assert len(callbacks) == 1  # enqueued only once the row is committed

    callbacks[0]()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.progress == 100
    assert job.result == "done"
    assert job.attempts == 1
    assert job.started_at is not None and job.finished_at >= job.started_at


def test_unexpected_exception_fails_with_a_human_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = demo_job_create(owner=ALICE, crash=True)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "Something went wrong on our side while running the demo. Please try again."
    assert "boom" not in job.error


def test_permanent_backend_error_fails_without_retry(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = demo_job_create(owner=ALICE, fail_with="The demo service rejected the API key.")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "The demo service rejected the API key."
    assert job.attempts == 1


def test_transient_backend_error_is_retried(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = demo_job_create(owner=ALICE, transient_failures=2)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.attempts == 3


def test_transient_errors_give_up_after_max_attempts(settings, django_capture_on_commit_callbacks):
    settings.JOB_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        job = demo_job_create(owner=ALICE, transient_failures=5)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "The demo service is busy."
    assert job.attempts == 2


def test_a_claimed_job_is_not_run_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = demo_job_create(owner=ALICE)
    # A duplicate delivery of the same message finds nothing to claim.
    DemoJob.objects.filter(pk=job.pk).update(result="")
    jobs.job_run(DemoJob, str(job.pk), lambda job, progress: pytest.fail("ran twice"))
    job.refresh_from_db()
    assert job.attempts == 1 and job.result == ""


def test_reaper_requeues_a_job_whose_worker_died(settings, django_capture_on_commit_callbacks):
    settings.JOB_RUNNER = "inline"
    long_ago = timezone.now() - timedelta(minutes=10)
    job = DemoJob.objects.create(**ALICE.fields(), status=Job.Status.RUNNING, attempts=1,
                                 heartbeat_at=long_ago, started_at=long_ago)
    assert jobs.jobs_reap() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.attempts == 2


def test_reaper_fails_a_dead_job_out_of_attempts(settings):
    settings.JOB_MAX_ATTEMPTS = 1
    long_ago = timezone.now() - timedelta(minutes=10)
    job = DemoJob.objects.create(**ALICE.fields(), status=Job.Status.RUNNING, attempts=1,
                                 heartbeat_at=long_ago)
    fresh = DemoJob.objects.create(**ALICE.fields(), status=Job.Status.RUNNING, attempts=1,
                                   heartbeat_at=timezone.now())
    assert jobs.jobs_reap() == 1
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == jobs.DEAD_WORKER_MESSAGE
    assert fresh.status == Job.Status.RUNNING  # its worker is alive: left alone


@pytest.mark.django_db(transaction=True)
def test_inprocess_runner_runs_jobs_off_the_request_thread(settings):
    settings.JOB_RUNNER = "inprocess"
    started = time.monotonic()
    job = demo_job_create(owner=ALICE, steps=3, step_seconds=0.2)
    # Creating the job returned at once: the work happens in the pool.
    assert time.monotonic() - started < 0.5
    assert DemoJob.objects.get(pk=job.pk).status in {Job.Status.QUEUED, Job.Status.RUNNING}
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.05)
    assert job.status == Job.Status.SUCCEEDED


def test_cancelling_a_queued_job_cancels_it_at_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = demo_job_create(owner=ALICE)
    jobs.job_cancel(job)
    callbacks[0]()  # the task still arrives, and finds nothing to claim
    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED and job.error == jobs.CANCELLED_MESSAGE
    assert job.result == "" and job.is_finished


def test_cancelling_a_running_job_stops_it_at_its_next_progress_report():
    job = DemoJob.objects.create(**ALICE.fields(), steps=5)

    def work(job, progress):
        progress(10)
        jobs.job_cancel(job)  # the owner asks while the job runs
        progress(20)
        pytest.fail("the job kept running after it was cancelled")

    jobs.job_run(DemoJob, str(job.pk), work)
    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED and job.error == jobs.CANCELLED_MESSAGE
    assert job.progress == 10
