"""The matcher: words of a text against the lexicon, then the policy's thresholds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from core.safety.korean import has_hangul, korean_scores
from core.safety.lexicon import MAX_GAP, Entry, Lexicon, lexicon_load
from core.safety.spelling import with_misspellings
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
    found = [with_misspellings(word, lexicon) for word in words(text)]
    carried = _innocent(lexicon, words(context)) if context else set()
    hidden = {i for i, word in enumerate(found) if word.forms & carried}
    present = frozenset().union(*(word.forms for word in found))
    hidden |= _innocent_spans(lexicon, found, present)
    scores: dict[str, float] = {}
    matched: list[str] = []
    for entry in lexicon.entries:
        if entry.category == "safe":
            continue
        for span in _matches(entry, found, present):
            if hidden & set(span):
                continue
            if entry.category not in policy.unexcused and _negated(found, span[0]):
                continue
            scores[entry.category] = scores.get(entry.category, 0.0) + entry.weight
            matched.append(entry.text)
            break  # an entry counts once, however often it occurs
    if has_hangul(text):
        korean, found_korean = korean_scores(text)
        for category, weight in korean.items():
            scores[category] = scores.get(category, 0.0) + weight
        matched += found_korean
    refused = [c for c in CATEGORIES if scores.get(c, 0.0) >= policy.thresholds.get(c, 1.0)]
    return SafetyVerdict(allowed=not refused, categories=refused,
                         scores={c: round(s, 2) for c, s in scores.items()}, matched=matched)


def _innocent_spans(lexicon: Lexicon, found: list[Word], present: frozenset[str]) -> set[int]:
    return {i for entry in lexicon.entries if entry.category == "safe"
            for span in _matches(entry, found, present) for i in span}


def _innocent(lexicon: Lexicon, found: list[Word]) -> set[str]:
    """The stems of the words an innocent sense covers in `found`."""
    present = frozenset().union(*(word.forms for word in found))
    return {stem(found[i].surface) for i in _innocent_spans(lexicon, found, present)}


def _matches(entry: Entry, found: list[Word], present: frozenset[str]) -> Iterator[list[int]]:
    """Each span (word indexes) where the entry's phrase occurs; `present` is every form of
    every word found, so most entries are passed over without a scan."""
    first = entry.elements[0]
    if first is None or first.isdisjoint(present):
        return
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
