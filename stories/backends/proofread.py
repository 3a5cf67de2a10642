"""A proofreader for written books: the slips a filled-in template can make (a wrong article,
an article before a verb, a doubled word, a slot left open, a sentence that starts in lower
case or ends in an adjective), and how many sentences a book says twice."""

from __future__ import annotations

import re
from collections import Counter

from stories.backends.grammar import ADJECTIVES, VERBS, VOWEL_SOUND

# A quotation's end is a sentence's end unless the sentence goes on ("…?" asked Moss).
SENTENCE = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"”’'])\s+(?![a-z])")
OPEN_SLOT = re.compile(r"[{}<>\[\]]|\|")
DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
ARTICLE_WORD = re.compile(r"\b(a|an)\s+([A-Za-z]+)", re.IGNORECASE)
ENDS_ADJECTIVE = re.compile(r"\b(?:the|a|an)\s+([a-z]+)[.!?]", re.IGNORECASE)
# Doubled on purpose in children's books ("Slowly, slowly", "on and on" is not a double).
# Adjectives that are nouns as well: "afraid of the dark" ends well.
NOUNS_TOO = {"dark", "secret", "cold", "best", "first", "kind", "special", "red", "blue",
             "green", "yellow", "purple", "pink", "orange", "white", "black", "brown",
             "grey", "gray", "golden", "silver", "wild", "giant", "lost"}
REFRAINS = {"slowly", "very", "drip", "no", "ha"}


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.split(" ".join(text.split())) if s.strip()]


def sentence_problems(sentence: str) -> list[str]:
    """What is wrong with one sentence (empty when nothing is)."""
    found = []
    if OPEN_SLOT.search(sentence):
        found.append("an unfilled slot")
    bare = sentence.lstrip("\"“'‘")
    if bare[:1].islower():
        found.append("starts in lower case")
    if not re.search(r"[.!?][\"”’')]*$", sentence):
        found.append("no final punctuation")
    for match in DOUBLED.finditer(sentence):
        if match.group(1).lower() not in REFRAINS:
            found.append(f"doubled word {match.group(1)!r}")
    for article, word in ARTICLE_WORD.findall(sentence):
        lower = word.lower()
        if lower in VERBS and lower not in {"look", "try", "search", "help", "visit", "swim"}:
            found.append(f"{article!r} before the verb {word!r}")
        elif article.lower() == "a" and VOWEL_SOUND.match(word):
            found.append(f"'a' before {word!r}")
        elif article.lower() == "an" and not VOWEL_SOUND.match(word):
            found.append(f"'an' before {word!r}")
    for word in ENDS_ADJECTIVE.findall(sentence):
        if word.lower() in ADJECTIVES and word.lower() not in NOUNS_TOO:
            found.append(f"ends on the adjective {word!r}")
    return found


def book_problems(text: str) -> list[tuple[str, str]]:
    """(sentence, problem) for every slip in a book's text."""
    return [(s, p) for s in sentences(text) for p in sentence_problems(s)]


def repeated_share(text: str) -> float:
    """The share of a book's sentences that are a repeat of an earlier one."""
    said = sentences(text)
    counts = Counter(said)
    return sum(n - 1 for n in counts.values()) / max(1, len(said))
