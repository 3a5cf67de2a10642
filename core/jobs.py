"""The job runner: one way to run background work in every app.

A service creates a Job row and calls `job_enqueue`; once the transaction commits, the job's
task (a function of the job id, registered with Celery) runs on the configured runner
(core.job_runners): Celery workers, a thread pool of the serving process, or inline.

The task calls `job_run`, which claims the row, runs the app's service and its follow-up,
and records and broadcasts every transition and progress step. The row is the source of
truth: core.job_monitor retries or fails rows whose process died and sends again queued
rows no runner holds, so a lost message or a killed process never strands a job.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from core.backends import BackendError
from core.backpressure import broker_unreachable
from core.job_errors import JobCancelled, JobGone
from core.job_monitor import (  # noqa: F401  (the runner's public names live here)
    CRASHED_MESSAGE,
    DEAD_WORKER_MESSAGE,
    heartbeat,
    jobs_reap,
    jobs_redispatch,
    jobs_sweep,
    monitor_start,
)
from core.job_outcomes import job_fail, job_finish
from core.job_runners import BrokerUnavailable, job_send
from core.models import Job
from core.realtime import job_broadcast

log = logging.getLogger(__name__)

J = TypeVar("J", bound=Job)
Progress = Callable[[int], None]

# Lazy: said in the job owner's language when the job ends (the runner speaks it).
UNEXPECTED_MESSAGE = gettext_lazy("Something went wrong on our side while %(doing)s. "
                                  "Please try again.")
CANCELLED_MESSAGE = gettext_lazy("Cancelled at your request.")
GONE_MESSAGE = gettext_lazy("What this job was working on was deleted.")
# A retry's due time may be read on a clock a little behind the one that set it.
CLOCK_SLACK = timedelta(seconds=1)


def job_enqueue(job: Job) -> None:
    """Run the job's task once the surrounding transaction has committed."""
    transaction.on_commit(lambda: job_start(job))


def job_start(job: Job) -> None:
    """Tell the owner a committed, queued job exists and hand it to the runner."""
    job_broadcast(job)
    job_dispatch(job)


def job_retry(job: Job) -> bool:
    """Run a failed job again from the start (a curator's "re-run"). False if it was not failed."""
    model = type(job)
    reset = model.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
        status=Job.Status.QUEUED, error="", progress=0, attempts=0, crashes=0,
        cancel_requested=False, started_at=None, finished_at=None, run_after=None)
    if reset:
        job.refresh_from_db()
        job_enqueue(job)
    return bool(reset)


def job_dispatch(job: Job, *, delay: float = 0) -> None:
    """Hand a queued job to the runner now (for jobs that waited on something else)."""
    model = type(job)
    try:
        model.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
            dispatched_at=timezone.now())
    except DatabaseError:
        # Unstamped, it looks unheld and is sent again by a sweep: at worst twice.
        log.warning("%s: could not stamp its dispatch", job, exc_info=True)
    try:
        job_send(model, str(job.pk), delay=delay)
    except BrokerUnavailable as exc:
        # The row stays queued and a sweep sends it once the broker is back; meanwhile new
        # work is refused with a 503 (core.backpressure) instead of piling up unsent.
        log.warning("%s: the broker did not take it (%s); a sweep will send it again", job, exc)
        broker_unreachable()


def job_run(model: type[J], job_id: str, work: Callable[[J, Progress], None], *,
            then: Callable[[J], None] | None = None) -> None:
    """Claim the job and run `work(job, progress)`; record and broadcast the outcome.

    `then(job)` is the follow-up (a hand-off to waiting jobs), run once the job finished.
    """
    try:
        job = _claim(model, job_id)
    except DatabaseError:
        if settings.JOB_RUNNER == "inline":
            raise
        # The database is away: try again later rather than losing the message.
        log.warning("%s %s: could not claim it; trying again", model.kind, job_id, exc_info=True)
        job_send(model, job_id, delay=settings.JOB_CLAIM_RETRY_SECONDS)
        return
    if job is None:
        return
    job_broadcast(job)
    # Whatever the work has to tell its owner (a provider's failure, a refusal) is said in
    # their language, whichever process runs it.
    with heartbeat(model, job.pk), translation.override(job.owner_language):
        _work(job, work)
    if then is not None and job.is_finished:
        then(job)


