"""Words for the plot engine's slots: lemmas, articles, and a theme parsed into typed parts, so
a slot that wants a noun phrase never gets a verb phrase ("wished for a make friends")."""

from __future__ import annotations

import re
from dataclasses import dataclass

IRREGULAR = {"children": "child", "mice": "mouse", "geese": "goose", "feet": "foot",
             "teeth": "tooth", "people": "person", "leaves": "leaf", "wolves": "wolf",
             "cookies": "cookie", "movies": "movie", "pies": "pie", "brownies": "brownie",
             "went": "go", "made": "make", "found": "find", "lost": "lose", "flew": "fly",
             "built": "build", "felt": "feel", "saw": "see", "rode": "ride", "ran": "run"}
KEEP = {"bus", "glass", "grass", "dress", "class", "moss", "gas", "is", "was", "this", "his",
        "princess", "circus", "octopus", "always", "its", "ours", "yes"}
ADJECTIVES = {"rainy", "snowy", "windy", "sunny", "stormy", "foggy", "cloudy", "cold", "hot",
              "missing", "lost", "new", "old", "big", "little", "small", "tiny", "giant",
              "magic", "magical", "secret", "strange", "mysterious", "brave", "shy", "lonely",
              "happy", "sad", "scary", "dark", "bright", "quiet", "noisy", "first", "best",
              "kind", "special", "different", "golden", "silver", "wild", "busy", "sleepy",
              "red", "blue", "green", "yellow", "purple", "pink", "orange", "white", "black",
              "brown", "grey", "gray", "afraid", "scared", "nervous", "broken", "hidden",
              "lucky", "long", "huge", "wonderful", "frozen", "wet", "muddy", "warm"}
VERBS = {"make", "build", "bake", "find", "lose", "ride", "climb", "fly", "visit", "see",
         "meet", "try", "play", "go", "swim", "plant", "grow", "catch", "save", "help",
         "learn", "share", "paint", "draw", "fix", "explore", "cook", "sing", "dance",
         "search", "look", "solve", "wait", "move", "feel", "be", "get", "become", "keep",
         "celebrate", "sail", "camp", "write", "read", "count", "clean", "collect"}
GERUND_BASE = {"making": "make", "riding": "ride", "baking": "bake", "having": "have",
               "moving": "move", "sharing": "share", "exploring": "explore",
               "becoming": "become", "writing": "write", "dancing": "dance",
               "solving": "solve", "saving": "save", "sailing": "sail", "taking": "take"}
STOP = {"a", "an", "the", "of", "to", "at", "in", "on", "and", "with", "about", "for", "my",
        "his", "her", "their", "is", "being", "how", "who", "story", "that", "by", "from",
        "into", "under", "over", "our", "your", "some", "one", "two", "when", "after"}
# Words of time and weather name no object of their own: "a rainy day" turns on no "day".
NOT_OBJECTS = {"day", "night", "morning", "evening", "afternoon", "time", "way", "week",
               "weather", "winter", "summer", "spring", "autumn", "fall", "rain", "snow",
               "wind", "fog", "storm", "thing", "lot", "dark", "fear", "friendship",
               "kindness", "adventure", "mystery", "secret", "first", "trip", "journey",
               "idea", "feeling", "everyone"}
VOWEL_SOUND = re.compile(r"^(?:[aeio]|u(?!ni|se|sa|ro|te)|hour|honest|heir)", re.IGNORECASE)


def lemma(word: str) -> str:
    word = word.lower().strip("'")
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word in GERUND_BASE:
        return GERUND_BASE[word]
    if word in KEEP or word in ADJECTIVES or len(word) <= 3:
        return word
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls":
            stem = stem[:-1]  # swimming → swim
        return stem
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


def article(phrase: str) -> str:
    """`phrase` with "a" or "an" in front, by its first sound."""
    return f"{'an' if VOWEL_SOUND.match(phrase) else 'a'} {phrase}"


def plural(noun: str) -> str:
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "sh", "ch", "x")):
        return noun + "es"
    return noun + "s"


@dataclass(frozen=True)
class ThemeParts:
    """The theme in typed parts: `verb_phrase` when it is something done ("make friends",
    base form), else None; `adjectives` and `nouns` (lemmas) of its noun phrases."""

    verb_phrase: str | None
    adjectives: tuple[str, ...]
    nouns: tuple[str, ...]
    lemmas: tuple[str, ...]


def theme_parts(phrase: str) -> ThemeParts:
    words = re.findall(r"[a-z']+", phrase.lower())
    lemmas = tuple(lemma(w) for w in words)
    verb_phrase = None
    content = [(w, m) for w, m in zip(words, lemmas, strict=True) if w not in STOP]
    first = content[0][0] if content else ""
    if (first in VERBS or first.endswith("ing")) and content[0][1] in VERBS:
        at = words.index(content[0][0])
        rest = words[at + 1:]
        cut = next((i for i, w in enumerate(rest) if w in {"at", "in", "on", "with", "and",
                                                          "by", "from"}), len(rest))
        verb_phrase = " ".join([content[0][1], *rest[:cut]])
    adjectives = tuple(m for w, m in content if w in ADJECTIVES)
    # The object is named before any "for …", "at …": "a cake for grandma" turns on a cake.
    head = re.split(r"\b(?:for|with|at|in|on|by|from|near|that|which|who|and)\b", phrase.lower())[0]
    head_words = set(re.findall(r"[a-z']+", head))
    nouns = [m for w, m in content if w not in ADJECTIVES and m not in VERBS
             and not w.endswith("ing")]
    nouns.sort(key=lambda n: n in {lemma(w) for w in head_words})  # head nouns last
    nouns = tuple(nouns)
    return ThemeParts(verb_phrase, adjectives, nouns, lemmas)
