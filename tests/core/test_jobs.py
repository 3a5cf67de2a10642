from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from core import job_monitor, job_outcomes, job_runners, jobs
from core.models import Job
from core.ownership import Owner
from core.serializers import JobSerializer
from tests.core.factories import DemoJobFactory
from tests.demo.models import DemoJob
from tests.demo.services import demo_job_create, demo_job_execute

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
    job = DemoJobFactory(dead=True, started_at=long_ago)
    assert jobs.jobs_reap() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.attempts == 2


def test_reaper_fails_a_dead_job_out_of_attempts(settings):
    settings.JOB_MAX_ATTEMPTS = 1
    job = DemoJobFactory(dead=True)
    fresh = DemoJobFactory(running=True, heartbeat_at=timezone.now())
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


def test_cancelling_a_running_job_stops_it_at_its_next_progress_report(settings):
    settings.JOB_PROGRESS_INTERVAL_SECONDS = 0  # every step written
    job = DemoJobFactory(steps=5)

    def work(job, progress):
        progress(10)
        jobs.job_cancel(job)  # the owner asks while the job runs
        progress(20)
        pytest.fail("the job kept running after it was cancelled")

    jobs.job_run(DemoJob, str(job.pk), work)
    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED and job.error == jobs.CANCELLED_MESSAGE
    assert job.progress == 10


# Recovery: the row is the source of truth -----------------------------------------------------

STALE = timedelta(minutes=10)


@pytest.fixture
def sent(monkeypatch):
    """What the runner was handed, instead of running it (a broker that holds messages)."""
    messages: list[tuple[type, str, float]] = []

    def send(model, job_id, *, delay=0):
        messages.append((model, job_id, delay))

    monkeypatch.setattr(jobs, "job_send", send)
    monkeypatch.setattr("core.job_monitor.job_send", send)
    return messages


def test_a_queued_job_no_runner_holds_is_sent_again_and_runs_once():
    long_ago = timezone.now() - STALE
    lost = DemoJobFactory(dispatched_at=long_ago)
    never_sent = DemoJobFactory()
    DemoJob.objects.filter(pk=never_sent.pk).update(created_at=long_ago)
    held = DemoJobFactory(dispatched_at=timezone.now())

    assert jobs.jobs_redispatch() == 2  # run inline here
    assert jobs.jobs_redispatch() == 0
    for job in (lost, never_sent, held):
        job.refresh_from_db()
    assert (lost.status, lost.attempts) == (Job.Status.SUCCEEDED, 1)
    assert (never_sent.status, never_sent.attempts) == (Job.Status.SUCCEEDED, 1)
    assert held.status == Job.Status.QUEUED  # a runner holds it: left alone
    # A second message for the same job (the original one turning up) runs nothing.
    jobs.job_run(DemoJob, str(lost.pk), lambda job, progress: pytest.fail("ran twice"))


def test_a_retry_keeps_its_due_time_on_the_row_and_survives_its_process(settings, sent):
    settings.JOB_RETRY_BASE_SECONDS = 60
    job = DemoJobFactory(transient_failures=1)
    jobs.job_run(DemoJob, str(job.pk), demo_job_execute)
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.attempts == 1
    assert 44 <= (job.run_after - timezone.now()).total_seconds() <= 76
    assert sent == [(DemoJob, str(job.pk), pytest.approx(
        (job.run_after - job.dispatched_at).total_seconds(), abs=1))]

    # Before it is due nothing claims it, not even a stray message.
    jobs.job_run(DemoJob, str(job.pk), demo_job_execute)
    DemoJob.objects.filter(pk=job.pk).update(dispatched_at=timezone.now() - STALE)
    assert jobs.jobs_redispatch() == 0
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.attempts == 1

    # The process holding the timer died; once due, the sweep sends it again.
    DemoJob.objects.filter(pk=job.pk).update(run_after=timezone.now() - timedelta(seconds=1))
    assert jobs.jobs_redispatch() == 1
    jobs.job_run(DemoJob, sent[-1][1], demo_job_execute)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.run_after) == (Job.Status.SUCCEEDED, 2, None)