def _work(job: J, work: Callable[[J, Progress], None]) -> None:
    try:
        work(job, _progress_reporter(job))
    except JobCancelled:
        job_finish(job, Job.Status.CANCELLED, error=CANCELLED_MESSAGE)
    except JobGone:
        log.info("%s: deleted while it ran", job)
        job_finish(job, Job.Status.CANCELLED, error=GONE_MESSAGE)
    except BackendError as exc:
        _retry_or_fail(job, exc.message, retry=not exc.permanent)
    except DatabaseError:
        log.warning("%s: the database failed under it", job, exc_info=True)
        _retry_or_fail(job, _unexpected(job), retry=True)
    except Exception:
        log.exception("%s failed", job)
        job_fail(job, _unexpected(job))
    else:
        job_finish(job, Job.Status.SUCCEEDED)


def _unexpected(job: Job) -> str:
    return UNEXPECTED_MESSAGE % {"doing": str(job.doing)}


def _retry_or_fail(job: Job, message: str, *, retry: bool) -> None:
    retry = retry and job.attempts < settings.JOB_MAX_ATTEMPTS
    log.warning("%s: %s (%s)", job, message, "retrying" if retry else "giving up")
    if retry:
        _requeue(job, delay=_backoff(job.attempts))
    else:
        job_fail(job, message)


def job_cancel(job: Job) -> None:
    """Stop a job: a queued one is cancelled at once, a running one at its next progress report."""
    model = type(job)
    queued = model.objects.filter(pk=job.pk, status=Job.Status.QUEUED)
    if job_finish(job, Job.Status.CANCELLED, error=CANCELLED_MESSAGE, only_if=queued,
                  cancel_requested=True):
        return
    if model.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(cancel_requested=True):
        job.cancel_requested = True


def _claim(model: type[J], job_id: str) -> J | None:
    # Only one runner gets the row, and only once it is due: a duplicate message (a redelivery,
    # or a sweep's resend of a job still waiting somewhere) finds nothing to claim. A running
    # row whose process died is the monitor's to recover, so that its death is counted.
    now = timezone.now()
    due = Q(run_after__isnull=True) | Q(run_after__lte=now + CLOCK_SLACK)
    claimed = model.objects.filter(due, pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now, heartbeat_at=now, progress=0, error="",
        attempts=F("attempts") + 1, run_after=None,
    )
    return model.objects.get(pk=job_id) if claimed else None


def _progress_reporter(job: Job) -> Progress:
    model = type(job)
    # A report looks at the database at most once per JOB_PROGRESS_INTERVAL_SECONDS: it then
    # notices a cancel (or the job's deletion) and, if the progress moved, writes and pushes
    # it. A job reporting 23 steps in a second would otherwise send 23 events to every socket
    # of its owner, and a 30 s track's dozen steps in a fifth of a second would cost it a
    # dozen queries. Transitions (running, retried, finished) are always sent at once, by
    # their own code, and the "running" just sent counts as the first: a job done within the
    # interval reads and sends nothing more.
    last_seen = time.monotonic()

    def report(percent: int) -> None:
        nonlocal last_seen
        now = time.monotonic()
        if now - last_seen < settings.JOB_PROGRESS_INTERVAL_SECONDS:
            return
        last_seen = now
        state = model.objects.filter(pk=job.pk).values_list("cancel_requested", flat=True)
        if not state:
            raise JobGone()
        if state[0]:
            raise JobCancelled()
        percent = max(0, min(99, int(percent)))
        if percent == job.progress:
            return
        job.progress = percent
        model.objects.filter(pk=job.pk).update(progress=percent, heartbeat_at=timezone.now())
        job_broadcast(job)

    return report


def _requeue(job: Job, *, delay: float) -> None:
    # The due time is on the row, so a retry survives the process (or message) holding it.
    job.status, job.progress = Job.Status.QUEUED, 0
    job.run_after = timezone.now() + timedelta(seconds=delay)
    type(job).objects.filter(pk=job.pk).update(status=job.status, progress=0,
                                               run_after=job.run_after)
    job_broadcast(job)
    job_dispatch(job, delay=delay)


def _backoff(attempt: int) -> float:
    base = settings.JOB_RETRY_BASE_SECONDS * 2 ** max(0, attempt - 1)
    return base * random.uniform(0.75, 1.25)
