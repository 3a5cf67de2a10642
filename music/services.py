from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from core.jobs import JobGone, Progress
from core.models import Job
from music.models import EncodeJob, Track
from music.sound.audio import transcode

DURATION_MIN, DURATION_MAX, DURATION_DEFAULT = 10, 120, 30
EXTRA_FORMATS = ("mp3", "ogg")


def encode_job_execute(job: EncodeJob, progress: Progress) -> None:
    track = Track.objects.filter(pk=job.track_id).first()
    if track is None:
        raise JobGone()
    if not getattr(track, job.format):
        progress(10)
        track_encode(track=track, fmt=job.format)


def track_encode_extras(*, track: Track, formats: tuple[str, ...] = EXTRA_FORMATS) -> Track:
    """MP3 and OGG next to the WAV, made here and now (the `compose` command)."""
    for fmt in formats:
        if not getattr(track, fmt):
            track_encode(track=track, fmt=fmt)
    return track


def track_encode(*, track: Track, fmt: str) -> Track:
    """Write the track's `fmt` file from its WAV; the WAV is playable before it exists.

    The codec runs in an isolated worker: a crash there is an EncodeError for this format."""
    with track.wav.open("rb") as handle:
        data = transcode(handle.read(), fmt)
    stem = track.wav.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    name = default_storage.save(f"tracks/{stem}.{fmt}", ContentFile(data))
    try:
        with transaction.atomic():
            current = Track.objects.select_for_update().filter(pk=track.pk).first()
            if current is None:
                raise JobGone()
            made = getattr(current, fmt).name
            if not made:
                Track.objects.filter(pk=track.pk).update(**{fmt: name})
    except Exception:
        default_storage.delete(name)
        raise
    if made:  # another request or job made it first
        default_storage.delete(name)
    setattr(track, fmt, made or name)
    return track


def track_encode_failure(*, track: Track, fmt: str) -> str | None:
    """Why the track has no `fmt` file, if making it failed; None while it may still come."""
    job = track.encode_jobs.filter(format=fmt).first()
    if job is None or job.status not in {Job.Status.FAILED, Job.Status.CANCELLED}:
        return None
    return f"The {fmt.upper()} of this track could not be made: {job.error}"


def track_delete(*, track: Track) -> None:
    with transaction.atomic():
        # Locked, so that an encode finishing now either is listed here or finds it gone.
        current = Track.objects.select_for_update().filter(pk=track.pk).first()
        if current is None:
            return
        names = [f.name for f in (current.wav, current.mp3, current.ogg, current.midi) if f]
        current.delete()
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
