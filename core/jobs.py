"""The job runner: one way to run background work in every app.

A service creates a Job row and calls `job_enqueue`; once the transaction commits, the job's
task (a function of the job id, registered with Celery) runs on the configured runner:

- "inprocess": a thread pool of the serving process (the default: no broker needed);
- "celery": Celery workers, when a broker is configured;
- "inline": right away in the calling thread (the `compose` command and tests).

The task calls `job_run`, which claims the row, runs the app's service, and records and
broadcasts every transition and progress step. While a job runs its process touches the row
(heartbeat); a row left "running" by a dead process is retried or failed by `jobs_reap`.
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from core.backends import BackendError
from core.models import Job
from core.realtime import job_broadcast

log = logging.getLogger(__name__)

J = TypeVar("J", bound=Job)
Progress = Callable[[int], None]

DEAD_WORKER_MESSAGE = (
    "The worker running this job stopped before it finished. Please try again."
)
UNEXPECTED_MESSAGE = "Something went wrong on our side while {doing}. Please try again."
CANCELLED_MESSAGE = "Cancelled at your request."


class JobCancelled(Exception):
    """Raised from a progress report once the job's owner asked to cancel it.

    Backends that start remote work (a cloud pipeline) catch it to cancel that work too,
    then let it propagate.
    """


def job_models() -> list[type[Job]]:
    return [m for m in apps.get_models() if issubclass(m, Job)]


def job_enqueue(job: Job) -> None:
    """Run the job's task once the surrounding transaction has committed."""
    def start() -> None:
        job_broadcast(job)
        _dispatch(type(job), str(job.pk))

    transaction.on_commit(start)


def job_retry(job: Job) -> bool:
    """Run a failed job again from the start (a curator's "re-run"). False if it was not failed."""
    model = type(job)
    reset = model.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
        status=Job.Status.QUEUED, error="", progress=0, attempts=0, cancel_requested=False,
        started_at=None, finished_at=None)
    if reset:
        job.refresh_from_db()
        job_enqueue(job)
    return bool(reset)


def job_dispatch(job: Job) -> None:
    """Hand a queued job to the runner now (for jobs that waited on something else)."""
    _dispatch(type(job), str(job.pk))


def _dispatch(model: type[Job], job_id: str, *, delay: float = 0) -> None:
    task = import_string(model.task)
    runner = settings.JOB_RUNNER
    if runner == "celery":
        task.apply_async(args=[job_id], countdown=delay or None)
    elif runner == "inline":
        if delay:
            time.sleep(min(delay, 1.0))
        task(job_id)
    else:
        _inprocess.submit(task, job_id, delay=delay)


def job_run(model: type[J], job_id: str, work: Callable[[J, Progress], None]) -> None:
    """Claim the job and run `work(job, progress)`; record and broadcast the outcome."""
    job = _claim(model, job_id)
    if job is None:
        return
    job_broadcast(job)
    with _heartbeat(model, job.pk):
        try:
            work(job, _progress_reporter(job))
        except JobCancelled:
            _finish(job, Job.Status.FAILED, error=CANCELLED_MESSAGE)
        except BackendError as exc:
            retry = not exc.permanent and job.attempts < settings.JOB_MAX_ATTEMPTS
            log.warning("%s: %s (%s)", job, exc.message, "retrying" if retry else "giving up")
            if retry:
                _requeue(job, delay=_backoff(job.attempts))
            else:
                _finish(job, Job.Status.FAILED, error=exc.message)
        except Exception:
            log.exception("%s failed", job)
            doing = getattr(model, "doing", "working on this")
            _finish(job, Job.Status.FAILED, error=UNEXPECTED_MESSAGE.format(doing=doing))
        else:
            _finish(job, Job.Status.SUCCEEDED)


def job_cancel(job: Job) -> None:
    """Stop a job: a queued one fails at once, a running one at its next progress report."""
    model = type(job)
    now = timezone.now()
    if model.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
            status=Job.Status.FAILED, error=CANCELLED_MESSAGE, finished_at=now,
            cancel_requested=True):
        job.status, job.error, job.finished_at = Job.Status.FAILED, CANCELLED_MESSAGE, now
        job.cancel_requested = True
        job_broadcast(job)
    elif model.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            cancel_requested=True):
        job.cancel_requested = True


def _claim(model: type[J], job_id: str) -> J | None:
    # Only one runner gets the row: a queued job, or a running one whose worker went silent.
    # A duplicate delivery (Celery redelivers unacknowledged messages) finds nothing to claim.
    now = timezone.now()
    stale = now - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)
    claimable = Q(status=Job.Status.QUEUED) | Q(status=Job.Status.RUNNING,
                                                   heartbeat_at__lt=stale)
    claimed = model.objects.filter(claimable, pk=job_id).update(
        status=Job.Status.RUNNING, started_at=now, heartbeat_at=now, progress=0, error="",
        attempts=F("attempts") + 1,
    )
    return model.objects.get(pk=job_id) if claimed else None


