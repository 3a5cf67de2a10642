"""How a job ends: one place records its outcome and tells its owner, once.

The runner (core.jobs) finishes the jobs it ran, the monitor (core.job_monitor) fails the
ones whose process died, and a cancel ends a queued one; all of them go through here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise

from core.models import Job
from core.realtime import job_broadcast

# A message, or a lazy translation of one.
StrOrPromise = str | Promise


def job_finish(job: Job, status: str, *, error: StrOrPromise = "",
               only_if: QuerySet | None = None, **fields: Any) -> bool:
    """Record that `job` ended with `status` (and `error`) and broadcast it once.

    `only_if` narrows the row update to the state the caller saw (a row another process moved
    on meanwhile is left alone and nothing is sent); `fields` are written with the outcome. A
    lazy `error` is said in the owner's language (Job.owner_language), whichever process
    records it. Returns whether the row was updated.
    """
    with translation.override(job.owner_language):
        error = str(error)
    now = timezone.now()
    progress = 100 if status == Job.Status.SUCCEEDED else job.progress
    rows = only_if if only_if is not None else type(job).objects.filter(pk=job.pk)
    updated = rows.update(status=status, error=error, finished_at=now, progress=progress,
                          **fields)
    # The runner's own row ends as it decided even if it was deleted meanwhile (its follow-up
    # still runs); a guarded caller's copy stays as it was when the row had moved on.
    if updated or only_if is None:
        job.status, job.error, job.finished_at, job.progress = status, error, now, progress
        for name, value in fields.items():
            setattr(job, name, value)
    if updated:
        job_broadcast(job)
    return bool(updated)


def job_fail(job: Job, message: StrOrPromise, *, only_if: QuerySet | None = None,
             **fields: Any) -> bool:
    """Fail `job` with a message its owner can act on; see `job_finish`."""
    return job_finish(job, Job.Status.FAILED, error=message, only_if=only_if, **fields)
