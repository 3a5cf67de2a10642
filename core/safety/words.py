"""Words as the safety classifier sees them: every way a child might spell one word.

A typed word carries its candidate forms: as typed, its Snowball stem, the stem of its
irregular base ("knives" → "knife", "shot" → "shoot"), and the same with digits read as
letters ("k1ll", "s3x") and a final z read as s ("drugz"). A lexicon entry carries keys: its
stem, and its inflections with doubled letters collapsed, so "kiling" meets "killing".
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

import snowballstemmer

# Letters, digits and symbols that stand in for letters inside a word ("k1ll", "$ex").
_WORD = re.compile(r"[A-Za-z0-9@$]*[A-Za-z][A-Za-z0-9@$]*(?:['’][A-Za-z]+)*|[0-9@$]+[A-Za-z]+")
_BREAK = re.compile(r"[.!?;:,]|\bbut\b|\band\b", re.IGNORECASE)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t",
                       "@": "a", "$": "s"})

# Irregular forms the stemmer cannot join to their base. Not dreams.text.IRREGULAR: that one
# reads "drunk" as "drink", and here the difference matters.
IRREGULAR = {
    "knives": "knife", "shot": "shoot", "shooting": "shoot", "stole": "steal",
    "stolen": "steal", "bled": "bleed", "slain": "slay", "slew": "slay", "hung": "hang",
    "hanged": "hang", "fought": "fight", "beaten": "beat", "died": "die", "dying": "die",
    "dead": "dead", "children": "child", "kids": "kid", "people": "person",
    "men": "man", "women": "woman", "teeth": "tooth", "feet": "foot", "wolves": "wolf",
    "took": "take", "taken": "take", "thrown": "throw", "threw": "throw", "burnt": "burn",
    "brothers": "brother", "blew": "blow", "blown": "blow", "smoked": "smoke",
    "drank": "drink", "hit": "hit", "hitting": "hit", "cut": "cut", "cutting": "cut",
    "ate": "eat", "eaten": "eat", "sold": "sell", "bit": "bite", "bitten": "bite",
    "lies": "lie", "lying": "lie", "made": "make", "got": "get", "went": "go", "gone": "go",
}
NEGATORS = frozenset({"no", "not", "without", "never", "nor", "nobody", "none", "anti",
                      "stop", "stops", "stopped", "against"})
_stemmer = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class Word:
    surface: str  # lower-cased, as typed
    forms: frozenset[str]  # every normalised reading of it
    clause: int  # clause number: negation does not reach over "but", "and" or a full stop


def stem(word: str) -> str:
    return _stemmer.stemWord(IRREGULAR.get(word, word))


def collapse(word: str) -> str:
    """Doubled consonants as one ("killing" → "kiling"); vowels stay, or "weed" would read
    as "wed"."""
    return re.sub(r"([b-df-hj-np-tv-z])\1+", r"\1", word)


@functools.lru_cache(maxsize=50_000)
def forms_of(word: str) -> frozenset[str]:
    lowered = word.lower().replace("’", "'")
    if lowered.endswith("'s"):
        lowered = lowered[:-2]
    readings = {lowered, lowered.translate(_LEET)}
    readings |= {reading[:-1] + "s" for reading in readings
                 if reading.endswith("z") and len(reading) > 3}
    # Slurs are listed by digest, so the source need not spell them out.
    digest = "sha:" + hashlib.sha256(lowered.encode()).hexdigest()[:16]
    # "=word" keys meet only this spelling: "heroine" stems to "heroin", but is not it.
    return frozenset({digest, "=" + lowered} | {form for reading in readings
                                 for form in (reading, stem(reading)) if form})


@functools.lru_cache(maxsize=5_000)
def keys_of(word: str) -> frozenset[str]:
    """What a lexicon word matches: its stem, and its inflections as a child might spell them."""
    base = word.lower()
    inflected = {base, base + "s", base + "es", base + "ed", base + "ing", base + "er",
                 base + "y"}
    if base.endswith("e") and not base.endswith("ie"):
        inflected |= {base[:-1] + "ing", base + "d"}
    if len(base) > 2 and base[-1] not in "aeiouwy" and base[-2] in "aeiou":
        inflected |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    keys = {stem(base)} | {collapse(form) for form in inflected if collapse(form) != form}
    return frozenset(keys | {stem(form) for form in inflected})


def words(text: str) -> list[Word]:
    found: list[Word] = []
    clause = 0
    position = 0
    for match in _WORD.finditer(text):
        clause += bool(_BREAK.search(text, position, match.start()))
        if match.group(0).lower() in {"and", "but"}:
            clause += 1
        position = match.end()
        lowered = match.group(0).lower().replace("’", "'")
        for part in _split_contraction(lowered):
            found.append(Word(surface=part, forms=forms_of(part), clause=clause))
    return found


def _split_contraction(word: str) -> list[str]:
    if word.endswith("n't") and len(word) > 4:
        return [{"can't": "can", "won't": "will"}.get(word, word[:-3]), "not"]
    return [word]
