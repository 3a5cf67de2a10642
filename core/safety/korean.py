"""Korean themes: stems of Hangul eojeol against a small lexicon (children_ko.txt).

Korean fastens particles and endings to a stem inside one space-separated word (eojeol):
죽이다, 죽이는, 죽였다 all begin with 죽이. So a lexicon word matches an eojeol it begins,
which needs neither a morphological analyser nor a dictionary.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

KOREAN_LEXICON = Path(__file__).with_name("children_ko.txt")
GAP = "…"
REACH = 3  # a phrase's next word within this many eojeol
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_EOJEOL = re.compile(r"[\uac00-\ud7a3A-Za-z0-9]+")


@dataclass(frozen=True)
class KoreanEntry:
    category: str
    weight: float
    text: str
    stems: tuple[frozenset[str], ...]  # per word: stems an eojeol may begin with ("=x": be)


def has_hangul(text: str) -> bool:
    return bool(_HANGUL.search(text))


@functools.cache
def korean_lexicon(path: Path = KOREAN_LEXICON) -> tuple[KoreanEntry, ...]:
    groups: dict[str, frozenset[str]] = {}
    entries: list[KoreanEntry] = []
    category = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("@") and ":" in line:
            name, _, members = line.partition(":")
            groups[name.strip()] = frozenset(members.split())
        elif line.startswith("[") and line.endswith("]"):
            category = line[1:-1]
        else:
            weight, _, phrase = line.partition(" ")
            try:
                stems = tuple(groups[word] if word.startswith("@") else frozenset({word})
                              for word in phrase.split() if word != GAP)
                entries.append(KoreanEntry(category, float(weight), phrase, stems))
            except (KeyError, ValueError):
                raise ValueError(f"{path.name}:{number}: expected 'weight stem…'") from None
    return tuple(entries)


def korean_scores(text: str) -> tuple[dict[str, float], list[str]]:
    """Each category's summed weight over the entries found in `text`, and those entries."""
    eojeol = _EOJEOL.findall(text)
    scores: dict[str, float] = {}
    matched: list[str] = []
    for entry in korean_lexicon():
        if _found(entry.stems, eojeol):
            scores[entry.category] = scores.get(entry.category, 0.0) + entry.weight
            matched.append(entry.text)
    return scores, matched


def _begins(word: str, stems: frozenset[str]) -> bool:
    return any(word == stem[1:] if stem.startswith("=") else word.startswith(stem)
               for stem in stems)


def _found(stems: tuple[frozenset[str], ...], eojeol: list[str]) -> bool:
    for start, word in enumerate(eojeol):
        if _begins(word, stems[0]) and _rest(stems, 1, eojeol, start):
            return True
    # Written without spaces, as children often do: "죽고싶어" for "죽고 싶어".
    return len(stems) > 1 and any(_joined(stems, word) for word in eojeol)


def _rest(stems: tuple[frozenset[str], ...], at: int, eojeol: list[str], last: int) -> bool:
    if at == len(stems):
        return True
    return any(_begins(eojeol[i], stems[at]) and _rest(stems, at + 1, eojeol, i)
               for i in range(last + 1, min(len(eojeol), last + 1 + REACH)))


def _joined(stems: tuple[frozenset[str], ...], word: str) -> bool:
    if not stems:
        return True
    heads = {stem.lstrip("=") for stem in stems[0]}
    return any(word.startswith(head) and _joined(stems[1:], word[len(head):]) for head in heads)
