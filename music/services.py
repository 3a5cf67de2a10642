from __future__ import annotations

import secrets
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from captioning.models import Caption
from core.backends import BackendError, backend
from core.jobs import Progress, job_dispatch, job_enqueue
from core.models import Job
from core.ownership import Owner
from core.realtime import job_broadcast
from music.audio import EncodeError, encode, to_stereo_44k, transcode, waveform
from music.models import Track, TrackJob
from music.prompts import MusicPrompt, prompt_for_mood
from uploads.models import Upload

DURATION_MIN, DURATION_MAX, DURATION_DEFAULT = 10, 120, 30
EXTRA_FORMATS = ("mp3", "ogg")


def track_job_create(*, owner: Owner, upload: Upload, duration: float = DURATION_DEFAULT,
                     seed: int | None = None, valence: float | None = None,
                     arousal: float | None = None) -> TrackJob:
    """Queue a new piece of music for an upload; it starts as soon as the caption exists."""
    job = TrackJob.objects.create(
        upload=upload, duration=duration, seed=secrets.randbelow(2**31) if seed is None else seed,
        valence=valence, arousal=arousal, **owner.fields())
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
    for job in upload.track_jobs.filter(status=Job.Status.QUEUED):
        job_broadcast(job)
        job_dispatch(job)


def track_jobs_fail_waiting(*, upload: Upload, error: str) -> None:
    for job in upload.track_jobs.filter(status=Job.Status.QUEUED):
        job.status, job.error, job.finished_at = Job.Status.FAILED, error, timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        job_broadcast(job)


def track_prompt(*, caption: Caption, valence: float | None, arousal: float | None) -> MusicPrompt:
    """The caption's prompt, or the same picture's music in the mood someone chose."""
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
    caption = Caption.objects.filter(upload_id=job.upload_id).first()
    if caption is None:
        raise BackendError("The picture has no description yet, so there is nothing to "
                           "compose from.", permanent=True)
    prompt = track_prompt(caption=caption, valence=job.valence, arousal=job.arousal)
    composer = backend("music")
    progress(2)
    result = composer.compose(prompt.text, duration=job.duration, seed=job.seed,
                              on_progress=lambda fraction: progress(2 + 78 * fraction))
    audio = to_stereo_44k(result.audio, result.sample_rate)
    progress(85)
    key = uuid.uuid4().hex
    names: list[str] = []
    try:
        with transaction.atomic():
            wav = default_storage.save(f"tracks/{key}.wav", ContentFile(encode(audio, "wav")))
            names.append(wav)
            midi = ""
            if result.midi:
                midi = default_storage.save(f"tracks/{key}.mid", ContentFile(result.midi))
                names.append(midi)
            track = Track.objects.create(
                upload_id=job.upload_id, user_id=job.user_id, session_key=job.session_key,
                prompt=prompt.text, duration=job.duration, seed=job.seed,
                provider=composer.provider, tempo_bpm=result.tempo_bpm, key=result.tonic,
                mode=result.mode, valence=prompt.valence, arousal=prompt.arousal, wav=wav,
                midi=midi, waveform=waveform(audio))
            TrackJob.objects.filter(pk=job.pk).update(track=track)
    except Exception:
        for name in names:
            default_storage.delete(name)
        raise
    job.track = track


def track_job_followup(*, job_id: str) -> None:
    job = TrackJob.objects.select_related("track").get(pk=job_id)
    if job.status == Job.Status.SUCCEEDED and job.track is not None:
        track_encode_extras(track=job.track)


def track_encode_extras(*, track: Track, formats: tuple[str, ...] = EXTRA_FORMATS) -> Track:
    """MP3 and OGG next to the WAV (the WAV is playable before these exist).

    Each format is saved as soon as it is made; if one fails, the others are still made and
    the first failure (an EncodeError) is raised afterwards.
    """
    missing = [fmt for fmt in formats if not getattr(track, fmt)]
    if not missing:
        return track
    with track.wav.open("rb") as handle:
        wav = handle.read()
    stem = track.wav.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    failure: EncodeError | None = None
    for fmt in missing:
        try:
            data = transcode(wav, fmt)
        except EncodeError as exc:
            failure = failure or exc
            continue
        setattr(track, fmt, default_storage.save(f"tracks/{stem}.{fmt}", ContentFile(data)))
        track.save(update_fields=[fmt])
    if failure is not None:
        raise failure
    return track


def track_delete(*, track: Track) -> None:
    names = [f.name for f in (track.wav, track.mp3, track.ogg, track.midi) if f]
    track.delete()
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
