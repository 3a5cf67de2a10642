from __future__ import annotations

from celery import shared_task

from core.jobs import job_run
from tests.demo.models import DemoJob
from tests.demo.services import demo_job_execute


@shared_task(name="demo.run", acks_late=True, reject_on_worker_lost=True)
def demo_run(job_id: str) -> None:
    job_run(DemoJob, job_id, demo_job_execute)
