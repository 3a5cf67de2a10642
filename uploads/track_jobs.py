"""A track job's work: it waits for its upload's caption, composes from the caption's prompt
(or another mood, or a style), stores the track with its MP3 and OGG jobs, and starts those
once the track's success has been told (track_job_followup)."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from captioning.models import Caption, CaptionJob
from core.backends import BackendError, backend
from core.backpressure import jobs_admit
from core.job_errors import JobGone
from core.jobs import Progress, job_dispatch, job_enqueue, job_start
from core.models import Job
from core.ownership import Owner
from music.backends.base import Composer, Resume
from music.composer.prompts import MusicPrompt, prompt_for_mood
from music.composer.style import STYLE_MAX_CHARS, parse_style
from music.durations import duration_limits
from music.models import EncodeJob, Track, TrackJob
from music.services import EXTRA_FORMATS
from music.sound.audio import encode, to_stereo_44k, waveform
from uploads.models import Upload


def track_job_create(*, owner: Owner, upload: Upload, duration: float | None = None,
                     seed: int | None = None, valence: float | None = None,
                     arousal: float | None = None, style: str = "",
                     admit: bool = True) -> TrackJob:
    """Queue a new piece of music for an upload; it starts as soon as the caption exists.

    `duration`: seconds, the usual length by default (music.durations).
    `style`: the person's words for the music ("calm piano"), at most STYLE_MAX_CHARS.
    Raises core.errors.Busy when the owner or the queue has too much waiting; `admit=False`
    for a caller that asked core.backpressure.jobs_admit itself.
    """
    if admit:
        jobs_admit(owner=owner)
    style = " ".join(style.split())
    if len(style) > STYLE_MAX_CHARS:
        raise ValueError(f"The style may be at most {STYLE_MAX_CHARS} characters.")
    if duration is None:
        duration = duration_limits().default
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
        return _("No music was made because the picture could not be described: %(reason)s") % {
            "reason": failed.error}
    return _("The picture has no description yet, so there is nothing to compose from.")


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
    composer = backend("music", Composer)
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
        for fmt in EXTRA_FORMATS:  # their own jobs, run and retried likewise; started below
            EncodeJob.objects.create(track=track, format=fmt, user_id=job.user_id,
                                     session_key=job.session_key)
    return track


def track_job_followup(job: TrackJob) -> None:
    """Start the stored track's MP3 and OGG jobs, now that it is playable and its owner has
    been told: until then they would only slow down the track and the player's first fetch.

    Should the process die before this runs, the jobs are queued rows no runner holds, and
    the monitor's sweep sends them (core.job_monitor)."""
    if job.status != Job.Status.SUCCEEDED or job.track_id is None:
        return
    for encode_job in EncodeJob.objects.filter(track_id=job.track_id, status=Job.Status.QUEUED,
                                               dispatched_at__isnull=True):
        job_start(encode_job)