def test_a_claim_the_database_refused_is_sent_again_not_lost(settings, sent, monkeypatch):
    settings.JOB_RUNNER = "celery"
    job = DemoJobFactory()

    def refused(model, job_id):
        raise OperationalError("connection refused")

    monkeypatch.setattr(jobs, "_claim", refused)
    jobs.job_run(DemoJob, str(job.pk), demo_job_execute)
    assert sent == [(DemoJob, str(job.pk), settings.JOB_CLAIM_RETRY_SECONDS)]
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.attempts == 0


def test_a_database_error_under_the_work_is_retried(sent):
    job = DemoJobFactory()

    def work(job, progress):
        raise OperationalError("server closed the connection unexpectedly")

    jobs.job_run(DemoJob, str(job.pk), work)
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.run_after is not None
    assert [job_id for _, job_id, _ in sent] == [str(job.pk)]


def test_a_job_whose_process_died_twice_is_failed_not_retried(sent):
    once = DemoJobFactory(dead=True)
    twice = DemoJobFactory(dead=True, attempts=2, crashes=1)
    assert jobs.jobs_reap() == 2
    once.refresh_from_db()
    twice.refresh_from_db()
    assert (once.status, once.crashes) == (Job.Status.QUEUED, 1)
    assert (twice.status, twice.crashes) == (Job.Status.FAILED, 2)
    assert twice.error == jobs.CRASHED_MESSAGE and twice.finished_at is not None
    assert [job_id for _, job_id, _ in sent] == [str(once.pk)]


def test_a_redelivered_message_for_a_dead_job_leaves_it_to_the_reaper(sent):
    # Claiming a dead job's row directly would hide the death from the crash count.
    job = DemoJobFactory(dead=True)
    jobs.job_run(DemoJob, str(job.pk), lambda job, progress: pytest.fail("claimed"))
    assert jobs.jobs_reap() == 1
    job.refresh_from_db()
    assert (job.status, job.crashes) == (Job.Status.QUEUED, 1)


def test_the_reaper_leaves_alone_what_this_process_still_runs(sent):
    job = DemoJobFactory(dead=True)
    with jobs.heartbeat(DemoJob, job.pk):  # its beats could not be written (database away)
        assert jobs.jobs_reap() == 0
    assert jobs.jobs_reap() == 1


def test_the_inprocess_runner_marks_the_jobs_it_holds(settings, monkeypatch):
    settings.JOB_RUNNER = "inprocess"
    monkeypatch.setattr(job_runners, "inprocess", job_runners.InProcessRunner())
    job = DemoJobFactory(dispatched_at=timezone.now() - STALE)
    job_runners.inprocess.submit(DemoJob, lambda job_id: None, str(job.pk), delay=3600)
    job_monitor._beat()
    job.refresh_from_db()
    assert timezone.now() - job.dispatched_at < timedelta(seconds=5)
    assert jobs.jobs_redispatch() == 0


def test_the_inprocess_runner_starts_background_jobs_a_moment_late(settings, monkeypatch):
    settings.JOB_RUNNER = "inprocess"
    settings.JOB_BACKGROUND_DELAY_SECONDS = 0.3
    monkeypatch.setattr(job_runners, "inprocess", job_runners.InProcessRunner())
    started: dict[str, float] = {}
    finished = threading.Event()

    def task(job_id):
        started[job_id] = time.monotonic()
        if len(started) == 2:
            finished.set()

    class Background:  # the runner reads only this of a job's model
        background = True

    sent = time.monotonic()
    job_runners.inprocess.submit(Background, task, "later")
    job_runners.inprocess.submit(DemoJob, task, "now")
    assert set(job_runners.inprocess.held()) <= {"later", "now"}
    assert finished.wait(5)
    assert started["now"] - sent < 0.25 <= 0.3 <= started["later"] - sent
    assert job_runners.inprocess.held() == {}  # ran once, not held again


