"""Korean particles (josa) that agree with the word before them.

A particle's form depends on whether the preceding syllable ends in a consonant (받침):
하늘이 / 토끼가, 하늘은 / 토끼는, 숲을 / 바다를, 곰과 / 토끼와. 으로/로 is the exception that
proves the rule: a final ㄹ takes 로 like a vowel does (연필로, 숲으로, 바다로).
"""

from __future__ import annotations

import re

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
FINAL_RIEUL = 8  # index of ㄹ among the 28 final-consonant slots (0 is "none")
HANGUL = re.compile(r"[\uac00-\ud7a3]")

# Each particle: (after a consonant, after a vowel).
PAIRS: dict[str, tuple[str, str]] = {
    "이/가": ("이", "가"), "은/는": ("은", "는"), "을/를": ("을", "를"), "과/와": ("과", "와"),
    "으로/로": ("으로", "로"), "아/야": ("아", "야"), "이랑/랑": ("이랑", "랑"),
    "이나/나": ("이나", "나"), "이에요/예요": ("이에요", "예요"),
    "이었어요/였어요": ("이었어요", "였어요"),
    "이라는/라는": ("이라는", "라는"),
    "이/": ("이", ""),  # the friendly 이 after a name ending in a consonant: 하늘이는
}
ALIASES = {"이": "이/가", "가": "이/가", "은": "은/는", "는": "은/는", "을": "을/를",
           "를": "을/를", "와": "과/와", "과": "과/와", "와/과": "과/와", "로": "으로/로",
           "으로": "으로/로", "로/으로": "으로/로", "아": "아/야", "야": "아/야",
           "랑": "이랑/랑", "이랑": "이랑/랑", "나": "이나/나", "이나": "이나/나",
           "예요": "이에요/예요", "이에요": "이에요/예요", "이라는": "이라는/라는",
           "라는": "이라는/라는"}
# How a final digit or Latin letter is read aloud decides the particle ("3이", "2가", "CD를").
DIGIT_FINAL = {"0": True, "1": True, "2": False, "3": True, "4": False, "5": False,
               "6": True, "7": True, "8": True, "9": False}
DIGIT_RIEUL = {"1", "7", "8"}
LATIN_CONSONANT = set("lmnr")  # "l" 엘, "m" 엠, "n" 엔, "r" 알: read with a final consonant


def final_consonant(word: str) -> int | None:
    """The index (1–27) of the final consonant of `word`'s last syllable, 0 when it ends in
    a vowel, None when it does not end in something we can read (punctuation only)."""
    for char in reversed(word.strip()):
        code = ord(char)
        if HANGUL_FIRST <= code <= HANGUL_LAST:
            return (code - HANGUL_FIRST) % 28
        if char.isdigit():
            return FINAL_RIEUL if char in DIGIT_RIEUL else (1 if DIGIT_FINAL[char] else 0)
        if char.isalpha():
            return FINAL_RIEUL if char.lower() in "lr" else (
                4 if char.lower() in LATIN_CONSONANT else 0)
    return None


def josa(word: str, particle: str) -> str:
    """The form of `particle` that follows `word`: josa("하늘", "이/가") == "이"."""
    with_final, without = PAIRS[ALIASES.get(particle, particle)]
    final = final_consonant(word)
    if ALIASES.get(particle, particle) == "으로/로":
        return without if final in (0, FINAL_RIEUL, None) else with_final
    return without if not final else with_final


def attach(word: str, particle: str) -> str:
    """`word` with its particle: attach("숲", "으로/로") == "숲으로"."""
    return f"{word}{josa(word, particle)}"


def is_korean(text: str, *, share: float = 0.3) -> bool:
    """Whether more than `share` of the letters of `text` are Hangul."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(bool(HANGUL.match(c)) for c in letters) / len(letters) > share
