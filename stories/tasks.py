from __future__ import annotations

from celery import shared_task

from core.jobs import job_run
from stories.models import StoryJob
from stories.services import story_job_execute


@shared_task(name="stories.story_run", acks_late=True, reject_on_worker_lost=True)
def story_run(job_id: str) -> None:
    job_run(StoryJob, job_id, story_job_execute)
