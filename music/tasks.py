from __future__ import annotations

from celery import shared_task

from core.jobs import job_run
from music.models import EncodeJob
from music.services import encode_job_execute


@shared_task(name="music.encode_run", acks_late=True, reject_on_worker_lost=True)
def encode_run(job_id: str) -> None:
    job_run(EncodeJob, job_id, encode_job_execute)
