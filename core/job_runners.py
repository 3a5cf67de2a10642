"""Where a job's task runs: Celery workers, a thread pool of this process, or right here.

`job_send` hands a job id to the configured runner and nothing else; the row's state is kept
by core.jobs. The in-process runner knows which queued jobs it holds (waiting in its pool or
on a retry timer), so the monitor can mark them as held and no other process sends them again.

Background jobs (`Job.background`, e.g. a track's MP3 and OGG) never take the place of the
others: in this process they have threads of their own and start JOB_BACKGROUND_DELAY_SECONDS
late (the request that follows a finished track, its player fetching the WAV, has the process
to itself first); on Celery they are sent with the lowest priority, so a worker takes every
waiting track before them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.utils.module_loading import import_string

from core.models import Job

log = logging.getLogger(__name__)


class BrokerUnavailable(Exception):
    """The broker did not take the message (unreachable, or refusing writes)."""


def job_send(model: type[Job], job_id: str, *, delay: float = 0) -> None:
    """Give the job's task to the runner, to start after `delay` seconds."""
    task = import_string(model.task)
    runner = settings.JOB_RUNNER
    if runner == "celery":
        from kombu.exceptions import OperationalError as KombuOperationalError
        from redis.exceptions import RedisError

        priority = settings.JOB_BACKGROUND_PRIORITY if model.background else None
        try:
            task.apply_async(args=[job_id], countdown=delay or None, priority=priority)
        except (KombuOperationalError, RedisError, OSError) as exc:
            raise BrokerUnavailable(str(exc)) from exc
    elif runner == "inline":
        if delay:
            time.sleep(delay)
        task(job_id)
    else:
        inprocess.submit(model, task, job_id, delay=delay)


class InProcessRunner:
    """A thread pool in the serving process; the same task functions Celery would run."""

    def __init__(self) -> None:
        self._executors: dict[bool, ThreadPoolExecutor] = {}
        self._lock = threading.Lock()
        self._held: dict[str, type[Job]] = {}

    def submit(self, model: type[Job], task: Callable[[str], None], job_id: str, *,
               delay: float = 0) -> None:
        with self._lock:
            self._held[job_id] = model
        if model.background:
            delay = max(delay, settings.JOB_BACKGROUND_DELAY_SECONDS)
        if delay:
            timer = threading.Timer(delay, self._start, args=(model, task, job_id))
            timer.daemon = True
            timer.start()
        else:
            self._start(model, task, job_id)

    def _start(self, model: type[Job], task: Callable[[str], None], job_id: str) -> None:
        self._pool(background=model.background).submit(self._run, task, job_id)

    def held(self) -> dict[str, type[Job]]:
        """The queued jobs this process will run: submitted, not started yet."""
        with self._lock:
            return dict(self._held)

    def _pool(self, *, background: bool) -> ThreadPoolExecutor:
        with self._lock:
            if background not in self._executors:
                threads = settings.JOB_BACKGROUND_THREADS if background else settings.JOB_THREADS
                self._executors[background] = ThreadPoolExecutor(
                    max_workers=max(1, threads),
                    thread_name_prefix="reverie-background-job" if background else "reverie-job")
            return self._executors[background]

    def _run(self, task: Callable[[str], None], job_id: str) -> None:
        with self._lock:
            self._held.pop(job_id, None)
        close_old_connections()
        try:
            task(job_id)
        except Exception:
            log.exception("job %s crashed its runner", job_id)
        finally:
            close_old_connections()


inprocess = InProcessRunner()


def held_jobs() -> dict[Any, type[Job]]:
    return inprocess.held() if settings.JOB_RUNNER == "inprocess" else {}
