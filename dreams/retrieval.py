"""Finding the dictionary's symbols in a dream: BM25 over two fields, with phrase matching.

Every symbol is a document with two fields. Its *names* (name and aliases) are matched as
phrases: all of an alias's words, in order, with at most two other words between them
("my teeth were all falling out" matches "teeth falling out"). Its *text* is matched word by
word and counts for little, to order close calls and to let a program's search find an entry
by what it says. Words are normalised by core.text.english (irregular forms lemmatised, then
stemmed), and weighted by BM25's inverse document frequency, so that a word many entries share
("lost") weighs less than a rare one ("tsunami").

Words are compared as concepts: synonyms (dreams.text.SYNONYMS) stand for one another, so
the alias "childhood home" finds "my childhood house". A span whose words are used in another
sense ("my phone battery was dead", "I was dying to tell her") does not count for the symbol
the rules of dreams.senses set it aside for.

A symbol whose words were all explained by a longer phrase of a better match is pushed down:
"teeth falling out" is the finding, not also "falling". Reading a dream keeps every symbol
whose own evidence is strong enough (`read`), not only those near the best score: a long
phrase scoring high must not push a plain "sea" or "kitchen" out of the reading.

A Korean index (language="ko") is the same machinery over the Korean dictionary, its words
analysed by core.text.korean; the sense rules of dreams.senses are English and stay out of it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from core.text.english import Token, tokenize
from core.text.korean import tokenize_ko
from dreams.senses import Idiom, excluded, idiom_spans, inside_idiom
from dreams.text import concept_of
from dreams.text_ko import alias_tokens_ko, concept_of_ko

MAX_GAP = 2  # other words allowed between two words of a phrase
K1, B = 1.2, 0.75
TEXT_WEIGHT = 0.08
PHRASE_BONUS = 0.6  # per extra word of a phrase: a longer match is a more specific one
STOP_WORD_WEIGHT = 0.25
EXPLAINED_AWAY = 0.35
# What a reading keeps: one plain alias word of a rare-ish term scores about 4 to 7; a word
# explained away by a longer phrase, or a common word alone, stays under this.
MIN_READ_SCORE = 3.0
READ_LIMIT = 16


@dataclass(frozen=True)
class Entry:
    id: int
    name: str
    aliases: tuple[str, ...]
    text: str
    category: str = ""


@dataclass
class Match:
    id: int
    name: str
    score: float
    matched: list[str] = field(default_factory=list)  # the dream's words, as written
    positions: frozenset[int] = frozenset()
    longest: int = 0  # words in the longest phrase that matched
    explained: bool = False  # all its words belong to a longer phrase of a better match
    named: frozenset[int] = frozenset()  # positions where the symbol's own name matched


@dataclass(frozen=True)
class _Alias:
    entry: int  # index into entries
    terms: tuple[str, ...]
    stops: tuple[bool, ...]
    is_name: bool = False


class SymbolIndex:
    """An in-memory index of the symbol dictionary (a few hundred to a few thousand entries)."""

    def __init__(self, entries: Iterable[Entry], *, language: str = "en") -> None:
        self.language = language
        self._tokenize, self._concept = ((tokenize_ko, concept_of_ko) if language == "ko"
                                         else (tokenize, concept_of))
        self.entries = list(entries)
        self._by_anchor: dict[str, list[_Alias]] = defaultdict(list)
        alias_df: dict[str, int] = defaultdict(int)
        self._text_postings: dict[str, dict[int, int]] = defaultdict(dict)
        self._text_length: list[int] = []
        aliases: list[_Alias] = []
        for index, entry in enumerate(self.entries):
            seen_terms: set[str] = set()
            for number, phrase in enumerate((entry.name, *entry.aliases)):
                tokens = self._alias_tokens(phrase, is_name=number == 0)
                if not any(not token.stop for token in tokens):
                    continue
                # Korean names describe a dream ("떨어지는 꿈") rather than name a thing, so
                # they do not claim their words from a longer alias of another symbol.
                alias = _Alias(entry=index, terms=tuple(self._concept(t.term) for t in tokens),
                               stops=tuple(t.stop for t in tokens),
                               is_name=number == 0 and self.language == "en")
                aliases.append(alias)
                seen_terms.update(self._concept(t.term) for t in tokens if not t.stop)
            for term in seen_terms:
                alias_df[term] += 1
            text_tokens = [t for t in self._tokenize(f"{entry.name} {entry.text}")
                           if not t.stop]
            self._text_length.append(len(text_tokens))
            for token in text_tokens:
                postings = self._text_postings[token.term]
                postings[index] = postings.get(index, 0) + 1
        count = max(1, len(self.entries))
        self._alias_idf = {term: _idf(count, df) for term, df in alias_df.items()}
        self._text_idf = {term: _idf(count, len(p)) for term, p in self._text_postings.items()}
        self._avg_text_length = sum(self._text_length) / count if self._text_length else 1.0
        for alias in aliases:
            # Index each alias under its rarest word: it is checked only when that word occurs.
            content = [t for t, stop in zip(alias.terms, alias.stops, strict=True) if not stop]
            anchor = min(content, key=lambda term: alias_df[term])
            self._by_anchor[anchor].append(alias)

    def _alias_tokens(self, phrase: str, *, is_name: bool) -> list[Token]:
        if self.language != "ko":
            return self._tokenize(phrase)
        tokens = alias_tokens_ko(phrase)
        if is_name:
            # "떨어지는 꿈" names the symbol; a dream need not say 꿈 right after the fall.
            while tokens and tokens[-1].stop:
                tokens.pop()
        return tokens

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, text: str, *, limit: int = 8, require_alias: bool = True) -> list[Match]:
        """The best-matching symbols for `text`, best first.

        With `require_alias` (reading a dream) only symbols whose name or an alias occurs are
        returned; without it (a program's search) the text field can find entries too.
        """
        tokens = self._tokenize(text)
        positions: dict[str, list[int]] = defaultdict(list)
        for token in tokens:
            positions[self._concept(token.term)].append(token.position)
        matches: dict[int, Match] = {}
        idioms = idiom_spans(tokens) if self.language == "en" else []
        for term in list(positions):
            for alias in self._by_anchor.get(term, ()):
                self._match_alias(alias, tokens, positions, text, matches, idioms)
        if not require_alias:
            self._add_text_scores(tokens, matches)
        else:
            self._add_text_scores(tokens, matches, only=set(matches))
        ranked = sorted(matches.values(), key=lambda m: (-m.score, m.name))
        return _explain_away(ranked)[:limit]

    def read(self, text: str, *, limit: int = READ_LIMIT) -> list[Match]:
        """The symbols of a dream worth reading, best first: each on its own evidence."""
        return [m for m in self.search(text, limit=limit)
                if m.score >= MIN_READ_SCORE and not m.explained]

    def _match_alias(self, alias: _Alias, tokens: list[Token],
                     positions: dict[str, list[int]], text: str,
                     matches: dict[int, Match], idioms: list[Idiom]) -> None:
        if any(term not in positions for term in alias.terms):
            return
        entry = self.entries[alias.entry]
        spans = [span for start in positions[alias.terms[0]]
                 if (span := _phrase_at(alias.terms, start, positions)) is not None
                 and not inside_idiom(entry.name, span, idioms)
                 and (self.language != "en" or not excluded(entry.name, span, tokens))]
        if not spans:
            return
        weight = sum(STOP_WORD_WEIGHT if stop else self._alias_idf.get(term, 0.0)
                     for term, stop in zip(alias.terms, alias.stops, strict=True))
        weight *= 1 + PHRASE_BONUS * (len(alias.terms) - 1)
        occurrences = len(spans)
        weight *= occurrences * (K1 + 1) / (occurrences + K1)
        match = matches.get(entry.id)
        if match is None:
            match = matches[entry.id] = Match(id=entry.id, name=entry.name, score=0.0)
            match.score = weight
        elif weight > match.score:
            # Another alias of the same symbol: the best one counts, the others a little.
            match.score = weight + 0.2 * match.score
        else:
            match.score += 0.2 * weight
        match.longest = max(match.longest, len(alias.terms))
        for span in spans:
            words = text[tokens[span[0]].start:tokens[span[-1]].end]
            if words not in match.matched:
                match.matched.append(words)
            match.positions = match.positions | frozenset(span)
            if alias.is_name:
                match.named = match.named | frozenset(span)

    def _add_text_scores(self, tokens: list[Token], matches: dict[int, Match],
                         only: set[int] | None = None) -> None:
        counts: dict[str, int] = defaultdict(int)
        for token in tokens:
            if not token.stop:
                counts[token.term] += 1
        scores: dict[int, float] = defaultdict(float)
        for term in counts:
            idf = self._text_idf.get(term)
            if idf is None:
                continue
            for index, tf in self._text_postings[term].items():
                norm = 1 - B + B * self._text_length[index] / self._avg_text_length
                scores[index] += idf * tf * (K1 + 1) / (tf + K1 * norm)
        for index, score in scores.items():
            entry = self.entries[index]
            if only is not None and entry.id not in only:
                continue
            match = matches.get(entry.id)
            if match is None:
                matches[entry.id] = Match(id=entry.id, name=entry.name,
                                          score=TEXT_WEIGHT * score)
            else:
                match.score += TEXT_WEIGHT * score


def _idf(count: int, df: int) -> float:
    return math.log(1 + (count - df + 0.5) / (df + 0.5))


def _phrase_at(terms: tuple[str, ...], start: int,
               positions: dict[str, list[int]]) -> list[int] | None:
    """Positions of the phrase's words starting at `start`, allowing small gaps; or None."""
    span = [start]
    for term in terms[1:]:
        following = [p for p in positions[term] if span[-1] < p <= span[-1] + 1 + MAX_GAP]
        if not following:
            return None
        span.append(following[0])
    return span


def _explain_away(ranked: list[Match]) -> list[Match]:
    # Only a strictly longer phrase explains a match away: two symbols sharing one phrase
    # ("giving birth" for Baby and Birth) are both found. A word that is one symbol's own name
    # is that symbol, not another's alias: "teacher" is Teacher, not also School.
    phrases: list[Match] = []
    for match in ranked:
        covered = {p for m in phrases if m.longest > match.longest for p in m.positions}
        covered |= {p for m in ranked if m is not match for p in m.named if p not in match.named}
        if match.positions and match.positions <= covered:
            match.score *= EXPLAINED_AWAY
            match.explained = True
        if match.longest > 1:
            phrases.append(match)
    return sorted(ranked, key=lambda m: (-m.score, m.name))
