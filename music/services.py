from __future__ import annotations

import secrets
import time
import uuid
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from captioning.models import Caption, CaptionJob
from core.backends import BackendError, backend
from core.backpressure import jobs_admit
from core.jobs import JobGone, Progress, job_dispatch, job_enqueue, job_run
from core.models import Job
from core.ownership import Owner
from music.audio import EncodeError, encode, to_stereo_44k, transcode, waveform
from music.backends.base import Resume
from music.models import EncodeJob, Track, TrackJob
from music.prompts import MusicPrompt, prompt_for_mood
from music.style import STYLE_MAX_CHARS, parse_style
from uploads.models import Upload

DURATION_MIN, DURATION_MAX, DURATION_DEFAULT = 10, 120, 30
EXTRA_FORMATS = ("mp3", "ogg")


def track_job_create(*, owner: Owner, upload: Upload, duration: float = DURATION_DEFAULT,
                     seed: int | None = None, valence: float | None = None,
                     arousal: float | None = None, style: str = "",
                     admit: bool = True) -> TrackJob:
    """Queue a new piece of music for an upload; it starts as soon as the caption exists.

    `style`: the person's words for the music ("calm piano"), at most STYLE_MAX_CHARS.
    Raises core.errors.Busy when the owner or the queue has too much waiting; `admit=False`
    for a caller that asked core.backpressure.jobs_admit itself.
    """
    if admit:
        jobs_admit(owner=owner)
    style = " ".join(style.split())
    if len(style) > STYLE_MAX_CHARS:
        raise ValueError(f"The style may be at most {STYLE_MAX_CHARS} characters.")
    job = TrackJob.objects.create(
        upload=upload, duration=duration, seed=secrets.randbelow(2**31) if seed is None else seed,
        valence=valence, arousal=arousal, style=style, **owner.fields())
    if Caption.objects.filter(upload=upload).exists():
        job_enqueue(job)
    else:
        # The caption job releases it when it finishes; if it finished while this
        # transaction was open, release it here once committed (a second start is a no-op).
        transaction.on_commit(lambda: _release_if_captioned(job))
    return job


def _release_if_captioned(job: TrackJob) -> None:
    if Caption.objects.filter(upload_id=job.upload_id).exists():
        job_dispatch(job)


def track_jobs_release(*, upload: Upload) -> None:
    """Start the upload's tracks that waited for its caption (they fail if it failed)."""
    for job in upload.track_jobs.filter(status=Job.Status.QUEUED):
        job_dispatch(job)


def _no_caption_reason(job: TrackJob) -> str:
    failed = (CaptionJob.objects.filter(upload_id=job.upload_id,
                                        status__in=[Job.Status.FAILED, Job.Status.CANCELLED])
              .order_by("-finished_at").first())
    if failed is not None:
        return f"No music was made because the picture could not be described: {failed.error}"
    return "The picture has no description yet, so there is nothing to compose from."


def track_prompt(*, caption: Caption, valence: float | None, arousal: float | None,
                 style: str = "") -> MusicPrompt:
    """The caption's prompt, or the same picture's music in the mood someone chose, steered
    by the style they asked for."""
    return _mood_prompt(caption=caption, valence=valence, arousal=arousal).with_style(
        parse_style(style))


def _mood_prompt(*, caption: Caption, valence: float | None,
                 arousal: float | None) -> MusicPrompt:
    if valence is None and arousal is None:
        return MusicPrompt.parse(caption.music_prompt)
    valence = caption.valence if valence is None else valence
    arousal = caption.arousal if arousal is None else arousal
    features = caption.features or {}
    if "warmth" in features and "texture" in features:
        return prompt_for_mood(valence=valence, arousal=arousal, hue=features.get("hue"),
                               warmth=features["warmth"], texture=features["texture"])
    return MusicPrompt.parse(caption.music_prompt).with_mood(valence=valence, arousal=arousal)


def track_job_execute(job: TrackJob, progress: Progress) -> None:
    if job.track_id is not None:
        return  # an earlier attempt stored it, then lost its process before recording that
    caption = Caption.objects.filter(upload_id=job.upload_id).first()
    if caption is None:
        raise BackendError(_no_caption_reason(job), permanent=True)
    prompt = track_prompt(caption=caption, valence=job.valence, arousal=job.arousal,
                          style=job.style)
    composer = backend("music")
    progress(2)
    result = composer.compose(prompt.text, duration=job.duration, seed=job.seed,
                              on_progress=lambda fraction: progress(2 + 78 * fraction),
                              resume=Resume(token=job.resume_token,
                                            save=lambda token: _remember(job, token)))
    audio = to_stereo_44k(result.audio, result.sample_rate)
    progress(85)
    wav_bytes = encode(audio, "wav")
    names: list[str] = []
    try:
        track = _track_store(job=job, composer=composer, result=result, prompt=prompt,
                             wav_bytes=wav_bytes, waveform=waveform(audio), names=names)
    except Exception as exc:
        for name in names:  # a failed or deleted job leaves no file behind
            default_storage.delete(name)
        if not Upload.objects.filter(pk=job.upload_id).exists():
            raise JobGone() from exc
        raise
    job.track = track


def _remember(job: TrackJob, token: str) -> None:
    # Written at once, outside any transaction: the worker may die right after.
    job.resume_token = token
    TrackJob.objects.filter(pk=job.pk).update(resume_token=token)


def _track_store(*, job: TrackJob, composer: Any, result: Any, prompt: MusicPrompt,
                 wav_bytes: bytes, waveform: list[float], names: list[str]) -> Track:
    key = uuid.uuid4().hex
    with transaction.atomic():
        # Locked, so that deleting the upload waits for this track or this finds it gone.
        if not Upload.objects.select_for_update().filter(pk=job.upload_id).exists():
            raise JobGone()
        wav = default_storage.save(f"tracks/{key}.wav", ContentFile(wav_bytes))
        names.append(wav)
        midi = ""
        if result.midi:
            midi = default_storage.save(f"tracks/{key}.mid", ContentFile(result.midi))
            names.append(midi)
        track = Track.objects.create(
            upload_id=job.upload_id, user_id=job.user_id, session_key=job.session_key,
            prompt=prompt.text, duration=job.duration, seed=job.seed,
            provider=composer.provider, tempo_bpm=result.tempo_bpm, key=result.tonic,
            mode=result.mode, valence=prompt.valence, arousal=prompt.arousal,
            style=job.style, wav=wav, midi=midi, waveform=waveform)
        if not TrackJob.objects.filter(pk=job.pk).update(track=track):
            raise JobGone()
        for fmt in EXTRA_FORMATS:  # the follow-up: their own jobs, run and retried likewise
            job_enqueue(EncodeJob.objects.create(track=track, format=fmt, user_id=job.user_id,
                                                 session_key=job.session_key))
    return track


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
