"""The offline plot engine in Korean: the same reading of the theme and the same shape of
story as stories.backends.plot_engine, told from Korean banks (stories/backends/ko_plots.py) with
particles fitted to the words before them. Pages are filled to the Korean band's length
(stories.reading.KOREAN_BANDS); the pictures' scenes stay in the painter's English words.
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import replace

from core.korean import ALIASES, PAIRS, attach
from stories.backends import ko_plots as bank
from stories.backends.base import Book, BookPage, illustration_prompt
from stories.backends.ko_words import (
    FEARS,
    FEELINGS,
    OUTINGS,
    SETTINGS,
    SHAPE_THINGS,
    THINGS,
    KoreanHero,
    hero_for,
    theme_concepts,
)
from stories.backends.plot_engine import (
    BAND_CHOICE,
    BAND_LEVEL,
    MIDDLE,
    OLDER,
    plot_key_of,
    seed_of,
    story_beats,
)
from stories.backends.proofread import sentences
from stories.backends.scenes import page_scene
from stories.backends.themes import Theme, theme_read
from stories.reading import KOREAN_BANDS

# Korean words of a page that call for the painter's poses and things (stories.backends.scenes).
POSE_CUES = (("뛰었", "jumped"), ("웃었", "laughed"), ("달려", "ran"), ("앉", "sat"),
             ("안았", "hugged"), ("찾", "looked"), ("살펴", "looked"), ("슬펐", "sad"),
             ("외로", "lonely"), ("무서", "afraid"), ("흔들", "waved"), ("인사", "hello"))
WEATHER_THINGS = {"rain": ("우산", "umbrella"), "snow": ("눈사람", "snowman"),
                  "wind": ("연", "kite")}


class _Particles(string.Formatter):
    """str.format where a slot's spec is its particle: "{name:은}" → "하늘은" / "나비는"."""

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec in PAIRS or format_spec in ALIASES:
            return attach(str(value), format_spec)
        return super().format_field(value, format_spec)


_FORMAT = _Particles()


def korean_book_write(*, protagonist: str, theme: str, age_band: str, pages: int, style: str,
                      seed: int = 0) -> Book:
    rng = random.Random(seed_of("ko", protagonist, theme, age_band, pages, style, seed))
    hero = hero_for(protagonist, rng=rng)
    concepts, korean = theme_concepts(theme)
    story = theme_read(concepts or theme, protagonist_kind=hero.english.kind,
                       seed=rng.randrange(2**32))
    plot_key = plot_key_of(story)
    # The picture prompts tell the illustrator what the story is about in its own words.
    story = replace(story, phrase=" ".join(theme.split()))
    words = _vocabulary(hero, story, korean, rng, concepts=concepts)
    level = BAND_LEVEL[age_band]
    plot = bank.PLOTS[plot_key]
    beats = story_beats(pages, rng)
    tries = rng.sample(plot["tries"], k=len(plot["tries"]))
    fails = rng.sample(bank.FAILS, k=len(bank.FAILS))
    openers = iter(bank.ATTEMPT_OPENERS)
    pool, named = _pool(story, words, korean, rng)
    want = KOREAN_BANDS[age_band].eojeol_per_page[0] + 3
    seen: set[str] = set()
    texts: list[list[str]] = []
    for page_beats in beats:
        lines: list[str] = []
        for beat in page_beats:
            lines += _beat_lines(beat, plot, tries, fails, openers, rng)
        rendered = _fresh([_render(line, words, level) for line in lines], seen)
        # The theme's own feeling and things are said early, one a page, so none is left out.
        if named:
            rendered += _fresh([_render(named.pop(), words, level)], seen)
        while pool and sum(len(line.split()) for line in rendered) < want:
            rendered += _fresh([_render(pool.pop(), words, level)], seen)
        texts.append(rendered)
    scene_words = {**words, "place": story.setting.place, "sight1": story.setting.sights[0],
                   "sight2": story.setting.sights[1]}
    return Book(
        title=_render(rng.choice(plot["titles"]), words, level).rstrip("."),
        character_sheet=hero.sheet, language="ko",
        pages=[BookPage(" ".join(lines), illustration_prompt(
            character_sheet=hero.sheet, style=style, language="ko", scene=page_scene(
                beats=page_beats, text=_cues(" ".join(lines), words, story),
                words=scene_words, story=story, index=index, total=len(beats))))
            for index, (lines, page_beats) in enumerate(zip(texts, beats, strict=True))],
    )


