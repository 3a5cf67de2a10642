from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image

from captioning.backends.base import Captioner
from captioning.models import Caption, CaptionJob
from core.backends import BackendError, backend
from core.jobs import Progress, job_enqueue
from core.models import Job
from core.ownership import owner_of
from uploads.models import Upload
from uploads.track_jobs import track_jobs_release
from uploads.validation import flatten_alpha


def caption_language(language: str | None = None) -> str:
    """The caption's language, "ko" or "en": the one asked for, else the visitor's."""
    chosen = language or translation.get_language() or "en"
    return "ko" if chosen.lower().startswith("ko") else "en"


def caption_ensure(*, upload: Upload, language: str | None = None) -> CaptionJob | None:
    """See that the upload gets a caption, in `language` (the visitor's by default). Returns
    the job making it, or None if it has one.

    A picture is described once per language: a caption the same captioner made for the same
    bytes (for anyone) in that language is copied instead of paying the provider again.
    """
    language = caption_language(language)
    if Caption.objects.filter(upload=upload).exists():
        return None
    provider = backend("captioning", Captioner).provider
    cached = (Caption.objects.filter(image_hash=upload.content_hash, provider=provider,
                                     language=language)
              .order_by("-created_at").first())
    if cached is not None:
        caption_copy(source=cached, upload=upload)
        return None
    pending = upload.caption_jobs.filter(status__in=Job.ACTIVE).first()
    if pending is not None:
        return pending
    job = CaptionJob.objects.create(upload=upload, language=language,
                                    **owner_of(upload).fields())
    job_enqueue(job)
    return job


def caption_copy(*, source: Caption, upload: Upload) -> Caption:
    return Caption.objects.create(
        upload=upload, text=source.text, music_prompt=source.music_prompt,
        valence=source.valence, arousal=source.arousal, tags=source.tags,
        features=source.features, provider=source.provider, image_hash=source.image_hash,
        language=source.language)


def caption_job_execute(job: CaptionJob, progress: Progress) -> None:
    upload = job.upload
    if Caption.objects.filter(upload=upload).exists():
        return
    progress(10)
    image = _load_rgb(upload)
    progress(25)
    captioner = backend("captioning", Captioner)
    result = captioner.caption(image, language=job.language)
    progress(90)
    Caption.objects.create(
        upload=upload, text=result.text, music_prompt=result.music_prompt,
        valence=result.mood.valence, arousal=result.mood.arousal, tags=list(result.tags),
        features=result.features, provider=captioner.provider, image_hash=upload.content_hash,
        language=job.language)


def caption_job_followup(job: CaptionJob) -> None:
    """The hand-off: the upload's waiting tracks start (and fail with its reason if it failed).

    Run by the runner once the caption job finished; if it is lost with its process, the
    monitor's sweep starts those tracks instead (TrackJob.dispatchable).
    """
    track_jobs_release(upload=job.upload)


def _load_rgb(upload: Upload) -> Image.Image:
    try:
        with upload.image.open("rb") as handle:
            image = Image.open(handle)
            image.load()
    except OSError as exc:
        raise BackendError(_("The stored picture could not be read; please upload it again."),
                           permanent=True) from exc
    return flatten_alpha(image.convert("RGBA") if image.mode != "RGB" else image)
