"""Stemming from many request threads at once gives every thread its own words back."""

from __future__ import annotations

import random
import string
from concurrent.futures import ThreadPoolExecutor

import pytest
import snowballstemmer

from core.safety import words as safety_words
from core.text import english as dream_text

LETTERS = string.ascii_lowercase
ENDINGS = ("", "s", "ing", "ed", "ness", "fully", "ational", "ization", "iveness")


def _words(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 12))) + rng.choice(ENDINGS)
            for _ in range(count)]


@pytest.mark.parametrize("stem", [safety_words.stem, dream_text.term_of.__wrapped__],
                         ids=["safety", "dreams"])
def test_threads_stemming_at_once_each_get_their_own_words_right(stem):
    reference = snowballstemmer.stemmer("english")
    batches = [_words(4_000, seed) for seed in range(8)]
    expected = [[reference.stemWord(word) for word in batch] for batch in batches]

    def run(batch: list[str]) -> list[str]:
        return [stem(word) for word in batch]

    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(run, batches))
    assert got == expected
