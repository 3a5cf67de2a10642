"""The matcher: words of a text against the lexicon, then the policy's thresholds."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field

from core.safety.lexicon import (
    MAX_GAP,
    Entry,
    Lexicon,
    distance,
    edits_allowed,
    lexicon_load,
    one_edit,
    real_words,
    sounds,
)
from core.safety.words import NEGATORS, Word, stem, words

CATEGORIES = ("violence", "sexual", "drugs", "self-harm", "abuse", "hate", "gore")
NEGATION_REACH = 3  # "no" reaches this many words ahead: "a story with no big guns"


@dataclass(frozen=True)
class Policy:
    """How much of each category a text may hold; reaching a threshold refuses it.

    `openai` holds the thresholds on OpenAI moderation category_scores (0–1) for the same
    audience: a text scoring at or above any of them is refused, flagged or not.
    """

    name: str
    thresholds: dict[str, float]
    openai: dict[str, float] = field(default_factory=dict)
    # Even "no sex" is not a children's book theme: negation does not excuse these.
    unexcused: frozenset[str] = frozenset({"sexual"})


# Children: one clear phrase is enough, two hints together are too ("a bloody war").
CHILDREN = Policy(
    name="children",
    thresholds=dict.fromkeys(CATEGORIES, 1.0),
    openai={
        "sexual": 0.01, "sexual/minors": 0.01, "self-harm": 0.05, "self-harm/intent": 0.03,
        "self-harm/instructions": 0.03, "hate": 0.05, "hate/threatening": 0.02,
        "harassment": 0.2, "harassment/threatening": 0.05, "violence": 0.3,
        "violence/graphic": 0.1, "illicit": 0.1, "illicit/violent": 0.05,
    },
)


@dataclass(frozen=True)
class SafetyVerdict:
    allowed: bool
    categories: list[str]  # those refused, in CATEGORIES order
    scores: dict[str, float]  # every category with a match
    matched: list[str]  # the lexicon phrases counted, for the log


def safety_check(text: str, *, policy: Policy = CHILDREN, context: str = "") -> SafetyVerdict:
    """`context` is accepted text the one checked grew from (a book's theme): an innocent
    sense it established carries over, so "Clover and the Bomb" is fine in a book about a
    bath bomb."""
    lexicon = lexicon_load()
    found = [_with_misspellings(word, lexicon.fuzzy) for word in words(text)]
    carried = _innocent(lexicon, words(context)) if context else set()
    hidden = {i for i, word in enumerate(found) if word.forms & carried}
    hidden |= _innocent_spans(lexicon, found)
    scores: dict[str, float] = {}
    matched: list[str] = []
    for entry in lexicon.entries:
        if entry.category == "safe":
            continue
        for span in _matches(entry, found):
            if hidden & set(span):
                continue
            if entry.category not in policy.unexcused and _negated(found, span[0]):
                continue
            scores[entry.category] = scores.get(entry.category, 0.0) + entry.weight
            matched.append(entry.text)
            break  # an entry counts once, however often it occurs
    refused = [c for c in CATEGORIES if scores.get(c, 0.0) >= policy.thresholds.get(c, 1.0)]
    return SafetyVerdict(allowed=not refused, categories=refused,
                         scores={c: round(s, 2) for c, s in scores.items()}, matched=matched)


def _innocent_spans(lexicon: Lexicon, found: list[Word]) -> set[int]:
    return {i for entry in lexicon.entries if entry.category == "safe"
            for span in _matches(entry, found) for i in span}


def _innocent(lexicon: Lexicon, found: list[Word]) -> set[str]:
    """The stems of the words an innocent sense covers in `found`."""
    return {stem(found[i].surface) for i in _innocent_spans(lexicon, found)}


def _with_misspellings(word: Word, fuzzy: dict[str, str]) -> Word:
    real = real_words()
    if len(word.surface) < 5 or not word.surface.isalpha() or word.surface in real \
            or stem(word.surface) in real:
        return word
    near = _near(word.surface) | _near(stem(word.surface)) | _near(_unsuffixed(word.surface))
    if not near:
        return word
    return Word(surface=word.surface, forms=word.forms | {fuzzy[w] for w in near},
                clause=word.clause)


def _unsuffixed(surface: str) -> str:
    """Without a past or plural ending the stemmer did not take off a misspelt word
    ("murdurd" → "murdur")."""
    for ending in ("ing", "ed", "d", "s"):
        if surface.endswith(ending) and len(surface) - len(ending) >= 5:
            return surface[:-len(ending)]
    return surface


@functools.lru_cache(maxsize=20_000)
def _near(surface: str) -> frozenset[str]:
    spellings = lexicon_load().fuzzy
    if surface in spellings:
        return frozenset()
    if sounds(surface) in spellings:
        return frozenset({sounds(surface)})
    near = {variant for variant in one_edit(surface) if variant in spellings}
    if near or edits_allowed(surface) < 2:
        return frozenset(near)
    # Two slips only in long words, and never in the first letter, like one_edit.
    return frozenset(key for key in spellings if len(key) >= 7 and key[0] == surface[0]
                     and distance(surface, key, 2) <= 2)


def _matches(entry: Entry, found: list[Word]) -> Iterator[list[int]]:
    """Each span (word indexes) where the entry's phrase occurs."""
    first = entry.elements[0]
    for start, word in enumerate(found):
        if first is not None and first & word.forms:
            span = _rest(entry.elements, 1, found, start + 1, [start])
            if span:
                yield span


def _rest(elements: tuple[frozenset[str] | None, ...], at: int, found: list[Word], position: int,
          span: list[int]) -> list[int] | None:
    if at == len(elements):
        return span
    element = elements[at]
    if element is None:  # a gap: the next element within MAX_GAP words
        for skip in range(MAX_GAP + 1):
            result = _rest(elements, at + 1, found, position + skip, span)
            if result:
                return result
        return None
    if position < len(found) and element & found[position].forms:
        return _rest(elements, at + 1, found, position + 1, [*span, position])
    return None


def _negated(found: list[Word], start: int) -> bool:
    clause = found[start].clause
    reach = found[max(0, start - NEGATION_REACH):start]
    return any(word.surface in NEGATORS and word.clause == clause for word in reach)
