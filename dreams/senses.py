"""Senses a symbol's words do not have: idioms and figures of speech that share its words.

A dream's "dead" is Death, but "my phone battery was dead" is not; "falling" is Falling, but
"my teeth were falling out" is about teeth and "we fell out" about a quarrel. Each rule here
names a symbol, the words it is about (as written, each form listed), and the context that
gives those words another sense. A span of the dream that an alias of the symbol matched is
set aside when a rule fires on one of its words.

Context is read within the word's sentence, by normalised term (so "batteries" is "battery"):
- `before`: one of these phrases ends at most `gap` words before the word;
- `after`: one of these phrases starts at most `gap` words after it;
- `near`: one of these words is within `window` words either side;
- `unless`: the rule fires only when none of these words is within `window` (for a word that
  has the symbol's sense only in company: "moving" is Moving house next to boxes or a flat);
- `unless_before`: the rule fires only when none of these phrases ends just before the word
  ("past" is Time travel after "the" or "my", and a preposition elsewhere).
Every condition given must hold. Rules are keyed by the symbol's name; a rule whose symbol is
not in the dictionary does nothing.

Fixed expressions (IDIOMS: "over the moon", "a fish out of water") set their words aside for
every symbol at once, except the one symbol an expression may name as its meaning ("raining
cats and dogs" is still Rain) and a symbol whose own alias spans the whole expression.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from core.text.english import Token, term_of
from dreams.senses_list import IDIOMS, RULES

WILDCARD = "*"


@dataclass(frozen=True)
class Sense:
    symbol: str
    words: frozenset[str]
    before: tuple[tuple[str, ...], ...] = ()
    after: tuple[tuple[str, ...], ...] = ()
    near: frozenset[str] = frozenset()
    unless: frozenset[str] = frozenset()
    unless_before: tuple[tuple[str, ...], ...] = ()
    gap: int = 0
    window: int = 4

    def fires(self, position: int, tokens: list[Token]) -> bool:
        if self.before and not any(_ends_before(phrase, position, tokens, self.gap)
                                   for phrase in self.before):
            return False
        if self.after and not any(_starts_after(phrase, position, tokens, self.gap)
                                  for phrase in self.after):
            return False
        if any(_ends_before(phrase, position, tokens, 0) for phrase in self.unless_before):
            return False
        around = {t.term for t in _around(position, tokens, self.window)}
        if self.near and not self.near & around:
            return False
        return not (self.unless and self.unless & around)


def sense(symbol: str, words: str, *, before: str = "", after: str = "", near: str = "",
          unless: str = "", unless_before: str = "", gap: int = 0, window: int = 4) -> Sense:
    """A rule written plainly: words space-separated, phrases separated by "|"."""
    return Sense(symbol=symbol, words=frozenset(words.split()), before=_phrases(before),
                 after=_phrases(after), near=_terms(near), unless=_terms(unless),
                 unless_before=_phrases(unless_before), gap=gap, window=window)


def excluded(symbol: str, span: Iterable[int], tokens: list[Token]) -> bool:
    """Whether the words of `span` (token positions) are used here in another sense."""
    rules = _by_symbol().get(symbol)
    if not rules:
        return False
    for position in span:
        word = tokens[position].surface.lower().replace("’", "'")
        if any(word in rule.words and rule.fires(position, tokens) for rule in rules):
            return True
    return False


@dataclass(frozen=True)
class Idiom:
    positions: frozenset[int]
    means: str  # the one symbol it stands for, or ""


def idiom_spans(tokens: list[Token]) -> list[Idiom]:
    """Each fixed expression of IDIOMS found in the text."""
    starts = _idioms_by_first_term()
    found = []
    for token in tokens:
        for phrase, means in starts.get(token.term, ()):
            if _matches(phrase, token.position, tokens, token.sentence):
                span = frozenset(range(token.position, token.position + len(phrase)))
                found.append(Idiom(positions=span, means=means))
    return found


def inside_idiom(symbol: str, span: Iterable[int], idioms: list[Idiom]) -> bool:
    """Whether `span` takes words from an idiom that does not mean `symbol`, without spanning
    the whole of it."""
    positions = frozenset(span)
    return any(positions & idiom.positions and not idiom.positions <= positions
               and idiom.means != symbol for idiom in idioms)


@functools.lru_cache(maxsize=1)
def _idioms_by_first_term() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    starts: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for idiom in IDIOMS:
        words, _, means = idiom.partition("=")
        phrase = tuple(WILDCARD if w == "*" else term_of(w) for w in words.split())
        if phrase and phrase[0] != WILDCARD:
            starts[phrase[0]].append((phrase, means.strip()))
    return dict(starts)


@functools.lru_cache(maxsize=1)
def _by_symbol() -> dict[str, list[Sense]]:
    by_symbol: dict[str, list[Sense]] = defaultdict(list)
    for rule in RULES:
        by_symbol[rule["symbol"]].append(sense(**rule))
    return dict(by_symbol)


def _phrases(text: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(term_of(w) for w in part.split()) for part in text.split("|")
                 if part.strip())


def _terms(text: str) -> frozenset[str]:
    return frozenset(term_of(word) for word in text.split())


def _same_sentence(tokens: list[Token], start: int, length: int, sentence: int) -> bool:
    return start >= 0 and start + length <= len(tokens) and all(
        tokens[start + i].sentence == sentence for i in range(length))


def _matches(phrase: tuple[str, ...], start: int, tokens: list[Token], sentence: int) -> bool:
    return _same_sentence(tokens, start, len(phrase), sentence) and all(
        term in (WILDCARD, tokens[start + i].term) for i, term in enumerate(phrase))


def _ends_before(phrase: tuple[str, ...], position: int, tokens: list[Token], gap: int) -> bool:
    sentence = tokens[position].sentence
    return any(_matches(phrase, position - skipped - len(phrase), tokens, sentence)
               for skipped in range(gap + 1))


def _starts_after(phrase: tuple[str, ...], position: int, tokens: list[Token], gap: int) -> bool:
    sentence = tokens[position].sentence
    return any(_matches(phrase, position + 1 + skipped, tokens, sentence)
               for skipped in range(gap + 1))


def _around(position: int, tokens: list[Token], window: int) -> list[Token]:
    sentence = tokens[position].sentence
    low, high = max(0, position - window), min(len(tokens), position + window + 1)
    return [t for t in tokens[low:high] if t.sentence == sentence and t.position != position]
