"""Synonyms for dream retrieval: words that name the same thing meet as one concept.

A dream's words are tokenized by core.text.english; here an alias written with one word of a
group finds a dream told with another ("childhood house" finds "childhood home").
"""

from __future__ import annotations

import functools

from core.text.english import term_of

# Words that name the same thing, so that an alias written with one finds a dream told with
# the other ("childhood house" finds "childhood home"). Only retrieval reads these: each word
# stands for the first word of its group.
SYNONYMS = (
    ("house", "home"), ("ocean", "sea"), ("mother", "mom", "mum", "mommy", "mummy", "mama"),
    ("father", "dad", "daddy", "papa"), ("grandmother", "grandma", "granny", "nana", "gran"),
    ("grandfather", "grandpa", "grandad", "granddad"), ("child", "kid"),
    ("forest", "woods"), ("car", "automobile"), ("plane", "airplane", "aeroplane"),
    ("television", "tv"), ("phone", "cellphone", "smartphone"),
    ("shop", "store"), ("kitten", "kitty"), ("puppy", "pup"),
    ("photo", "photograph", "picture"), ("stairs", "staircase", "stairway"),
    ("toilet", "restroom", "loo"), ("jail", "prison"), ("cop", "policeman", "policewoman"),
    ("scared", "afraid", "frightened"), ("huge", "giant", "enormous", "gigantic"),
)


@functools.lru_cache(maxsize=1)
def _concepts() -> dict[str, str]:
    return {term_of(word): term_of(group[0]) for group in SYNONYMS for word in group}


def concept_of(term: str) -> str:
    """The term that stands for `term` and its synonyms (itself when it has none)."""
    return _concepts().get(term, term)
