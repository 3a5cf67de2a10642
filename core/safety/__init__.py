"""Is a text fit for a children's book? An offline classifier over a weighted lexicon.

    verdict = safety_check("a pillow fight at the sleepover")   # allowed
    verdict = safety_check("stabbing the teacher")               # refused: violence

Each category (violence and weapons, sexual content, drugs/alcohol/smoking, self-harm, abuse
and abduction, hate, gore) sums the weights of its phrases found in the text; reaching the
policy's threshold refuses it. Innocent senses ("a shot at goal", "a water gun") hide the
words they cover, and a phrase just after "no", "not" or "without" in the same clause is not
counted ("a cowboy story with no guns"), except in the categories where even the mention is
out of place for a child.

Words are read as children type them (core.safety.words): letters spaced or dotted apart
("m u r d e r"), held ("seeeex"), starred ("s*x"), in leet ("k1ll"), without vowels ("prn"),
with a dropped g or apostrophe ("stabbin", "doesnt"), and misspelt (core.safety.spelling).
Korean themes are matched on Hangul stems at the start of each eojeol (core.safety.korean).
"""

from __future__ import annotations

from core.safety.classifier import CATEGORIES, CHILDREN, Policy, SafetyVerdict, safety_check

__all__ = ["CATEGORIES", "CHILDREN", "Policy", "SafetyVerdict", "safety_check"]
