from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from captioning.models import CaptionJob
from core.backpressure import jobs_admit
from core.ownership import Owner
from music.models import TrackJob
from music.services import track_delete
from uploads.caption_jobs import caption_ensure
from uploads.models import Upload
from uploads.track_jobs import track_job_create
from uploads.validation import NormalisedImage, upload_validate


@dataclass(frozen=True)
class UploadStarted:
    upload: Upload
    caption_job: CaptionJob | None  # None when the picture already had its caption
    track_job: TrackJob


def upload_create(*, owner: Owner, data: bytes, original_name: str = "",
                  duration: float | None = None, seed: int | None = None,
                  style: str = "", language: str | None = None) -> UploadStarted:
    """Take a picture and start its music: store it (once per owner), caption it (in
    `language`, the visitor's by default), compose (`duration`: the usual length by default).

    Raises uploads.validation.ImageRejected before anything is written, and core.errors.Busy
    (before the picture is even decoded) when the owner or the queue has too much waiting.
    """
    jobs_admit(owner=owner)
    image = upload_validate(data)
    stored: list[str] = []
    try:
        with transaction.atomic():
            upload = owner.filter(Upload.objects.filter(content_hash=image.content_hash)).first()
            if upload is None:
                upload = _upload_store(owner=owner, image=image, original_name=original_name)
                stored.append(upload.image.name)
            caption_job = caption_ensure(upload=upload, language=language)
            track_job = track_job_create(owner=owner, upload=upload, duration=duration,
                                         seed=seed, style=style, admit=False)
    except Exception:
        for name in stored:  # nothing half-written stays behind
            default_storage.delete(name)
        raise
    return UploadStarted(upload=upload, caption_job=caption_job, track_job=track_job)


def _upload_store(*, owner: Owner, image: NormalisedImage, original_name: str) -> Upload:
    name = default_storage.save(f"uploads/{uuid.uuid4().hex}.{image.extension}",
                                ContentFile(image.content))
    return Upload.objects.create(
        image=name, content_type=image.content_type, width=image.width, height=image.height,
        content_hash=image.content_hash, original_name=original_name[:255], **owner.fields())


def upload_delete(*, upload: Upload) -> None:
    """Delete the picture, its caption and its music, files included."""
    with transaction.atomic():
        # Locked first: a track being stored now waits, then finds the upload gone.
        Upload.objects.select_for_update().filter(pk=upload.pk).first()
        for track in upload.tracks.all():
            track_delete(track=track)
        name = upload.image.name
        upload.delete()
        transaction.on_commit(lambda: default_storage.delete(name))
