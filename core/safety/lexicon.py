"""The children's lexicon (children.txt): weighted phrases per category, word groups and
innocent senses, read once into matchers."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from core.safety.words import keys_of, skeleton, sounds, stem

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
    skeletons: dict[str, str]  # single-word entries' consonants → their key, for "prn"


@functools.cache
def lexicon_load(path: Path = LEXICON) -> Lexicon:
    groups: dict[str, frozenset[str]] = {}
    entries: list[Entry] = []
    category = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("@") and ":" in line:  # not a [safe] phrase like "@sport … shoot"
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
    fuzzy, skeletons = _fuzzy_index(entries)
    return Lexicon(entries=tuple(entries), fuzzy=fuzzy, skeletons=skeletons)


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


def _fuzzy_index(entries: list[Entry]) -> tuple[dict[str, str], dict[str, str]]:
    """Single-word entries of five letters or more, by spelling, stem and sound → a key of
    theirs: a word one edit away ("murdur", "alchohol", "suiside"), two for long words, or
    spelt as it sounds ("pornografy") is read as that key. And every single-word entry of
    three consonants or more by its consonants alone, for words typed without vowels ("prn")."""
    index: dict[str, str] = {}
    skeletons: dict[str, str] = {}
    for entry in entries:
        if entry.category == "safe" or len(entry.elements) != 1 or entry.elements[0] is None:
            continue
        exact = entry.text.startswith("=")
        word = entry.text.removeprefix("=")
        if not word.isalpha():  # not "@group" or "sha:" entries
            continue
        key = entry.text if exact else stem(word)
        if len(skeleton(word)) >= 3:
            skeletons.setdefault(skeleton(word), key)
        if len(word) >= 5:
            index.setdefault(word, key)
            index.setdefault(stem(word), key)
            index.setdefault(sounds(word), key)
    return index, skeletons
