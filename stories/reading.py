"""How hard a book is to read, and whether that suits its age band.

English is measured with the Flesch–Kincaid grade (textstat). The ranges per band:

- 3–5 (read aloud to pre-readers, picture books): grade ≤ 2. Very short sentences of one- and
  two-syllable words; FK goes below zero for such text, so the band has no floor.
- 6–8 (school years 1–3, early readers and first chapter books): grade 1–4.
- 9–12 (school years 4–7, middle grade): grade 3–7.

The bands overlap by a grade because FK is noisy on a few hundred words. Korean is measured
differently (see `korean_reading`); other languages textstat has no grade formula for are held
to the band's sentence length (words per sentence).
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

SENTENCE_END = re.compile(r"[.!?。]+[\"”’')]*\s+|[.!?。]+[\"”’')]*$")


def _english() -> textstatistics:
    stats = textstatistics()
    # "en-US" (not "en_US"): textstat then counts syllables with Pyphen's English hyphenation
    # instead of NLTK's CMU dictionary, which it would try to download at run time.
    stats.set_lang("en-US")
    return stats


_ENGLISH = _english()


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
    if language == "ko":
        return korean_band_problem(text, age_band=age_band)
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


@dataclass(frozen=True)
class KoreanBand:
    eojeol_per_sentence: tuple[float, float]  # (floor, ceiling) of the average
    syllables_per_eojeol_max: float
    long_share_max: float  # of eojeol of LONG (six) or more syllables
    eojeol_per_page: tuple[int, int]


# Picture books read to 3–5s keep to sentences of three to five eojeol ("토리는 숲에 갔어요.");
# early readers of 6–8 manage eight or so, with an adverbial clause; 9–12 read sentences of
# ten and more, with embedded clauses and longer Sino-Korean words. The floors keep an older
# child's book from reading like a baby's.
KOREAN_BANDS: dict[str, KoreanBand] = {
    "3-5": KoreanBand((0.0, 5.5), 3.4, 0.08, (6, 40)),
    "6-8": KoreanBand((3.5, 8.0), 3.6, 0.12, (14, 70)),
    "9-12": KoreanBand((5.0, 12.0), 3.9, 0.2, (24, 120)),
}
EOJEOL = re.compile(r"[\uac00-\ud7a3]+")
LONG = 6  # syllables: past a polite past verb (살펴보았어요 is six, 걸었어요 four)


@dataclass(frozen=True)
class KoreanReading:
    eojeol_per_sentence: float
    syllables_per_eojeol: float
    long_share: float


def korean_reading(text: str) -> KoreanReading:
    """How hard Korean text is to read, in three measures children's Korean is usually judged by.

    Flesch–Kincaid counts English syllables per word and words per sentence; neither unit means
    the same in Korean. A Korean word (어절, the unit between spaces) carries its particles and
    verb endings, so it is longer and fewer per sentence than an English word. We measure:

    - eojeol per sentence: sentence length, the strongest predictor in Korean readability work
      as in English, and what a reader-aloud's breath feels;
    - syllables (Hangul blocks) per eojeol: longer units mean longer stems and stacked endings
      (-었답니다, -하더라도) that early readers decode slowly;
    - the share of eojeol of six or more syllables: mostly Sino-Korean compound nouns with
      their particles and chained endings (안전벨트를, 포기하지않고, 기다리더라도), the hard
      vocabulary of school texts. Six, not five, because the polite past every picture book
      speaks in already makes a plain verb five long (넘어졌어요). A list of
      Sino-Korean words would judge this better, but needs a dictionary we do not ship; length
      is a proxy that needs none and is stable on a few hundred words.
    """
    sentences = [s for s in SENTENCE_END.split(text) if EOJEOL.search(s)]
    units = [EOJEOL.findall(word) for word in text.split()]
    syllables = [sum(len(part) for part in unit) for unit in units if unit]
    if not syllables:
        return KoreanReading(0.0, 0.0, 0.0)
    return KoreanReading(
        eojeol_per_sentence=round(len(syllables) / max(1, len(sentences)), 2),
        syllables_per_eojeol=round(sum(syllables) / len(syllables), 2),
        long_share=round(sum(n >= LONG for n in syllables) / len(syllables), 3))


def korean_band_problem(text: str, *, age_band: str) -> str | None:
    """Why Korean text does not suit the band (KOREAN_BANDS), or None when it does."""
    band, label = KOREAN_BANDS[age_band], BANDS[age_band].label
    reading = korean_reading(text)
    low, high = band.eojeol_per_sentence
    if reading.eojeol_per_sentence > high:
        return (f"too hard: {reading.eojeol_per_sentence:.1f} eojeol a sentence, {label} "
                f"allow {high:g}")
    if reading.syllables_per_eojeol > band.syllables_per_eojeol_max:
        return (f"too hard: {reading.syllables_per_eojeol:.2f} syllables an eojeol, {label} "
                f"allow {band.syllables_per_eojeol_max:g}")
    if reading.long_share > band.long_share_max:
        return (f"too hard: {reading.long_share:.0%} long words, {label} allow "
                f"{band.long_share_max:.0%}")
    if reading.eojeol_per_sentence < low:
        return (f"too easy: {reading.eojeol_per_sentence:.1f} eojeol a sentence, {label} "
                f"want at least {low:g}")
    return None
