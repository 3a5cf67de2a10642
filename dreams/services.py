"""Writing dreams: create (typed or spoken), edit, delete; recordings to transcribe."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.backends import backend
from core.backpressure import jobs_admit
from core.contracts import Moderator
from core.errors import InputRejected
from core.jobs import job_enqueue
from core.models import Job
from core.ownership import Owner, owner_of
from core.speech.audio import AudioInfo, audio_validate
from core.text.korean import HANGUL
from dreams.models import Dream, DreamJob, Emotion, TranscriptionJob

_LATIN = re.compile(r"[A-Za-z]")

TITLE_LENGTH = 60
SPOKEN_TITLE = "A spoken dream"  # stored, and compared by the reader: not translated here
_EXTENSIONS = {"WAV": "wav", "FLAC": "flac", "OGG": "ogg", "MP3": "mp3"}

_REFUSAL = {
    "self-harm": _("It sounds like you may be going through something really hard. We can't "
                   "work with this dream here, but you don't have to carry it alone: please "
                   "reach out to someone you trust, or a local crisis line if you are in "
                   "danger."),
}
REFUSAL_DEFAULT = _("We're sorry, we can't work with this dream as it's written: it touches on "
                    "something we don't take in here ({categories}). You're welcome to write "
                    "it again in other words.")


class DreamRejected(InputRejected):
    """Input we will not take, with a message for the dreamer and the field it is about."""

    def __init__(self, message: str, *, code: str = "invalid", field: str = "text",
                 status: int = 400) -> None:
        super().__init__(message, code=code, field=field, status=status)


@dataclass(frozen=True)
class DreamStarted:
    dream: Dream
    job: DreamJob


def refusal_message(categories: Iterable[str]) -> str:
    categories = list(categories)
    for category in categories:
        if category.startswith("self-harm"):
            return str(_REFUSAL["self-harm"])
    return REFUSAL_DEFAULT.format(categories=", ".join(categories) or _("unsafe content"))


def dream_text_check(text: str) -> str:
    """The text, trimmed, if we will take it in; raises DreamRejected otherwise."""
    text = text.strip()
    if not text:
        raise DreamRejected(_("Write a few words about your dream first."), code="empty")
    limit = settings.DREAM_TEXT_MAX_CHARS
    if len(text) > limit:
        raise DreamRejected(_("That is %(length)s characters; a dream may be at most "
                              "%(limit)s. Please shorten it.") % {
                                  "length": number_format(len(text), force_grouping=True),
                                  "limit": number_format(limit, force_grouping=True)},
                            code="too_long")
    verdict = backend("moderation", Moderator).check(text)
    if not verdict.allowed:
        raise DreamRejected(refusal_message(verdict.categories), code="refused", status=422)
    return text


def _emotions_check(emotions: Iterable[str]) -> list[str]:
    valid = set(Emotion.values)
    emotions = list(dict.fromkeys(emotions))
    unknown = [e for e in emotions if e not in valid]
    if unknown:
        raise DreamRejected(_("Unknown emotion %(emotion)r; choose from %(choices)s.") % {
            "emotion": unknown[0], "choices": ", ".join(Emotion.values)}, field="emotions")
    return [e for e in Emotion.values if e in emotions]


def dream_language(language: str | None = None, *, text: str = "") -> str:
    """The language a dream is read in: "ko" or "en".

    An explicit `language` must be one of settings.LANGUAGES (else DreamRejected); without it
    the visitor's language counts, unless the text is plainly written in the other one (a
    Korean visitor's English dream is read in English).
    """
    if language:
        try:
            chosen = translation.get_supported_language_variant(language)
        except LookupError:
            codes = ", ".join(code for code, _ in settings.LANGUAGES)
            raise DreamRejected(f"We cannot read dreams in {language!r}; choose one of "
                                f"{codes}.", field="language") from None
        return _base(chosen)
    written = _written_in(text)
    return written or _base(translation.get_language() or settings.LANGUAGE_CODE)


def _base(code: str) -> str:
    # Dreams are read in English or Korean: any other interface language reads in English.
    return "ko" if code.lower().split("-")[0] == "ko" else "en"


def _written_in(text: str) -> str | None:
    hangul, latin = len(HANGUL.findall(text)), len(_LATIN.findall(text))
    if hangul > latin:
        return "ko"
    return "en" if latin and not hangul else None


def title_from(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    if len(first) <= TITLE_LENGTH:
        return first.rstrip(".") or SPOKEN_TITLE
    return first[:TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def felt_of(dream: Dream) -> str:
    felt = dream.felt_emotions
    return f",{','.join(felt)}," if felt else ""


def dream_create(*, owner: Owner, text: str, emotions: Iterable[str] = (), title: str = "",
                 transcription: TranscriptionJob | None = None,
                 language: str | None = None) -> DreamStarted:
    """Save a written (or reviewed, transcribed) dream and start reading it, in `language`
    (see dream_language; by default the visitor's).

    Raises DreamRejected for empty, too long or refused text, unknown emotions or language,
    and core.errors.Busy when the owner or the queue has too much waiting.
    """
    jobs_admit(owner=owner)
    text = dream_text_check(text)
    emotions = _emotions_check(emotions)
    language = dream_language(language, text=text)
    with transaction.atomic():
        dream = Dream(text=text, emotions=emotions, title=title.strip()[:120] or title_from(text),
                      title_given=bool(title.strip()), language=language, **owner.fields())
        if transcription is not None and transcription.keep_audio and transcription.audio:
            # The kept recording moves to the dream, which now answers for deleting it.
            dream.audio, dream.audio_content_type = transcription.audio.name, \
                transcription.content_type
            dream.keep_audio = True
            TranscriptionJob.objects.filter(pk=transcription.pk).update(audio="")
        dream.felt = felt_of(dream)
        dream.save()
        job = DreamJob.objects.create(dream=dream, **owner.fields())
        job_enqueue(job)
    return DreamStarted(dream=dream, job=job)


def dream_create_from_audio(*, owner: Owner, audio: bytes, content_type: str = "",
                            keep_audio: bool = False, emotions: Iterable[str] = (),
                            language: str | None = None) -> DreamStarted:
    """Save a spoken dream: its job transcribes it first, as speech in `language`.

    Raises AudioRejected, or DreamRejected for unknown emotions or language (Busy: see
    dream_create).
    """
    jobs_admit(owner=owner)
    info = audio_validate(audio, content_type=content_type)
    emotions = _emotions_check(emotions)
    language = dream_language(language)
    name = _audio_store(audio, info)
    try:
        with transaction.atomic():
            dream = Dream.objects.create(
                title=SPOKEN_TITLE, emotions=emotions, audio=name, keep_audio=keep_audio,
                audio_content_type=content_type[:64], felt=f",{','.join(emotions)},"
                if emotions else "", language=language, **owner.fields())
            job = DreamJob.objects.create(dream=dream, **owner.fields())
            job_enqueue(job)
    except Exception:
        default_storage.delete(name)
        raise
    return DreamStarted(dream=dream, job=job)


def _audio_store(audio: bytes, info: AudioInfo) -> str:
    extension = _EXTENSIONS.get(info.format, "audio")
    return default_storage.save(f"dreams/audio/{uuid.uuid4().hex}.{extension}",
                                ContentFile(audio))


def dream_update(*, dream: Dream, text: str | None = None, title: str | None = None,
                 emotions: Iterable[str] | None = None) -> DreamJob | None:
    """Edit a dream. A changed text is read again (returns that job); else returns None."""
    job = None
    with transaction.atomic():
        if emotions is not None:
            dream.emotions = _emotions_check(emotions)
        if title is not None:
            dream.title = title.strip()[:120] or title_from(dream.text)
            dream.title_given = bool(title.strip())
        if text is not None and text.strip() != dream.text:
            dream.text = dream_text_check(text)
            dream.language = _written_in(dream.text) or dream.language
            dream_results_clear(dream=dream)
            if not dream.title_given:
                dream.title = title_from(dream.text)
        dream.felt = felt_of(dream)
        dream.save()
        if not dream.analysed:
            job = dream_analyse(dream=dream)
    return job


def dream_results_clear(*, dream: Dream) -> None:
    """Forget what was made from the dream (not saved here), so a new job makes it again."""
    image = dream.image.name
    if image:
        transaction.on_commit(lambda: default_storage.delete(image))
    dream.matches.all().delete()
    dream.analysed = False
    dream.proposed_emotions = []
    dream.interpretation_sections = None
    dream.interpretation_provider = ""
    dream.story_title = dream.story_text = dream.story_provider = ""
    dream.image = ""
    dream.image_provider = ""


def dream_analyse(*, dream: Dream) -> DreamJob:
    """Start the job that makes what the dream still lacks (or return the one running)."""
    running = dream.jobs.filter(status__in=Job.ACTIVE).first()
    if running is not None:
        return running
    jobs_admit(owner=owner_of(dream))
    job = DreamJob.objects.create(dream=dream, user_id=dream.user_id,
                                  session_key=dream.session_key)
    job_enqueue(job)
    return job


def dream_delete(*, dream: Dream) -> None:
    """Delete the dream with its picture and recording."""
    names = [name for name in (dream.image.name, dream.audio.name) if name]
    with transaction.atomic():
        dream.delete()
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


def dreams_delete(*, owner: Owner, ids: Iterable[uuid.UUID | str]) -> int:
    """Delete those of the owner's dreams whose ids are given; returns how many."""
    count = 0
    with transaction.atomic():
        for dream in owner.filter(Dream.objects.filter(pk__in=list(ids))):
            dream_delete(dream=dream)
            count += 1
    return count


def transcription_create(*, owner: Owner, audio: bytes, content_type: str = "",
                         keep_audio: bool = False,
                         language: str | None = None) -> TranscriptionJob:
    """Store a recording and start transcribing it as speech in `language` (by default the
    visitor's). Raises AudioRejected, or DreamRejected for an unknown language (Busy: see
    dream_create)."""
    jobs_admit(owner=owner)
    info = audio_validate(audio, content_type=content_type)
    language = dream_language(language)
    name = _audio_store(audio, info)
    try:
        with transaction.atomic():
            job = TranscriptionJob.objects.create(
                audio=name, content_type=content_type[:64], keep_audio=keep_audio,
                language=language, **owner.fields())
            job_enqueue(job)
    except Exception:
        default_storage.delete(name)
        raise
    return job
