from __future__ import annotations

from celery import shared_task

from captioning.models import CaptionJob
from core.jobs import job_run
from music.models import TrackJob
from uploads.caption_jobs import caption_job_execute, caption_job_followup
from uploads.track_jobs import track_job_execute, track_job_followup


@shared_task(name="captioning.caption_run", acks_late=True, reject_on_worker_lost=True)
def caption_run(job_id: str) -> None:
    job_run(CaptionJob, job_id, caption_job_execute, then=caption_job_followup)


# The track job is music's row; its work reads the caption, so it runs from here.
@shared_task(name="music.track_run", acks_late=True, reject_on_worker_lost=True)
def track_run(job_id: str) -> None:
    job_run(TrackJob, job_id, track_job_execute, then=track_job_followup)
