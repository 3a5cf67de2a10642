"""The production path of the job pattern: a real Celery worker on Redis, PostgreSQL, and job
events crossing processes through channels-redis to a socket."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connection

from config.asgi import application
from core.models import Job
from core.ownership import Owner
from tests.core.test_realtime import HOST, ORIGIN, _session_cookie
from tests.demo.models import DemoJob
from tests.demo.services import demo_job_create

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


class Worker:
    """A Celery worker process on the test database, logging to a file."""

    def __init__(self, log_path: Path, *, pool: str = "solo", concurrency: int = 1,
                 **env_overrides: str) -> None:
        db = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": settings.REDIS_URL,
            "JOB_RUNNER": "celery",
            "JOB_HEARTBEAT_SECONDS": "0.5",
            "JOB_STALE_AFTER_SECONDS": "2",
            **env_overrides,
        }
        self.log_path = log_path
        self.log = log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", f"--pool={pool}",
             f"--concurrency={concurrency}",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "-n", f"test-{uuid.uuid4().hex[:8]}@%h"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while " ready." not in log_path.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"the Celery worker did not start:\n{log_path.read_text()}")
            time.sleep(0.2)

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


@pytest.fixture
def celery_runner(settings):
    assert connection.vendor == "postgresql", "integration tests run on PostgreSQL"
    settings.JOB_RUNNER = "celery"
    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    yield


@pytest.fixture
def start_worker(tmp_path, celery_runner):
    workers: list[Worker] = []

    def start(**options) -> Worker:
        worker = Worker(tmp_path / f"worker-{len(workers)}.log", **options)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


async def _socket(owner_key: str) -> WebsocketCommunicator:
    cookie = await _session_cookie(owner_key)
    communicator = WebsocketCommunicator(application, "/ws/jobs/",
                                         headers=[HOST, ORIGIN, (b"cookie", cookie)])
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def _events_until_finished(communicator: WebsocketCommunicator, timeout: float) -> list:
    events: list[dict] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            event = await communicator.receive_json_from(timeout=deadline - time.monotonic())
        except TimeoutError:
            break
        events.append(event["job"])
        if event["job"]["status"] in {"succeeded", "failed"}:
            break
    return events


async def test_a_job_runs_on_a_celery_worker_and_its_events_reach_the_socket(start_worker):
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    await sync_to_async(start_worker)()
    mine = await _socket("alice")
    theirs = await _socket("bob")

    job = await sync_to_async(demo_job_create)(owner=Owner(session_key="alice"), steps=3,
                                               step_seconds=0.1)
    events = await _events_until_finished(mine, timeout=60)

    assert [e["id"] for e in events] == [str(job.pk)] * len(events)
    statuses = [e["status"] for e in events]
    assert statuses[0] == "queued" and "running" in statuses and statuses[-1] == "succeeded"
    assert await theirs.receive_nothing(timeout=0.5)
    stored = await sync_to_async(DemoJob.objects.get)(pk=job.pk)
    assert stored.status == Job.Status.SUCCEEDED and stored.result == "done"
    await mine.disconnect()
    await theirs.disconnect()


def test_a_killed_worker_does_not_leave_its_job_running(start_worker):
    first = start_worker()
    job = demo_job_create(owner=Owner(session_key="alice"), steps=12, step_seconds=0.5)

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status == Job.Status.RUNNING and job.progress > 0:
            break
        time.sleep(0.1)
    assert job.status == Job.Status.RUNNING, "the worker never started the job"
    first.kill()  # SIGKILL in the middle of the work

    start_worker()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.2)
    assert job.status == Job.Status.SUCCEEDED, (job.status, job.error)
    assert job.attempts == 2  # the second worker retried it


def test_a_failing_task_on_a_worker_ends_failed_with_its_message(start_worker):
    start_worker()
    job = demo_job_create(owner=Owner(session_key="alice"), fail_with="No music today.")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not job.is_finished:
        time.sleep(0.1)
        job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error == "No music today."


def test_prefork_children_keep_beating_across_tasks_on_the_pooled_database(start_worker):
    # `make worker` runs the prefork pool; the database pool is on (DB_POOL_*). Celery closes a
    # child's database connections around every task, which must not cut the connection of
    # the child's heartbeat thread from under it: a job whose beats stop is taken for dead.
    assert connection.settings_dict["OPTIONS"].get("pool"), "the test database is pooled"
    worker = start_worker(pool="prefork", concurrency=2)
    owner = Owner(session_key="alice")
    made = [demo_job_create(owner=owner, steps=4, step_seconds=0.8) for _ in range(6)]
    deadline = time.monotonic() + 90
    while DemoJob.objects.filter(status__in=Job.ACTIVE).exists():
        assert time.monotonic() < deadline, worker.log_path.read_text()
        time.sleep(0.3)
    jobs = list(DemoJob.objects.filter(pk__in=[job.pk for job in made]))
    log = worker.log_path.read_text()
    assert [(j.status, j.attempts, j.crashes) for j in jobs] == [("succeeded", 1, 0)] * 6, log
    assert "pool is closed" not in log and "job monitor:" not in log, log
    assert "pool has already been opened/closed" not in log, log


def test_background_work_waits_behind_what_someone_is_waiting_for(start_worker, monkeypatch):
    # Encodes are sent at JOB_BACKGROUND_PRIORITY: queued before a track, they still run
    # after it (on Redis, priority 0 is popped first; a track is sent at the default).
    owner = Owner(session_key="alice")
    monkeypatch.setattr(DemoJob, "background", True)
    behind = [demo_job_create(owner=owner, steps=1, step_seconds=0.2) for _ in range(4)]
    monkeypatch.setattr(DemoJob, "background", False)
    waited_for = demo_job_create(owner=owner, steps=1, step_seconds=0.2)
    # No sweep sends them again (at the default priority) while the worker starts.
    worker = start_worker(JOB_STALE_AFTER_SECONDS="120")
    deadline = time.monotonic() + 60
    while DemoJob.objects.filter(status__in=Job.ACTIVE).exists():
        assert time.monotonic() < deadline, worker.log_path.read_text()
        time.sleep(0.2)
    first = DemoJob.objects.get(pk=waited_for.pk)
    rest = DemoJob.objects.filter(pk__in=[job.pk for job in behind])
    assert first.status == Job.Status.SUCCEEDED
    assert all(job.status == Job.Status.SUCCEEDED for job in rest)
    assert first.started_at < min(job.started_at for job in rest)
