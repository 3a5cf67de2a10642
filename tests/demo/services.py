from __future__ import annotations

import os
import signal
import time

from django.db import transaction

from core.backends import BackendError
from core.jobs import Progress, job_enqueue
from core.ownership import Owner
from tests.demo.models import DemoJob


def demo_job_create(*, owner: Owner, **fields) -> DemoJob:
    with transaction.atomic():
        job = DemoJob.objects.create(**owner.fields(), **fields)
        job_enqueue(job)
    return job


def demo_job_execute(job: DemoJob, progress: Progress) -> None:
    if job.kill_process:
        # Some work first, as a crashing codec would: the request that queued the job has
        # had its answer by then (the in-process runner may start it before that is sent).
        time.sleep(1)
        os.kill(os.getpid(), signal.SIGKILL)
    if job.crash:
        raise RuntimeError("boom: an internal detail a person must not see")
    if job.attempts <= job.transient_failures:
        raise BackendError("The demo service is busy.", permanent=False)
    if job.fail_with:
        raise BackendError(job.fail_with, permanent=True)
    for step in range(job.steps):
        time.sleep(job.step_seconds)
        progress(int(100 * (step + 1) / (job.steps + 1)))
    DemoJob.objects.filter(pk=job.pk).update(result="done")