def _vocabulary(hero: KoreanHero, story: Theme, korean: dict[str, str],
                rng: random.Random, *, concepts: str) -> dict[str, str]:
    setting = SETTINGS[story.setting.key]
    sights = rng.sample(setting.sights, k=3)
    helper, helper_name = rng.choice(setting.helpers)
    # The theme's thing in the theme's own word, else in ours, else the theme's first thing.
    thing = (korean.get(story.thing) or THINGS.get(story.thing)
             or next(iter(korean.values()), SHAPE_THINGS[story.shape]))
    lemmas = set(re.findall(r"[a-z]+", " ".join((concepts, story.thing, *story.objects))))
    fear_of = next((v for k, v in FEARS.items() if k in lemmas or k == story.thing), thing)
    others = [n for n in korean.values() if n not in {thing, "친구"}]
    friend = f"{others[0]} 친구" if others else "새 친구"
    if story.thing == "friend" and others:
        thing = friend  # "공룡 친구": the friend the theme names is the thing
    return {
        "name": hero.name, "kind": hero.kind, "clothing": hero.clothing, "wore": hero.wore,
        "place": setting.place, "sight1": sights[0], "sight2": sights[1],
        "sight3": sights[2], "helper": helper, "helper_name": helper_name, "thing": thing,
        "fear_of": fear_of, "friend": friend,
        "outing": OUTINGS.get(story.thing, f"{attach(thing, '과/와')} 함께 놀 멋진 곳"),
        "english_thing": story.thing,
    }


def _pool(story: Theme, words: dict[str, str], korean: dict[str, str], rng: random.Random
          ) -> tuple[list[str], list[str]]:
    """Lines that fill a page, last first (its weather and night, then quiet details of the
    place), and the lines naming the theme's feeling and things."""
    setting = SETTINGS[story.setting.key]
    fillers = [line.replace("{sight}", f"{{sight_{i}}}").replace("{sight:", f"{{sight_{i}:")
               for line in bank.SIGHT_DOINGS for i in range(len(setting.sights))]
    for i, sight in enumerate(setting.sights):
        words[f"sight_{i}"] = sight
    weather = list(bank.WEATHER_DETAILS.get(story.weather, []))
    night = bank.WEATHER_DETAILS["night"] if story.time == "night" else []
    named: list[str] = []
    if story.feeling in FEELINGS:
        words["feeling"] = FEELINGS[story.feeling]
        named.append(bank.FEELING_LINE)
    for noun in dict.fromkeys(korean.values()):
        if noun not in {words["thing"], "친구"} and "{" not in noun:
            named.append(rng.choice(bank.OBJECT_LINES).replace("{obj}", noun))
    pool = [*rng.sample(fillers, k=len(fillers)), *rng.sample(bank.DETAILS, k=len(bank.DETAILS)),
            *rng.sample(weather, k=len(weather)), *night]
    return pool, named[::-1]


def _beat_lines(beat: str, plot: dict, tries: list[str], fails: list[str], openers,
                rng: random.Random) -> list[str]:
    if beat == "setup":
        return list(rng.choice(bank.SETUP))
    if beat == "setup_more":
        return list(rng.choice(bank.SETUP_MORE))
    if beat == "helper":
        return list(rng.choice(bank.HELPER))
    if beat == "attempt":
        attempt = tries.pop() if tries else rng.choice(plot["tries"])
        fail = fails.pop() if fails else "[+ {name:은} 포기하지 않았어요.]"
        return [attempt.replace("{opener}", next(openers, "또")), fail]
    if beat == "lesson":
        return [bank.CLOSING, *plot["lesson"]]
    return list(rng.choice(plot[beat]))


def _render(line: str, words: dict[str, str], level: int) -> str:
    line = OLDER.sub(lambda m: m.group(1) if level >= 2 else "", line)
    line = MIDDLE.sub(lambda m: m.group(1) if level >= 1 else "", line)
    line = BAND_CHOICE.sub(lambda m: m.group(1).split("|")[min(level, m.group(1).count("|"))],
                           line)
    text = _FORMAT.format(line, **words).strip()
    return re.sub(r"\s+([,.!?])", r"\1", re.sub(r"\s+", " ", text))


SAID = ("다정하게 말했어요", "빙긋 웃으며 말했어요", "고개를 끄덕이며 말했어요", "힘주어 말했어요",
        "또박또박 말했어요")


def _fresh(lines: list[str], seen: set[str]) -> list[str]:
    """The lines with no sentence said before in the book; a speech tag said before
    ("붕붕이가 말했어요.") is said another way instead."""
    kept = []
    for line in filter(None, lines):
        head, tag, tail = line.rpartition("말했어요.")
        variants = [line, *(f"{head}{said}.{tail}" for said in SAID)] if tag else [line]
        for variant in variants:
            said = sentences(variant)
            if not any(sentence in seen for sentence in said):
                kept.append(variant)
                seen.update(said)
                break
    return kept


def _cues(text: str, words: dict[str, str], story: Theme) -> str:
    """The page's Korean text with English cue words the scene reader understands."""
    cues = [english for korean, english in POSE_CUES if korean in text]
    if words["thing"] in text:
        cues.append(words["english_thing"])
    cues += [english for korean, english in WEATHER_THINGS.values() if korean in text]
    return f"{text} {' '.join(cues)}"
