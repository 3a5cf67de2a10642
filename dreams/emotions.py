"""Proposing the emotions of a dream from its words, in the Hall–Van de Castle classes.

A small lexicon per class, matched on normalised words (dreams.text); a word right after a
negation ("not afraid", "never scared") does not count. The dreamer's own tags always win: these
are proposals shown next to the tagging boxes.
"""

from __future__ import annotations

from collections import Counter

from dreams.models import Emotion
from dreams.text import term_of, tokenize

_LEXICON = {
    Emotion.ANGER: """angry anger furious fury rage raging mad annoyed annoying irritated
        frustrated frustrating resentful outraged livid cross hate hated hating yelled
        shouted bitter jealous envious""",
    Emotion.APPREHENSION: """afraid scared fear feared fearful frightened frightening terrified
        terrifying terror anxious anxiety nervous panic panicked panicking worried worry dread
        dreading horror horrified uneasy alarmed creepy eerie threatened helpless nightmare
        trembling shaking chased hunted trapped danger dangerous""",
    Emotion.SADNESS: """sad sadness unhappy cry cried crying tears tearful weeping wept sobbing
        grief grieving mourning heartbroken lonely loneliness alone miss missed missing
        depressed gloomy sorrow regret hopeless disappointed ashamed guilty empty""",
    Emotion.CONFUSION: """confused confusing confusion puzzled bewildered strange strangely
        weird odd bizarre unsure uncertain lost disoriented baffled surreal unreal mysterious
        wondering nonsense""",
    Emotion.HAPPINESS: """happy happiness joy joyful delighted delight glad excited excitement
        thrilled laughing laughed laugh smiling smiled peaceful peace calm relieved relief
        free freedom wonderful beautiful love loved loving content elated amazing safe warm
        grateful proud""",
}
_NEGATIONS = {"not", "never", "no", "without", "nor"}

TERMS: dict[str, set[str]] = {
    emotion.value: {term_of(word) for word in words.split()}
    for emotion, words in _LEXICON.items()
}


def emotions_propose(text: str, *, limit: int = 3) -> list[str]:
    """The emotion classes the text speaks of, most mentioned first."""
    counts: Counter[str] = Counter()
    tokens = tokenize(text)
    for index, token in enumerate(tokens):
        before = {t.term for t in tokens[max(0, index - 2):index]}
        if before & _NEGATIONS:
            continue
        for emotion, terms in TERMS.items():
            if token.term in terms:
                counts[emotion] += 1
    order = [e.value for e in Emotion]
    ranked = sorted(counts, key=lambda e: (-counts[e], order.index(e)))
    return ranked[:limit]
