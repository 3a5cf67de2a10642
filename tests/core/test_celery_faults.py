"""Faults under real Celery workers on Redis and PostgreSQL: a worker killed with jobs queued,
the database refusing connections for 10 s, the broker losing its data. Afterwards no job is
left queued or running. (Longer runs with counts: benchmarks/faults.py.)"""

from __future__ import annotations

import time
from collections import Counter

import pytest
import redis
from django.conf import settings
from django.db import connection

from core.job_monitor import CRASHED_MESSAGE
from core.models import Job
from core.ownership import Owner
from tests.demo.models import DemoJob
from tests.demo.services import demo_job_create
from tests.fakes.media_audit import audit
from tests.fakes.processes import TcpProxy, start_worker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
ALICE = Owner(session_key="alice")


@pytest.fixture
def worker_env(settings):
    assert connection.vendor == "postgresql", "integration tests run on PostgreSQL"
    settings.JOB_RUNNER = "celery"
    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    db = connection.settings_dict
    return {
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL, "JOB_RUNNER": "celery",
        "JOB_HEARTBEAT_SECONDS": "0.3", "JOB_STALE_AFTER_SECONDS": "2",
        "JOB_CLAIM_RETRY_SECONDS": "1",
    }


@pytest.fixture
def workers(tmp_path):
    started = []

    def start(env, **options):
        started.append(start_worker(env, tmp_path / f"worker-{len(started)}.log", **options))
        return started[-1]

    yield start
    for worker in started:
        if worker.process.poll() is None:
            worker.stop()


def _jobs(count: int, **fields) -> list[DemoJob]:
    return [demo_job_create(owner=ALICE, steps=4, step_seconds=0.3, **fields)
            for _ in range(count)]


def _settled(jobs: list[DemoJob], timeout: float) -> Counter:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = DemoJob.objects.filter(pk__in=[job.pk for job in jobs])
        if all(row.is_finished for row in rows):
            break
        time.sleep(0.3)
    return Counter(DemoJob.objects.filter(pk__in=[j.pk for j in jobs])
                   .values_list("status", flat=True))


def _wait_running(jobs: list[DemoJob], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if DemoJob.objects.filter(pk__in=[j.pk for j in jobs], status=Job.Status.RUNNING,
                                  progress__gt=0).exists():
            return
        time.sleep(0.1)
    pytest.fail("no worker started a job")


def test_a_killed_worker_s_running_and_queued_jobs_all_finish(worker_env, workers):
    first = workers(worker_env)
    jobs = _jobs(5)
    _wait_running(jobs)
    first.kill()
    assert DemoJob.objects.filter(status=Job.Status.QUEUED).count() >= 3

    workers(worker_env)
    assert _settled(jobs, timeout=90) == {Job.Status.SUCCEEDED: 5}
    assert DemoJob.objects.filter(crashes=1, attempts=2).count() == 1  # the one it was running
    assert audit() == {"orphans": [], "missing": []}


def test_jobs_queued_when_the_broker_lost_its_data_all_finish(worker_env, workers):
    jobs = _jobs(5)  # no worker yet: the messages wait in Redis
    assert redis.Redis.from_url(settings.REDIS_URL).flushdb()
    workers(worker_env)
    assert _settled(jobs, timeout=90) == {Job.Status.SUCCEEDED: 5}
    assert audit() == {"orphans": [], "missing": []}


def test_the_database_refusing_connections_for_10_s_strands_no_job(worker_env, workers):
    proxy = TcpProxy(int(connection.settings_dict["PORT"] or 5432))
    db = connection.settings_dict
    env = {**worker_env,
           "DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:{proxy.port}/{db['NAME']}"}
    try:
        workers(env)
        jobs = _jobs(6)
        _wait_running(jobs)
        proxy.refuse(10).join()
        counts = _settled(jobs, timeout=120)
    finally:
        proxy.close()
    assert set(counts) <= {Job.Status.SUCCEEDED, Job.Status.FAILED}, counts
    assert sum(counts.values()) == 6
    assert not DemoJob.objects.filter(status=Job.Status.FAILED, error="").exists()
    assert counts[Job.Status.SUCCEEDED] >= 5, counts
    assert audit() == {"orphans": [], "missing": []}


def test_work_that_kills_its_worker_process_is_failed_after_two_deaths(worker_env, workers):
    # Prefork: the parent replaces a dead child and the broker redelivers its message; the
    # redelivery finds the row still claimed, and the reaper counts the deaths.
    workers(worker_env, pool="prefork")
    [job] = _jobs(1, kill_process=True)
    well = _jobs(1)
    assert _settled([job, *well], timeout=90) == {Job.Status.FAILED: 1, Job.Status.SUCCEEDED: 1}
    job.refresh_from_db()
    assert (job.attempts, job.crashes, job.error) == (2, 2, CRASHED_MESSAGE)
