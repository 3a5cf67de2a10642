from __future__ import annotations

from celery import shared_task
from django.core.files.storage import default_storage

from core.jobs import job_run
from core.models import Job
from dreams.dream_jobs import dream_job_execute, transcription_job_execute
from dreams.models import DreamJob, TranscriptionJob


@shared_task(name="dreams.dream_run", acks_late=True, reject_on_worker_lost=True)
def dream_run(job_id: str) -> None:
    job_run(DreamJob, job_id, dream_job_execute)


@shared_task(name="dreams.transcription_run", acks_late=True, reject_on_worker_lost=True)
def transcription_run(job_id: str) -> None:
    job_run(TranscriptionJob, job_id, transcription_job_execute, then=_discard_recording)


def _discard_recording(job: TranscriptionJob) -> None:
    # A recording that could not be transcribed is of no use to keep, unless asked to.
    failed = TranscriptionJob.objects.filter(pk=job.pk, status=Job.Status.FAILED,
                                             keep_audio=False).exclude(audio="").first()
    if failed is not None:
        default_storage.delete(failed.audio.name)
        TranscriptionJob.objects.filter(pk=job.pk).update(audio="")
