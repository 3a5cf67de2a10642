from __future__ import annotations

import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from core.backpressure import pooled_connections_release
from core.job_errors import JobGone
from core.jobs import Progress, job_run
from core.models import Job
from music.models import EncodeJob, Track
from music.sound.audio import EncodeError, transcode

EXTRA_FORMATS = ("mp3", "ogg")


def encode_job_execute(job: EncodeJob, progress: Progress, *, background: bool = True) -> None:
    track = Track.objects.filter(pk=job.track_id).first()
    if track is None:
        raise JobGone()
    if not getattr(track, job.format):
        progress(10)
        track_encode(track=track, fmt=job.format, background=background)


def _encode_job_execute_now(job: EncodeJob, progress: Progress) -> None:
    encode_job_execute(job, progress, background=False)


class EncodeNotReady(Exception):
    """A download's MP3 or OGG is not there: `message` says why, for people; `retry_after`
    (seconds) is set when asking again may work."""

    def __init__(self, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def track_audio_ensure(*, track: Track, fmt: str, wait: float | None = None) -> Track:
    """The track with its `fmt` (MP3 or OGG) file, for a download that came before it exists.

    The person is waiting, so the file is made here and now if its job has not started (in
    the urgent workers; the job is then done), or waited for up to `wait` seconds (default
    ENCODE_WAIT_SECONDS) if another worker is making it. Raises EncodeNotReady if making it
    failed (no retry_after), crashed just now, or is still going on after `wait`.
    """
    job = track.encode_jobs.filter(format=fmt).first()
    if job is None or job.status == Job.Status.SUCCEEDED:  # none made it, or its file is gone
        try:
            return track_encode(track=track, fmt=fmt)
        except EncodeError as exc:
            raise EncodeNotReady(exc.message, retry_after=5) from exc
    if job.status == Job.Status.QUEUED:
        job_run(EncodeJob, str(job.pk), _encode_job_execute_now)
    deadline = time.monotonic() + (settings.ENCODE_WAIT_SECONDS if wait is None else wait)
    while True:
        made = Track.objects.filter(pk=track.pk).values_list(fmt, flat=True).first()
        if made is None:
            raise Track.DoesNotExist()
        if made:
            setattr(track, fmt, made)
            return track
        job.refresh_from_db()
        if job.status in {Job.Status.FAILED, Job.Status.CANCELLED}:
            raise EncodeNotReady(f"The {fmt.upper()} of this track could not be made: "
                                 f"{job.error}")
        if time.monotonic() >= deadline:
            raise EncodeNotReady(f"The {fmt.upper()} of this track is being prepared. It "
                                 "will be ready in a few seconds; please try again.",
                                 retry_after=5)
        pooled_connections_release()  # the encode's worker needs connections more than we do
        time.sleep(0.2)


def track_encode_extras(*, track: Track, formats: tuple[str, ...] = EXTRA_FORMATS) -> Track:
    """MP3 and OGG next to the WAV, made here and now (the `compose` command)."""
    for fmt in formats:
        if not getattr(track, fmt):
            track_encode(track=track, fmt=fmt)
    return track


def track_encode(*, track: Track, fmt: str, background: bool = False) -> Track:
    """Write the track's `fmt` file from its WAV; the WAV is playable before it exists.

    The codec runs in an isolated worker (`background`: a low-priority one): a crash there is
    an EncodeError for this format."""
    with track.wav.open("rb") as handle:
        data = transcode(handle.read(), fmt, background=background)
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


def track_delete(*, track: Track) -> None:
    with transaction.atomic():
        # Locked, so that an encode finishing now either is listed here or finds it gone.
        current = Track.objects.select_for_update().filter(pk=track.pk).first()
        if current is None:
            return
        names = [f.name for f in (current.wav, current.mp3, current.ogg, current.midi) if f]
        current.delete()
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
