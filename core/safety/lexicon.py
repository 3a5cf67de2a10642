"""The children's lexicon (children.txt): weighted phrases per category, word groups and
innocent senses, read once into matchers."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from core.safety.words import keys_of, stem

LEXICON = Path(__file__).with_name("children.txt")
GAP = "…"  # in a phrase: up to MAX_GAP words of anything
MAX_GAP = 3


@dataclass(frozen=True)
class Entry:
    category: str  # "safe" for an innocent sense, which hides the words it covers
    weight: float
    text: str  # as written in the lexicon, for the log
    elements: tuple[frozenset[str] | None, ...]  # keys a word must meet; None is a gap


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[Entry, ...]
    fuzzy: dict[str, str]  # long single-word entries' spellings → their key, for misspellings


@functools.cache
def lexicon_load(path: Path = LEXICON) -> Lexicon:
    groups: dict[str, frozenset[str]] = {}
    entries: list[Entry] = []
    category = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("@"):
            name, _, members = line.partition(":")
            name = name.strip()  # a group may go on over several lines
            groups[name] = groups.get(name, frozenset()).union(
                *(_keys(member, groups) for member in members.split()))
        elif line.startswith("[") and line.endswith("]"):
            category = line[1:-1]
        elif category == "real":
            continue
        elif category == "safe":
            entries.append(_entry("safe", 0.0, line, groups))
        else:
            weight, _, phrase = line.partition(" ")
            try:
                entries.append(_entry(category, float(weight), phrase.strip(), groups))
            except ValueError:
                raise ValueError(f"{path.name}:{number}: expected 'weight phrase'") from None
    return Lexicon(entries=tuple(entries), fuzzy=_fuzzy_index(entries))


def _keys(word: str, groups: dict[str, frozenset[str]]) -> frozenset[str]:
    if word.startswith("@"):
        return groups[word]
    if word.startswith("="):  # only this exact spelling ("=drunk", not "drink")
        return frozenset({word})
    if word.startswith("sha:"):
        return frozenset({word})
    return keys_of(word)


def _entry(category: str, weight: float, phrase: str,
           groups: dict[str, frozenset[str]]) -> Entry:
    elements = tuple(None if word == GAP else _keys(word, groups) for word in phrase.split())
    return Entry(category=category, weight=weight, text=phrase, elements=elements)


def _fuzzy_index(entries: list[Entry]) -> dict[str, str]:
    """Single-word entries of five letters or more, by spelling, stem and sound → a key of
    theirs: a word one edit away ("murdur", "alchohol", "suiside"), two for long words, or
    spelt as it sounds ("pornografy") is read as that key."""
    index: dict[str, str] = {}
    for entry in entries:
        if entry.category == "safe" or len(entry.elements) != 1 or entry.elements[0] is None:
            continue
        word = entry.text
        if len(word) >= 5 and word.isalpha():  # not "=exact", "@group" or "sha:" entries
            index.setdefault(word, stem(word))
            index.setdefault(stem(word), stem(word))
            index.setdefault(sounds(word), stem(word))
    return index


def sounds(word: str) -> str:
    """A word as it sounds, the way children spell by ear: "ph" and "f", "ck" and "k", a final
    "ie", "ey" or "i" and "y", doubled letters as one ("pornografy" and "pornography")."""
    spelt = word.replace("ph", "f").replace("ck", "k")
    spelt = re.sub(r"(ie|ey|i)$", "y", spelt)
    return re.sub(r"([a-z])\1+", r"\1", spelt)


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
