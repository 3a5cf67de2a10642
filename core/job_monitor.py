"""Keeping the rows true: heartbeats of running jobs, and recovery of jobs nobody holds.

One daemon thread per process (started by the serving process of the in-process runner and
by each Celery worker) touches the rows of the jobs this process runs or holds, and sweeps:

- a "running" row whose heartbeat stopped belongs to a dead process: it is queued again, or
  failed with a message once it used its attempts or crashed its process twice (work that
  kills its process would otherwise kill every process that retries it);
- a due "queued" row that no runner holds (a lost message, a failed claim, a flushed broker,
  a killed process) is sent to the runner again. Claiming is idempotent, so a second message
  for a job that is in fact still waiting somewhere costs one no-op claim.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.job_kinds import job_models
from core.job_outcomes import job_fail
from core.job_runners import held_jobs, job_send
from core.models import Job
from core.realtime import job_broadcast

log = logging.getLogger(__name__)

# Lazy: said in the job owner's language when the job is failed (core.job_outcomes).
DEAD_WORKER_MESSAGE = gettext_lazy(
    "The worker running this job stopped before it finished. Please try again."
)
CRASHED_MESSAGE = gettext_lazy(
    "This job stopped the worker running it twice, so it was not tried again. "
    "Please try again with other settings, or tell us if it keeps happening."
)
SWEEP_BATCH = 500


def jobs_reap() -> int:
    """Retry or fail jobs left "running" by a process that died. Returns how many it moved."""
    stale = timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)
    with _running_lock:
        mine = list(_running)  # alive here, even if a database outage kept their beats out
    moved = 0
    for model in job_models():
        orphans = model.objects.filter(status=Job.Status.RUNNING,
                                       heartbeat_at__lt=stale).exclude(pk__in=mine)
        for job in orphans[:SWEEP_BATCH]:
            moved += _reap(model, job)
    return moved


def _reap(model: type[Job], job: Job) -> int:
    unchanged = model.objects.filter(pk=job.pk, status=Job.Status.RUNNING,
                                     heartbeat_at=job.heartbeat_at)
    crashes = job.crashes + 1
    error = ""
    if crashes >= settings.JOB_MAX_CRASHES:
        error = CRASHED_MESSAGE
    elif job.attempts >= settings.JOB_MAX_ATTEMPTS:
        error = DEAD_WORKER_MESSAGE
    if error:
        if not job_fail(job, error, only_if=unchanged, crashes=crashes):
            return 0
        log.error("%s: its process died %d times; failing it", job, crashes)
        return 1
    if not unchanged.update(status=Job.Status.QUEUED, progress=0, crashes=crashes,
                            run_after=None, dispatched_at=timezone.now()):
        return 0
    log.warning("%s: its process stopped; retrying", job)
    job.status, job.progress, job.crashes = Job.Status.QUEUED, 0, crashes
    job_broadcast(job)
    job_send(model, str(job.pk))
    return 1


def jobs_redispatch() -> int:
    """Send again the due queued jobs that no runner holds. Returns how many it sent."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)
    unheld = (Q(dispatched_at__lt=stale)
              | Q(dispatched_at__isnull=True, created_at__lt=stale))
    due = Q(run_after__isnull=True) | Q(run_after__lte=now)
    sent = 0
    for model in job_models():
        queued = model.objects.filter(unheld, due, status=Job.Status.QUEUED)
        for job in model.dispatchable(queued).order_by("created_at")[:SWEEP_BATCH]:
            # Only one process sends it: the one whose stamp replaced the old one.
            if model.objects.filter(pk=job.pk, status=Job.Status.QUEUED,
                                    dispatched_at=job.dispatched_at).update(dispatched_at=now):
                log.warning("%s: no runner held it; sending it again", job)
                job_send(model, str(job.pk))
                sent += 1
    return sent


def jobs_sweep() -> int:
    return jobs_reap() + jobs_redispatch()


# The heartbeat-and-sweep thread ------------------------------------------------------------

_running: dict[Any, type[Job]] = {}
_running_lock = threading.Lock()
_monitor_pid: int | None = None


@contextmanager
def heartbeat(model: type[Job], pk: Any) -> Iterator[None]:
    monitor_start()
    with _running_lock:
        _running[pk] = model
    try:
        yield
    finally:
        with _running_lock:
            _running.pop(pk, None)


def monitor_start() -> None:
    """Start this process's heartbeat-and-sweep thread (once per process, fork-safe).

    Its first sweep runs at once: a process starting is when jobs of one that died are found.
    """
    global _monitor_pid
    with _running_lock:
        if _monitor_pid == os.getpid():
            return
        _monitor_pid = os.getpid()
    threading.Thread(target=_monitor_loop, name="reverie-job-monitor", daemon=True).start()


def _monitor_loop() -> None:
    while True:
        for step in (_beat, jobs_sweep):
            _tick(step)
        time.sleep(settings.JOB_HEARTBEAT_SECONDS)


def _tick(step: Callable[[], Any]) -> None:
    try:
        step()
    except Exception:
        log.warning("job monitor: %s failed", step.__name__, exc_info=True)
    finally:
        close_old_connections()


def _beat() -> None:
    with _running_lock:
        running = dict(_running)
    now = timezone.now()
    for model, pks in _by_model(running).items():
        model.objects.filter(pk__in=pks, status=Job.Status.RUNNING).update(heartbeat_at=now)
    for model, pks in _by_model(held_jobs()).items():
        model.objects.filter(pk__in=pks, status=Job.Status.QUEUED).update(dispatched_at=now)


def _by_model(jobs: dict[Any, type[Job]]) -> dict[type[Job], list[Any]]:
    by_model: dict[type[Job], list[Any]] = {}
    for pk, model in jobs.items():
        by_model.setdefault(model, []).append(pk)
    return by_model
