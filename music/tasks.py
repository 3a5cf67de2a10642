from __future__ import annotations

from celery import shared_task

from core.jobs import job_run
from music.models import EncodeJob, TrackJob
from music.services import encode_job_execute, track_job_execute


@shared_task(name="music.track_run", acks_late=True, reject_on_worker_lost=True)
def track_run(job_id: str) -> None:
    job_run(TrackJob, job_id, track_job_execute)


@shared_task(name="music.encode_run", acks_late=True, reject_on_worker_lost=True)
def encode_run(job_id: str) -> None:
    job_run(EncodeJob, job_id, encode_job_execute)