def _progress_reporter(job: Job) -> Progress:
    model = type(job)

    def report(percent: int) -> None:
        if model.objects.filter(pk=job.pk, cancel_requested=True).exists():
            raise JobCancelled()
        percent = max(0, min(99, int(percent)))
        if percent == job.progress:
            return
        job.progress = percent
        model.objects.filter(pk=job.pk).update(progress=percent, heartbeat_at=timezone.now())
        job_broadcast(job)

    return report


def _finish(job: Job, status: str, *, error: str = "") -> None:
    job.status = status
    job.error = error
    job.finished_at = timezone.now()
    if status == Job.Status.SUCCEEDED:
        job.progress = 100
    type(job).objects.filter(pk=job.pk).update(
        status=status, error=error, finished_at=job.finished_at, progress=job.progress
    )
    job_broadcast(job)


def _requeue(job: Job, *, delay: float) -> None:
    job.status = Job.Status.QUEUED
    job.progress = 0
    type(job).objects.filter(pk=job.pk).update(status=job.status, progress=0)
    job_broadcast(job)
    _dispatch(type(job), str(job.pk), delay=delay)


def _backoff(attempt: int) -> float:
    base = settings.JOB_RETRY_BASE_SECONDS * 2 ** max(0, attempt - 1)
    return base * random.uniform(0.75, 1.25)


def jobs_reap() -> int:
    """Retry or fail jobs left "running" by a worker that died. Returns how many it moved."""
    stale = timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)
    moved = 0
    for model in job_models():
        orphans = model.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=stale)
        for job in orphans:
            unchanged = model.objects.filter(pk=job.pk, status=Job.Status.RUNNING,
                                             heartbeat_at=job.heartbeat_at)
            if job.attempts >= settings.JOB_MAX_ATTEMPTS:
                now = timezone.now()
                if unchanged.update(status=Job.Status.FAILED, error=DEAD_WORKER_MESSAGE,
                                    finished_at=now):
                    job.status, job.error, job.finished_at = (Job.Status.FAILED,
                                                              DEAD_WORKER_MESSAGE, now)
                    job_broadcast(job)
                    moved += 1
            elif unchanged.update(status=Job.Status.QUEUED, progress=0):
                log.warning("%s: its worker stopped; retrying", job)
                job.status, job.progress = Job.Status.QUEUED, 0
                job_broadcast(job)
                _dispatch(model, str(job.pk))
                moved += 1
    return moved


# Heartbeat and reaper: one daemon thread per process ------------------------------------------

_running: dict[Any, type[Job]] = {}
_running_lock = threading.Lock()
_monitor_pid: int | None = None


@contextmanager
def _heartbeat(model: type[Job], pk: Any) -> Iterator[None]:
    monitor_start()
    with _running_lock:
        _running[pk] = model
    try:
        yield
    finally:
        with _running_lock:
            _running.pop(pk, None)


def monitor_start() -> None:
    """Start this process's heartbeat-and-reaper thread (once per process, fork-safe)."""
    global _monitor_pid
    with _running_lock:
        if _monitor_pid == os.getpid():
            return
        _monitor_pid = os.getpid()
    threading.Thread(target=_monitor_loop, name="reverie-job-monitor", daemon=True).start()


def _monitor_loop() -> None:
    while True:
        try:
            _beat()
            jobs_reap()
        except Exception:
            log.warning("job monitor tick failed", exc_info=True)
        finally:
            close_old_connections()
        time.sleep(settings.JOB_HEARTBEAT_SECONDS)


def _beat() -> None:
    with _running_lock:
        running = dict(_running)
    now = timezone.now()
    by_model: dict[type[Job], list[Any]] = {}
    for pk, model in running.items():
        by_model.setdefault(model, []).append(pk)
    for model, pks in by_model.items():
        model.objects.filter(pk__in=pks, status=Job.Status.RUNNING).update(heartbeat_at=now)


class _InProcessRunner:
    """A thread pool in the serving process; the same task functions Celery would run."""

    def __init__(self) -> None:
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def submit(self, task: Callable[[str], None], job_id: str, *, delay: float = 0) -> None:
        if delay:
            timer = threading.Timer(delay, self.submit, args=(task, job_id))
            timer.daemon = True
            timer.start()
            return
        self._pool().submit(self._run, task, job_id)

    def _pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(
                    max_workers=settings.JOB_THREADS, thread_name_prefix="reverie-job"
                )
            return self._executor

    @staticmethod
    def _run(task: Callable[[str], None], job_id: str) -> None:
        close_old_connections()
        try:
            task(job_id)
        except Exception:
            log.exception("job %s crashed its runner", job_id)
        finally:
            close_old_connections()


_inprocess = _InProcessRunner()
