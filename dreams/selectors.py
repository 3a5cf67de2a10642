"""Reading dreams and the symbol dictionary."""

from __future__ import annotations

import functools
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from core.backends import backend
from core.contracts import Transcriber
from core.ownership import Owner
from core.speech.transcribers import offline_speech_message
from core.text.english import tokenize
from core.text.korean import is_korean
from dreams.models import Dream, Emotion, Symbol, TranscriptionJob
from dreams.symbol_index import symbol_index
from dreams.text import concept_of

MAX_QUERY_WORDS = 8
MIN_RECURRING = 2  # a symbol seen in one dream has not recurred


def dreams_of(*, owner: Owner | None, q: str = "", emotion: str = "",
              symbol: int | None = None) -> QuerySet[Dream]:
    """The owner's dreams, newest first, optionally searched and filtered."""
    if owner is None:
        return Dream.objects.none()
    dreams = owner.filter(Dream.objects.all())
    if q.strip():
        dreams = _searched(dreams, q)
    if emotion in Emotion.values:
        dreams = dreams.filter(felt__contains=f",{emotion},")
    if symbol is not None:
        dreams = dreams.filter(symbols__pk=symbol)
    return dreams.order_by("-created_at")


def _searched(dreams: QuerySet[Dream], q: str) -> QuerySet[Dream]:
    """Dreams holding every word of `q`, compared as retrieval compares them.

    A word is found in the dream's text or title by its lemma and synonyms ("teachers" finds
    "teacher", "grandma" finds "grandmother"), or through a symbol the dream was read with
    whose name or alias it is ("grandma" finds a dream read with Grandparent).
    """
    wanted = list(dict.fromkeys(concept_of(t.term) for t in tokenize(q) if not t.stop))
    wanted = wanted[:MAX_QUERY_WORDS]
    if not wanted:
        # A query of only small words ("the end"): match it as written.
        return dreams.filter(Q(text__icontains=q.strip()) | Q(title__icontains=q.strip()))
    index = symbol_index()
    symbols_for = {word: {m.id for m in index.search(word, limit=20)} for word in wanted}
    keep = []
    rows = dreams.prefetch_related("symbols").only("pk", "text", "title")
    for dream in rows:
        words = _concepts_in(dream.title) | _concepts_in(dream.text)
        found = {symbol.pk for symbol in dream.symbols.all()}
        words = words.union(*(_concepts_in(symbol.name) for symbol in dream.symbols.all()))
        if all(word in words or symbols_for[word] & found for word in wanted):
            keep.append(dream.pk)
    return dreams.filter(pk__in=keep)


@functools.lru_cache(maxsize=2048)
def _concepts_in(text: str) -> frozenset[str]:
    # Cached by the text itself: a journal is searched again and again, its dreams rarely edited.
    return frozenset(concept_of(t.term) for t in tokenize(text))


def dream_get(*, owner: Owner | None, dream_id: uuid.UUID | str) -> Dream | None:
    if owner is None:
        return None
    return owner.filter(Dream.objects.filter(pk=dream_id)).first()


def dream_symbols_used(*, owner: Owner | None) -> QuerySet[Symbol]:
    """The symbols found in any of the owner's dreams (for the journal's filter)."""
    if owner is None:
        return Symbol.objects.none()
    ids = owner.filter(Dream.objects.all()).values("symbols")
    return Symbol.objects.filter(pk__in=ids).order_by("name")


def transcription_get(*, owner: Owner | None,
                      job_id: uuid.UUID | str) -> TranscriptionJob | None:
    if owner is None:
        return None
    return owner.filter(TranscriptionJob.objects.filter(pk=job_id)).first()


def symbols_search(*, q: str = "") -> list[Symbol] | QuerySet[Symbol]:
    """Dictionary entries for a query, best first; all of them by name without one."""
    if not q.strip():
        return Symbol.objects.order_by("name")
    language = "ko" if is_korean(q) else "en"
    matches = symbol_index(language).search(q, limit=50, require_alias=False)
    by_id = Symbol.objects.prefetch_related("themes").in_bulk([m.id for m in matches])
    return [by_id[m.id] for m in matches if m.id in by_id]


@dataclass(frozen=True)
class Insights:
    total: int
    symbols: list[tuple[Symbol, int]]  # most recurring first
    emotions: list[tuple[str, int]]  # every class, with how many dreams felt it
    months: list[date]  # first day of each month shown, oldest first
    emotion_months: dict[str, list[int]]  # class → dreams per month
    symbol_months: dict[int, list[int]]  # symbol id → dreams per month


def insights_of(*, owner: Owner | None, months: int = 12, top: int = 10) -> Insights:
    """Recurring symbols and emotions of the owner's dreams, over the last `months` months."""
    dreams = list(dreams_of(owner=owner).prefetch_related("symbols"))
    symbol_counts: Counter[int] = Counter()
    emotion_counts: Counter[str] = Counter()
    by_id: dict[int, Symbol] = {}
    for dream in dreams:
        for symbol in dream.symbols.all():
            symbol_counts[symbol.pk] += 1
            by_id[symbol.pk] = symbol
        emotion_counts.update(dream.felt_emotions)
    recurring = [(by_id[pk], n) for pk, n in symbol_counts.most_common(top)
                 if n >= MIN_RECURRING]
    axis = _month_axis(dreams, months)
    index = {month: i for i, month in enumerate(axis)}
    emotion_months = {e: [0] * len(axis) for e in Emotion.values}
    symbol_months = {symbol.pk: [0] * len(axis) for symbol, _ in recurring[:5]}
    for dream in dreams:
        slot = index.get(dream.created_at.date().replace(day=1))
        if slot is None:
            continue
        for emotion in dream.felt_emotions:
            emotion_months[emotion][slot] += 1
        for symbol in dream.symbols.all():
            if symbol.pk in symbol_months:
                symbol_months[symbol.pk][slot] += 1
    return Insights(total=len(dreams), symbols=recurring,
                    emotions=[(e, emotion_counts[e]) for e in Emotion.values],
                    months=axis, emotion_months=emotion_months, symbol_months=symbol_months)


def _month_axis(dreams: list[Dream], months: int) -> list[date]:
    if not dreams:
        return []
    last = max(d.created_at for d in dreams).date().replace(day=1)
    first = min(d.created_at for d in dreams).date().replace(day=1)
    axis = [last]
    while len(axis) < months and axis[-1] > first:
        previous = axis[-1]
        axis.append(date(previous.year - (previous.month == 1), (previous.month - 2) % 12 + 1,
                         1))
    return axis[::-1]


def speech_unavailable(*, language: str) -> str | None:
    """Why speech in `language` cannot be transcribed here, or None when it can."""
    languages = backend("transcription", Transcriber).languages
    if languages is None or language in languages:
        return None
    return offline_speech_message(language)
