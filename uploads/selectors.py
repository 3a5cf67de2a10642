from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Prefetch, QuerySet

from core.models import Job
from core.ownership import Owner
from music.durations import duration_limits
from music.models import Track
from uploads.models import Upload


def uploads_of(*, owner: Owner | None) -> QuerySet[Upload]:
    if owner is None:
        return Upload.objects.none()
    return owner.filter(Upload.objects.all()).select_related("caption").prefetch_related(
        Prefetch("tracks", queryset=Track.objects.order_by("-created_at")))


def upload_get(*, owner: Owner | None, upload_id: uuid.UUID | str) -> Upload | None:
    return uploads_of(owner=owner).filter(pk=upload_id).first()


def results_context(*, owner: Owner | None, upload_id: uuid.UUID | str,
                    track_id: str | None = None) -> dict[str, Any] | None:
    """What the results page shows: the picture, its caption, the chosen track (the newest by
    default), the other versions, and the jobs still running for it."""
    upload = upload_get(owner=owner, upload_id=upload_id)
    if upload is None:
        return None
    caption = getattr(upload, "caption", None)
    tracks = list(upload.tracks.all())
    current = next((t for t in tracks if str(t.pk) == track_id), tracks[0] if tracks else None)
    pending = [*upload.caption_jobs.filter(status__in=Job.ACTIVE),
               *upload.track_jobs.filter(status__in=Job.ACTIVE).order_by("created_at")]
    failed = upload.track_jobs.filter(status=Job.Status.FAILED).order_by("-created_at").first()
    if failed and current and failed.created_at < current.created_at:
        failed = None
    return {
        "upload": upload, "caption": caption, "track": current, "tracks": tracks,
        "pending_jobs": pending, "failed_job": failed,
        "regenerate_initial": {
            "duration": int(current.duration) if current else duration_limits().default,
            "valence": round(caption.valence, 2) if caption else 0,
            "arousal": round(caption.arousal, 2) if caption else 0,
            "style": current.style if current else "",
        },
    }
