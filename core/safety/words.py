"""Words as the safety classifier sees them: every way a child might spell one word.

A typed word carries its candidate forms: as typed, its Snowball stem, the stem of its
irregular base ("knives" → "knife", "shot" → "shoot"), and the same with digits read as
letters ("k1ll", "s3x"), a final z read as s ("drugz"), letters held too long read once
("kiiiill"), and a star read as the vowel it hides ("s*x"). Letters typed apart ("m u r d e r",
"k.i.l.l") are joined back into their word before anything else. A lexicon entry carries keys:
its stem, and its inflections with doubled letters collapsed, so "kiling" meets "killing".
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

from core.text.english import stemmer

# Letters, digits and symbols that stand in for letters inside a word ("k1ll", "$ex").
_WORD = re.compile(r"[A-Za-z0-9@$*]*[A-Za-z][A-Za-z0-9@$*]*(?:['’][A-Za-z]+)*|[0-9@$]+[A-Za-z]+")
# Three or more single letters in a row, apart by spaces or by dots, dashes and the like.
_SPACED = re.compile(r"(?<![\w])(?:[A-Za-z0-9@$][ .\-_~]){2,}[A-Za-z0-9@$](?![\w])")
_SELF = re.compile(r"\b(my|your|him|her|them|our)\s+(self|selves)\b", re.IGNORECASE)
_HELD = re.compile(r"([a-z])\1{2,}")
_VOWELS = "aeiou"
_BREAK = re.compile(r"[.!?;:,]|\bbut\b|\band\b", re.IGNORECASE)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t",
                       "@": "a", "$": "s"})

# Irregular forms the stemmer cannot join to their base. Not core.text.english.IRREGULAR: that
# one reads "drunk" as "drink", and here the difference matters.
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
_UNMARKED = {"dont": "do", "doesnt": "does", "didnt": "did", "cant": "can", "wont": "will",
             "isnt": "is", "wasnt": "was", "arent": "are", "shouldnt": "should",
             "wouldnt": "would", "couldnt": "could", "havent": "have", "hasnt": "has"}
@dataclass(frozen=True)
class Word:
    surface: str  # lower-cased, as typed
    forms: frozenset[str]  # every normalised reading of it
    clause: int  # clause number: negation does not reach over "but", "and" or a full stop


def stem(word: str) -> str:
    return stemmer().stemWord(IRREGULAR.get(word, word))


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
    readings |= {_HELD.sub(r"\1", reading) for reading in readings}
    readings |= {_HELD.sub(r"\1\1", reading) for reading in readings}
    if "*" in lowered:
        readings = {reading.replace("*", vowel) for reading in readings for vowel in _VOWELS}
    readings |= {reading[:-1] + "s" for reading in readings
                 if reading.endswith("z") and len(reading) > 3}
    # A dropped g: "stabbin", "killin", "drinkin".
    readings |= {reading + "g" for reading in readings
                 if reading.endswith("in") and len(reading) > 5}
    # Slurs are listed by digest, so the source need not spell them out; "=word" keys meet
    # only this spelling ("heroine" stems to "heroin", but is not it), however it was typed.
    exact = {key for reading in readings for key in
             ("sha:" + hashlib.sha256(reading.encode()).hexdigest()[:16], "=" + reading)}
    return frozenset(exact | {form for reading in readings
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
    # A letter tripled on purpose ("kkk") is not a doubling to undo: "kkking" is not "king".
    doubled = set() if _HELD.search(base) else {collapse(form) for form in inflected}
    keys = {stem(base)} | (doubled - inflected)
    return frozenset(keys | {stem(form) for form in inflected})


def words(text: str) -> list[Word]:
    text = _SPACED.sub(lambda spaced: re.sub(r"[ .\-_~]", "", spaced.group(0)), text)
    text = _SELF.sub(lambda split: split.group(1) + split.group(2), text)  # "my self"
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
    if word in _UNMARKED:  # typed without the apostrophe: "dont", "doesnt"
        return [_UNMARKED[word], "not"]
    return [word]


def sounds(word: str) -> str:
    """A word as it sounds, the way children spell by ear: "ph" and "f", "ck" and "k", a final
    "ie", "ey" or "i" and "y", doubled letters as one ("pornografy" and "pornography")."""
    spelt = word.replace("ph", "f").replace("ck", "k")
    spelt = re.sub(r"(ie|ey|i)$", "y", spelt)
    return re.sub(r"([a-z])\1+", r"\1", spelt)


def skeleton(word: str) -> str:
    """A word's consonants, doubled ones as one: "porn" and "prn", "murder" and "mrdr"."""
    return collapse(re.sub(r"[aeiouy]", "", word))
