"""Misspellings: a typed word that is no real word, read as the lexicon word it is near."""

from __future__ import annotations

import functools
import re
from importlib import resources

from core.safety.lexicon import LEXICON, Lexicon, lexicon_load
from core.safety.words import Word, skeleton, sounds, stem

_VOWEL = re.compile(r"[aeiouy]")


def with_misspellings(word: Word, lexicon: Lexicon) -> Word:
    """The word with the keys of the lexicon words it may be a misspelling of."""
    surface = word.surface
    if not surface.isalpha() or surface in real_words() or stem(surface) in real_words():
        return word
    keys: set[str] = set()
    if not _VOWEL.search(surface) and len(surface) >= 3:
        keys |= {lexicon.skeletons[s] for s in {skeleton(surface)} if s in lexicon.skeletons}
    if len(surface) >= 5:
        near = _near(surface) | _near(stem(surface)) | _near(_unsuffixed(surface))
        keys |= {lexicon.fuzzy[w] for w in near}
    if not keys:
        return word
    return Word(surface=surface, forms=word.forms | keys, clause=word.clause)


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
    return frozenset(key for key in spellings if len(key) >= 8 and key[0] == surface[0]
                     and distance(surface, key, 2) <= 2)


def edits_allowed(word: str) -> int:
    """Longer words take more slips before they stop being the word: none under five
    letters ("gun" and "gum"), one up to seven, two from eight ("pronography")."""
    return 0 if len(word) < 5 else 1 if len(word) < 8 else 2


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with adjacent swaps, giving up (limit + 1) once it exceeds limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] | None = None
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, start=1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (x != y))
            if before is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return row[-1]


@functools.cache
def real_words() -> frozenset[str]:
    """Words (and their stems) that are never a misspelling: the Dale–Chall easy words
    textstat ships, and the lexicon's [real] section ("blond" is not "blood")."""
    listed = resources.files("textstat").joinpath("resources/en/easy_words.txt")
    easy = listed.read_text(encoding="utf-8").split() if listed.is_file() else []
    extra: list[str] = []
    section = ""
    for raw in LEXICON.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("["):
            section = line
        elif section == "[real]":
            extra += line.split()
    listed_words = {word.lower() for word in easy + extra}
    return frozenset(listed_words | {stem(word) for word in listed_words})


def one_edit(word: str) -> set[str]:
    """Deletions, adjacent swaps, substitutions and insertions, never of the first letter
    (children misspell the middle of a word; "killer" and "filler" stay apart)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = {word[:i] + word[i + 1:] for i in range(1, len(word))}
    out |= {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(1, len(word) - 1)}
    out |= {word[:i] + c + word[i + 1:] for i in range(1, len(word)) for c in letters}
    out |= {word[:i] + c + word[i:] for i in range(1, len(word) + 1) for c in letters}
    out.discard(word)
    return out
