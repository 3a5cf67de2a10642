"""The dream job's work: transcribe (if spoken), find symbols and emotions, interpret, retell,
picture. Each step saves what it made, so the page shows it while the next one runs, and a
retried job picks up where the last attempt stopped.
"""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.backends import BackendError, backend
from core.contracts import Moderator, Transcriber
from core.jobs import Progress
from dreams.backends.base import (
    DreamContext,
    DreamPainter,
    DreamStoryteller,
    Interpreter,
    SymbolEntry,
)
from dreams.emotions import emotions_propose
from dreams.models import Dream, DreamJob, DreamSymbol, Symbol, TranscriptionJob
from dreams.services import SPOKEN_TITLE, felt_of, refusal_message, title_from
from dreams.symbol_index import symbol_index

HELD_BACK = gettext_lazy("We held back the %(part)s we made, because it touched on something "
                         "we do not show here (%(categories)s). Editing the dream a little and "
                         "trying again may help.")
# What was held back, as HELD_BACK names it.
PARTS = {"interpretation": pgettext_lazy("held back", "interpretation"),
         "story": pgettext_lazy("held back", "story")}


def dream_job_execute(job: DreamJob, progress: Progress) -> None:
    dream = Dream.objects.get(pk=job.dream_id)
    if not dream.text:
        progress(5)
        _transcribe(dream)
    progress(15)
    if not dream.analysed:
        _find_symbols(dream)
    progress(30)
    context = dream_context(dream)
    if dream.interpretation_sections is None:
        _interpret(dream, context)
    progress(55)
    if not dream.story_text:
        _tell(dream, context)
    progress(75)
    if not dream.image:
        _paint(dream, context)


def _transcribe(dream: Dream) -> None:
    with dream.audio.open("rb") as handle:
        audio = handle.read()
    transcriber = backend("transcription", Transcriber)
    text = transcriber.transcribe(audio, content_type=dream.audio_content_type,
                                  language=dream.language)
    _moderate(text, part="words we heard")
    dream.text = text
    if dream.title == SPOKEN_TITLE:
        dream.title = title_from(text)
    audio_name = dream.audio.name
    if not dream.keep_audio:
        dream.audio = ""
    dream.save(update_fields=["text", "title", "audio", "updated_at"])
    if not dream.keep_audio:
        default_storage.delete(audio_name)


def _find_symbols(dream: Dream) -> None:
    matches = symbol_index(dream.language).read(dream.text)
    existing = set(Symbol.objects.filter(pk__in=[m.id for m in matches])
                   .values_list("pk", flat=True))
    with transaction.atomic():
        dream.matches.all().delete()
        DreamSymbol.objects.bulk_create(
            DreamSymbol(dream=dream, symbol_id=m.id, matched=m.matched[:6], score=m.score,
                        rank=rank)
            for rank, m in enumerate((m for m in matches if m.id in existing), 1))
        dream.proposed_emotions = emotions_propose(dream.text, language=dream.language)
        dream.felt = felt_of(dream)
        dream.analysed = True
        dream.save(update_fields=["proposed_emotions", "felt", "analysed", "updated_at"])


def dream_context(dream: Dream) -> DreamContext:
    language = dream.language
    entries = tuple(
        SymbolEntry(id=m.symbol_id, name=m.symbol.name_in(language), category=m.symbol.category,
                    text=m.symbol.text_in(language), matched=tuple(m.matched),
                    key=m.symbol.name)
        for m in dream.matches.select_related("symbol").order_by("rank"))
    return DreamContext(text=dream.text, title=dream.title,
                        emotions=tuple(dream.felt_emotions), symbols=entries,
                        seed=uuid.UUID(str(dream.pk)).int % 2**31, language=language)


def _interpret(dream: Dream, context: DreamContext) -> None:
    interpreter = backend("interpretation", Interpreter)
    result = interpreter.interpret(context)
    _moderate(" ".join(section.text for section in result.sections), part="interpretation")
    dream.interpretation_sections = [{"text": s.text, "citations": list(s.citations)}
                                     for s in result.sections]
    dream.interpretation_provider = interpreter.provider
    dream.save(update_fields=["interpretation_sections", "interpretation_provider",
                              "updated_at"])


def _tell(dream: Dream, context: DreamContext) -> None:
    storyteller = backend("dream_story", DreamStoryteller)
    story = storyteller.tell(context)
    _moderate(f"{story.title}\n{story.text}", part="story")
    dream.story_title, dream.story_text = story.title[:160], story.text
    dream.story_provider = storyteller.provider
    if not dream.title_given and story.title:
        dream.title = story.title[:120]
    dream.save(update_fields=["story_title", "story_text", "story_provider", "title",
                              "updated_at"])


def _paint(dream: Dream, context: DreamContext) -> None:
    painter = backend("dream_image", DreamPainter)
    png = painter.paint(context)
    name = default_storage.save(f"dreams/{uuid.uuid4().hex}.png", ContentFile(png))
    dream.image, dream.image_provider = name, painter.provider
    try:
        dream.save(update_fields=["image", "image_provider", "updated_at"])
    except Exception:
        default_storage.delete(name)
        raise


def _moderate(text: str, *, part: str) -> None:
    verdict = backend("moderation", Moderator).check(text)
    if verdict.allowed:
        return
    if part == "words we heard":
        raise BackendError(refusal_message(verdict.categories), permanent=True)
    raise BackendError(HELD_BACK % {"part": PARTS[part],
                                    "categories": ", ".join(verdict.categories)},
                       permanent=True)


def transcription_job_execute(job: TranscriptionJob, progress: Progress) -> None:
    progress(10)
    with job.audio.open("rb") as handle:
        audio = handle.read()
    progress(20)
    transcriber = backend("transcription", Transcriber)
    text = transcriber.transcribe(audio, content_type=job.content_type, language=job.language)
    name = job.audio.name
    fields = {"text": text}
    if not job.keep_audio:
        fields["audio"] = ""
    TranscriptionJob.objects.filter(pk=job.pk).update(**fields)
    if not job.keep_audio:
        default_storage.delete(name)
