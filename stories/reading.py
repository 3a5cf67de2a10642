"""How hard a book is to read, and whether that suits its age band.

English is measured with the Flesch–Kincaid grade (textstat). The ranges per band:

- 3–5 (read aloud to pre-readers, picture books): grade ≤ 2. Very short sentences of one- and
  two-syllable words; FK goes below zero for such text, so the band has no floor.
- 6–8 (school years 1–3, early readers and first chapter books): grade 1–4.
- 9–12 (school years 4–7, middle grade): grade 3–7.

The bands overlap by a grade because FK is noisy on a few hundred words. Languages textstat has
no grade formula for are held to the band's sentence length instead (words per sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textstat.textstat import textstatistics


@dataclass(frozen=True)
class Band:
    label: str
    grade_min: float | None
    grade_max: float
    words_per_page: tuple[int, int]
    words_per_sentence_max: float


BANDS: dict[str, Band] = {
    "3-5": Band("ages 3–5", None, 2.0, (10, 50), 8.0),
    "6-8": Band("ages 6–8", 1.0, 4.0, (20, 90), 12.0),
    "9-12": Band("ages 9–12", 3.0, 7.0, (35, 150), 18.0),
}

HANGUL = re.compile(r"[\uac00-\ud7a3]")
SENTENCE_END = re.compile(r"[.!?。]+[\"”’')]*\s+|[.!?。]+[\"”’')]*$")


def _english() -> textstatistics:
    stats = textstatistics()
    # "en-US" (not "en_US"): textstat then counts syllables with Pyphen's English hyphenation
    # instead of NLTK's CMU dictionary, which it would try to download at run time.
    stats.set_lang("en-US")
    return stats


_ENGLISH = _english()


def detect_language(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    if letters and sum(bool(HANGUL.match(c)) for c in letters) / len(letters) > 0.3:
        return "ko"
    return "en"


def reading_grade(text: str, *, language: str = "en") -> float | None:
    """The Flesch–Kincaid grade of English text; None for a language without a formula."""
    if language != "en" or not text.strip():
        return None
    return round(float(_ENGLISH.flesch_kincaid_grade(text)), 2)


def words_per_sentence(text: str) -> float:
    sentences = [s for s in SENTENCE_END.split(text) if s.strip()]
    return len(text.split()) / max(1, len(sentences))


def band_problem(text: str, *, age_band: str, language: str = "en") -> str | None:
    """Why this text does not suit the band ("too hard: grade 6.1, the band allows ≤ 2"), or
    None when it does."""
    band = BANDS[age_band]
    grade = reading_grade(text, language=language)
    if grade is None:
        length = words_per_sentence(text)
        if length > band.words_per_sentence_max:
            return (f"too hard: {length:.1f} words a sentence, {band.label} allow "
                    f"{band.words_per_sentence_max:.0f}")
        return None
    if grade > band.grade_max:
        return f"too hard: grade {grade:.1f}, {band.label} allow at most {band.grade_max:g}"
    if band.grade_min is not None and grade < band.grade_min:
        return f"too easy: grade {grade:.1f}, {band.label} want at least {band.grade_min:g}"
    return None
