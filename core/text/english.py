"""English words of a text as the matching engines see them (dream retrieval and emotions,
moderation).

A token keeps its surface form (to show the dreamer which of their words matched) and its
term: lower-cased, irregular forms lemmatised ("teeth" → "tooth", "flew" → "fly"), then
Snowball-stemmed ("falling" → "fall"), so a dream and a dictionary entry, or a text and a
word list, meet halfway.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from typing import Any

import snowballstemmer

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?;:]")

# Irregular inflections the stemmer cannot join to their base: past tenses and participles
# of the verbs dreams are told in, and irregular plurals.
IRREGULAR = {
    "fell": "fall", "fallen": "fall", "flew": "fly", "flown": "fly", "flies": "fly",
    "ran": "run", "swam": "swim", "swum": "swim", "drove": "drive", "driven": "drive",
    "drank": "drink", "drunk": "drink", "ate": "eat", "eaten": "eat", "lost": "lose",
    "found": "find", "saw": "see", "seen": "see", "caught": "catch", "fought": "fight",
    "hid": "hide", "hidden": "hide", "bitten": "bite", "stung": "sting",
    "drowned": "drown", "froze": "freeze", "frozen": "freeze",
    "broke": "break", "broken": "break", "wore": "wear", "worn": "wear", "tore": "tear",
    "torn": "tear", "shook": "shake", "shaken": "shake", "began": "begin", "begun": "begin",
    "came": "come", "went": "go", "gone": "go", "took": "take", "taken": "take",
    "gave": "give", "given": "give", "knew": "know", "known": "know", "grew": "grow",
    "grown": "grow", "threw": "throw", "thrown": "throw", "blew": "blow", "blown": "blow",
    "rode": "ride", "ridden": "ride", "risen": "rise", "sank": "sink",
    "sunk": "sink", "sang": "sing", "sung": "sing", "wrote": "write", "written": "write",
    "bled": "bleed", "fled": "flee", "slid": "slide", "crept": "creep", "slept": "sleep",
    "wept": "weep", "kept": "keep", "felt": "feel", "met": "meet",
    "shot": "shoot", "stole": "steal", "stolen": "steal", "spoke": "speak",
    "spoken": "speak", "woke": "wake", "woken": "wake", "died": "die", "dying": "die",
    "lying": "lie", "lay": "lie", "teeth": "tooth", "feet": "foot", "mice": "mouse",
    "geese": "goose", "men": "man", "women": "woman", "children": "child",
    "wolves": "wolf", "knives": "knife", "shelves": "shelf",
    "thieves": "thief", "selves": "self", "lives": "life", "wives": "wife",
    "people": "person", "was": "be", "were": "be", "been": "be", "being": "be", "is": "be",
    "am": "be", "are": "be", "did": "do", "done": "do", "had": "have", "has": "have",
    "chased": "chase", "chasing": "chase", "naked": "naked", "nude": "naked",
}

STOPWORDS = frozenset("""
a an the and or but if then than so because as of at by for with about against between into
through during before after above below to from up down in out on off over under again further
once here there when where why how all any both each few more most other some such no nor not
only own same too very can will just should now i me my myself we our ours ourselves you your
yours yourself yourselves he him his himself she her hers herself it its itself they them their
theirs themselves what which who whom this that these those be have do would could might must
shall may also yet still even really just like got get getting gets im i'm it's its i'd i've
one two something someone somehow somewhere thing
things kind sort lot lots suddenly started start starting seemed seem try tried trying wanted
want going went go come came back around though while every
""".split())

# One stemmer per thread: a snowballstemmer object keeps its word in itself while it works,
# so two request threads sharing one garble each other's words (an IndexError, a 500).
_local = threading.local()


def stemmer() -> Any:
    """This thread's Snowball English stemmer."""
    if not hasattr(_local, "stemmer"):
        _local.stemmer = snowballstemmer.stemmer("english")
    return _local.stemmer


@dataclass(frozen=True)
class Token:
    surface: str  # as written in the text
    term: str  # normalised: lemma, then stem
    position: int
    stop: bool
    start: int  # character offsets in the text
    end: int
    sentence: int = 0  # which sentence of the text it is in, counting from 0
    negated: bool = False  # Korean only (core.text.korean): 안 무서웠다, 무섭지 않았다


@functools.lru_cache(maxsize=50_000)
def term_of(word: str) -> str:
    """The normalised form of one word."""
    lowered = word.lower().replace("’", "'")
    if lowered.endswith("'s"):
        lowered = lowered[:-2]
    lemma = IRREGULAR.get(lowered, lowered)
    return stemmer().stemWord(lemma)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    sentence, last_end = 0, 0
    for match in _WORD.finditer(text):
        if _SENTENCE_END.search(text, last_end, match.start()):
            sentence += 1 if tokens else 0
        last_end = match.end()
        surface = match.group(0)
        lowered = surface.lower().replace("’", "'")
        # "couldn't" reads as "could not", so a phrase matches however it was spelt.
        words = _contraction(lowered) or [lowered]
        for word in words:
            term = term_of(word)
            stop = word in STOPWORDS or term in STOPWORDS or len(term) < 2
            tokens.append(Token(surface=surface, term=term, position=len(tokens), stop=stop,
                                start=match.start(), end=match.end(), sentence=sentence))
    return tokens


def _contraction(word: str) -> list[str] | None:
    if not word.endswith("n't") or len(word) < 5:
        return None
    base = {"can't": "can", "won't": "will", "shan't": "shall"}.get(word, word[:-3])
    return [base, "not"]


def terms(text: str) -> list[str]:
    """The content terms of a short text (an alias, a name, a query), in order."""
    return [token.term for token in tokenize(text) if not token.stop]