def test_a_job_deleted_while_it_runs_stops_quietly(settings):
    settings.JOB_PROGRESS_INTERVAL_SECONDS = 0  # the report looks at once
    job = DemoJobFactory(steps=3)

    def work(job, progress):
        DemoJob.objects.filter(pk=job.pk).delete()
        progress(50)
        pytest.fail("kept working on a deleted job")

    jobs.job_run(DemoJob, str(job.pk), work)  # no exception escapes
    assert not DemoJob.objects.filter(pk=job.pk).exists()


def test_the_follow_up_runs_once_the_job_finished():
    job = DemoJobFactory(fail_with="No.")
    seen: list[tuple[str, str]] = []
    jobs.job_run(DemoJob, str(job.pk), demo_job_execute,
                 then=lambda job: seen.append((job.status, job.error)))
    assert seen == [(Job.Status.FAILED, "No.")]


def test_the_api_shows_a_cancelled_job_as_cancelled(client):
    job = DemoJobFactory()
    jobs.job_cancel(job)
    assert JobSerializer(job).data["status"] == "cancelled"
    assert not jobs.job_retry(job)  # only failed jobs are re-run


def test_progress_is_pushed_at_most_four_times_a_second_and_the_end_at_once(monkeypatch,
                                                                              settings):
    settings.JOB_PROGRESS_INTERVAL_SECONDS = 0.25
    pushed: list[tuple[str, int]] = []
    broadcast = jobs.job_broadcast
    for module in (jobs, job_outcomes):  # progress is pushed by one, the end by the other
        monkeypatch.setattr(module, "job_broadcast",
                            lambda job: (pushed.append((job.status, job.progress)),
                                         broadcast(job)))
    job = DemoJobFactory(steps=1)
    elapsed = 0.0

    def work(job, progress):
        nonlocal elapsed
        started = time.monotonic()
        for percent in range(1, 99):  # 98 reports over about a second
            progress(percent)
            time.sleep(0.01)
        elapsed = time.monotonic() - started

    jobs.job_run(DemoJob, str(job.pk), work)
    steps = [percent for status, percent in pushed if status == "running" and percent > 0]
    assert pushed[0] == ("running", 0)
    assert steps[0] > 5  # the "running" just sent counts: the first step waits its turn
    assert 2 <= len(steps) <= elapsed / 0.25, (len(steps), elapsed)
    assert steps == sorted(steps)
    assert pushed[-1] == ("succeeded", 100)  # the end is never held back
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.progress == 100


def test_a_job_done_within_the_interval_sends_its_transitions_alone(monkeypatch, settings):
    settings.JOB_PROGRESS_INTERVAL_SECONDS = 0.25
    pushed: list[tuple[str, int]] = []
    for module in (jobs, job_outcomes):
        monkeypatch.setattr(module, "job_broadcast",
                            lambda job: pushed.append((job.status, job.progress)))
    job = DemoJobFactory(steps=1)

    def work(job, progress):
        for percent in (10, 50, 90):
            progress(percent)

    jobs.job_run(DemoJob, str(job.pk), work)
    assert pushed == [("running", 0), ("succeeded", 100)]


def test_reports_within_the_interval_cost_no_query_and_a_cancel_waits_for_the_next_look(
        settings, django_assert_num_queries):
    settings.JOB_PROGRESS_INTERVAL_SECONDS = 0.5
    job = DemoJobFactory(steps=1)
    looked: list[int] = []

    def work(job, progress):
        with django_assert_num_queries(0):
            for percent in range(1, 30):  # a composer's many small steps, all at once
                progress(percent)
        jobs.job_cancel(job)
        progress(40)  # still within the interval: not looked at yet
        looked.append(40)
        time.sleep(0.55)
        progress(50)  # the interval has passed: the cancel is seen
        looked.append(50)

    jobs.job_run(DemoJob, str(job.pk), work)
    job.refresh_from_db()
    assert looked == [40]
    assert job.status == Job.Status.CANCELLED and job.error == jobs.CANCELLED_MESSAGE
