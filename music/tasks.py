from __future__ import annotations

from celery import shared_task

from core.jobs import job_run
from music.models import TrackJob
from music.services import track_job_execute, track_job_followup


@shared_task(name="music.track_run", acks_late=True, reject_on_worker_lost=True)
def track_run(job_id: str) -> None:
    job_run(TrackJob, job_id, track_job_execute)
    track_job_followup(job_id=job_id)
