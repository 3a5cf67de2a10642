"""Moderation: is a text fit to take in, or to show? A word list offline, OpenAI's moderation
endpoint online. Both answer a ModerationResult; the caller chooses the kind words to say.
For children (policy "children") the word list is joined by core.safety's classifier, and
OpenAI's category scores are held to core.safety.CHILDREN's lower thresholds."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy

from core.contracts import ModerationResult, Moderator
from core.openai_client import openai_client, openai_errors
from core.safety import CHILDREN, safety_check
from core.text.english import tokenize
from core.text.korean import is_korean, tokenize_ko

WORD_LIST = Path(__file__).with_name("word_list.txt")
MODERATION_SERVICE = gettext_lazy("the moderation service")


Phrases = dict[tuple[str, ...], set[str]]


@functools.cache
def _word_list(path: Path) -> tuple[Phrases, dict[str, set[str]], Phrases]:
    phrases: Phrases = {}
    digests: dict[str, set[str]] = {}
    korean: Phrases = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, _, entry = (part.strip() for part in line.partition(":"))
        if entry.startswith("#"):
            digests.setdefault(entry[1:], set()).add(category)
        elif is_korean(entry):
            # Kept as written: analysed (and Kiwi loaded) only once a Korean text comes in.
            korean.setdefault((entry,), set()).add(category)
        else:
            key = tuple(token.term for token in tokenize(entry))
            phrases.setdefault(key, set()).add(category)
    return phrases, digests, korean


@functools.cache
def _korean_phrases(path: Path) -> Phrases:
    phrases: Phrases = {}
    for (entry,), categories in _word_list(path)[2].items():
        key = tuple(token.term for token in tokenize_ko(entry))
        phrases.setdefault(key, set()).update(categories)
    return phrases


class WordListModerator(Moderator):
    """Refuses a text that holds a phrase of the word list (any inflection, any case)."""

    provider = "offline"

    def check(self, text: str, *, policy: str = "adult", context: str = "") -> ModerationResult:
        found = self._listed(text)
        if policy == "children":
            found |= set(safety_check(text, context=context).categories)
        return ModerationResult(allowed=not found, categories=sorted(found))

    def _listed(self, text: str) -> set[str]:
        path = Path(self.options.get("word_list", WORD_LIST))
        phrases, digests, _ = _word_list(path)
        tokens = tokenize(text)
        found: set[str] = set()
        for token in tokens:
            digest = hashlib.sha256(token.surface.lower().encode()).hexdigest()[:16]
            found |= digests.get(digest, set())
        found |= _phrases_in([token.term for token in tokens], phrases)
        if is_korean(text):
            found |= _phrases_in([t.term for t in tokenize_ko(text)], _korean_phrases(path))
        return found


def _phrases_in(terms: list[str], phrases: Phrases) -> set[str]:
    found: set[str] = set()
    for phrase, categories in phrases.items():
        size = len(phrase)
        if any(tuple(terms[i:i + size]) == phrase for i in range(len(terms) - size + 1)):
            found |= categories
    return found


class OpenAIModerator(Moderator):
    """OpenAI's moderation endpoint (free of charge; OPENAI_MODERATION_MODEL)."""

    provider = "openai"

    def check(self, text: str, *, policy: str = "adult", context: str = "") -> ModerationResult:
        model = self.options.get("model") or settings.OPENAI_MODERATION_MODEL
        with openai_errors(MODERATION_SERVICE, model=model, operation="moderation"):
            response = openai_client().moderations.create(model=model, input=text)
        result = response.results[0]
        refused = _flagged(result.categories) if result.flagged else []
        if policy == "children":  # "flagged" is tuned for adults: the scores decide here
            refused = sorted({*refused, *_over(result.category_scores, CHILDREN.openai)})
        if not result.flagged and not refused:
            return ModerationResult(allowed=True)
        return ModerationResult(allowed=False, categories=refused)


def _flagged(categories: Any) -> list[str]:
    data = categories.model_dump(by_alias=True) if hasattr(categories, "model_dump") else {}
    return sorted(name for name, flagged in data.items() if flagged)


def _over(scores: Any, thresholds: dict[str, float]) -> list[str]:
    """The categories scored at or over their threshold (names as the API spells them,
    "self-harm/intent"; a category the model does not score is never over)."""
    data = scores.model_dump(by_alias=True) if hasattr(scores, "model_dump") else {}
    return [name for name, limit in thresholds.items()
            if isinstance(data.get(name), int | float) and data[name] >= limit]
