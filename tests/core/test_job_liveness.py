"""A running job's heartbeat and a failed attempt's backoff: the two things that tell a dead
worker from a slow one and keep a failing provider from being hammered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from core import job_monitor, jobs
from tests.core.factories import DemoJobFactory
from tests.demo.models import DemoJob

pytestmark = pytest.mark.django_db

def test_a_job_beats_while_its_work_runs_and_not_after(monkeypatch):
    monkeypatch.setattr(job_monitor, "monitor_start", lambda: None)  # beats are stepped here
    long_ago = timezone.now() - timedelta(minutes=10)
    job = DemoJobFactory(dead=True)
    with job_monitor.heartbeat(DemoJob, job.pk):
        job_monitor._beat()
        job.refresh_from_db()
        assert timezone.now() - job.heartbeat_at < timedelta(seconds=5)
        assert jobs.jobs_reap() == 0  # alive: the reaper leaves it alone
    DemoJob.objects.filter(pk=job.pk).update(heartbeat_at=long_ago)
    job_monitor._beat()
    job.refresh_from_db()
    assert job.heartbeat_at == long_ago  # its work ended: nothing beats for it any more


def test_the_backoff_doubles_with_each_attempt_around_the_base(settings):
    settings.JOB_RETRY_BASE_SECONDS = 2.0
    for attempt, base in ((1, 2.0), (2, 4.0), (4, 16.0)):
        waits = [jobs._backoff(attempt) for _ in range(50)]
        assert all(0.75 * base <= wait <= 1.25 * base for wait in waits), attempt
        assert len(set(waits)) > 1  # jittered, so retries of many jobs do not line up
