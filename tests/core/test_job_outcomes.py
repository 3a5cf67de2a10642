"""Every way a job ends goes through core.job_outcomes: recorded once, told once."""

from __future__ import annotations

import pytest

from core import job_monitor, job_outcomes, jobs
from core.models import Job
from tests.core.factories import DemoJobFactory
from tests.demo.models import DemoJob
from tests.demo.services import demo_job_execute

pytestmark = pytest.mark.django_db

@pytest.fixture
def pushed(monkeypatch) -> list[tuple[str, str]]:
    """(status, error) of every broadcast, whichever core module sends it."""
    sent: list[tuple[str, str]] = []
    for module in (jobs, job_monitor, job_outcomes):
        monkeypatch.setattr(module, "job_broadcast",
                            lambda job: sent.append((job.status, job.error)))
    return sent


def _failures(pushed: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [push for push in pushed if push[0] == Job.Status.FAILED]


def test_a_permanent_backend_error_fails_the_job_with_one_broadcast(pushed):
    job = DemoJobFactory(fail_with="The demo key was rejected.")
    jobs.job_run(DemoJob, str(job.pk), demo_job_execute)
    assert _failures(pushed) == [("failed", "The demo key was rejected.")]
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error == "The demo key was rejected."
    assert job.finished_at is not None


def test_a_dead_worker_out_of_attempts_fails_with_one_broadcast(pushed, settings):
    settings.JOB_MAX_ATTEMPTS = 1
    job = DemoJobFactory(dead=True)
    assert jobs.jobs_reap() == 1
    assert pushed == [("failed", job_monitor.DEAD_WORKER_MESSAGE)]
    job.refresh_from_db()
    assert job.finished_at is not None and job.crashes == 1


def test_job_fail_records_the_message_and_broadcasts_once(pushed):
    job = DemoJobFactory(status=Job.Status.RUNNING)
    assert job_outcomes.job_fail(job, "The file could not be read.")
    assert pushed == [("failed", "The file could not be read.")]
    stored = DemoJob.objects.get(pk=job.pk)
    assert (stored.status, stored.error) == ("failed", "The file could not be read.")
    assert stored.finished_at == job.finished_at is not None


def test_a_guarded_fail_of_a_row_that_moved_on_changes_and_sends_nothing(pushed):
    job = DemoJobFactory(status=Job.Status.SUCCEEDED)
    running = DemoJob.objects.filter(pk=job.pk, status=Job.Status.RUNNING)
    assert not job_outcomes.job_fail(job, "Too late.", only_if=running)
    assert pushed == []
    assert job.status == Job.Status.SUCCEEDED and job.error == ""
    assert DemoJob.objects.get(pk=job.pk).status == Job.Status.SUCCEEDED


def test_cancelling_a_running_job_leaves_it_running_until_its_next_report(pushed):
    job = DemoJobFactory(status=Job.Status.RUNNING)
    jobs.job_cancel(job)
    assert pushed == []
    assert job.status == Job.Status.RUNNING and job.cancel_requested
