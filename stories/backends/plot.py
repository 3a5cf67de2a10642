"""The offline plot engine: a protagonist and a theme become a book in the classic shape
(setup, problem, attempts, helper, turning point, resolution, gentle lesson).

Every line comes from a bank of alternatives chosen by a generator seeded with the request, is
dressed for the age band (stories/backends/plots.py explains the markup), and the finished text
is nudged into the band's reading grade by splitting or joining sentences.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import re

from stories.backends.base import Book, BookPage, illustration_prompt
from stories.backends.characters import Character, character_for
from stories.backends.plots import (
    ATTEMPT_OPENERS,
    FAILS,
    HELPER,
    PLOTS,
    SETUP,
    SETUP_MORE,
)
from stories.backends.themes import Theme, theme_read
from stories.reading import BANDS, reading_grade

BAND_LEVEL = {"3-5": 0, "6-8": 1, "9-12": 2}
DETAILS = [
    "The {sight1} <were bright|sparkled in the light|sparkled like tiny lanterns in the "
    "{light}light>.",
    "<A bird sang.|A bird sang a happy tune.|Somewhere above, a bird sang a cheerful, "
    "curious tune.>",
    "The wind <blew|whispered|whispered softly through the {sight2}>.",
    "<{He} felt the {light}.|{He} felt the {light} on {his} face.|{He} could feel the gentle "
    "{light}light on {his} face.>",
    "{name}'s {clothing_short} <was bright|looked bright and new|looked brighter than "
    "ever>[++ against the {sight3}].",
    "<It was quiet.|Everything was quiet.|For a moment, everything was perfectly quiet.>",
    "<The sky was {sky}.|Above, the sky was {sky}.|Above {name}, the sky was slowly "
    "turning {sky}.>",
    "<{name} had a snack.|{name} stopped for a snack.|{name} stopped for a quick snack "
    "and a think.>",
    "<The {sight2} were still.|The {sight2} seemed to listen.|Even the {sight2} seemed to "
    "be listening carefully.>",
    "<{He} gave a big yawn.|{He} stretched and gave a big yawn.|{He} stretched, yawned, "
    "and wondered what would happen next.>",
]
TITLES = {
    "lost": ["{Name} and the Lost {Thing}", "Where Is the {Thing}?"],
    "fear": ["{Name} and {Thing}", "Brave Little {Name}"],
    "friendship": ["{Name} Says Hello", "{Name} and the {Thing}"],
    "new": ["{Name} Tries the {Thing}", "{Name} Learns Something New"],
    "kindness": ["{Name}'s Kind Heart", "A Gift from {Name}"],
    "growing": ["{Name} Waits for the {Thing}", "Slowly, Slowly, {Name}"],
    "different": ["Just {Name}", "{Name} the Different {Kind}"],
    "adventure": ["{Name} and the {Thing}", "{Name}'s Big Adventure"],
}
SCENES = {
    "setup": "{name} smiling among the {sight1}",
    "problem": "{name} looking worried",
    "helper": "{name} talking with {helper}",
    "turning": "{name} and {helper} looking ahead, hopeful",
    "resolution": "{name} joyful, celebrating",
    "lesson": "{name} waving goodbye, happy and calm",
}


def seed_of(*parts: object) -> int:
    text = "\x1f".join(str(part).strip().lower() for part in parts)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def book_write(*, protagonist: str, theme: str, age_band: str, pages: int, style: str,
               seed: int = 0) -> Book:
    rng = random.Random(seed_of(protagonist, theme, age_band, pages, style, seed))
    hero = character_for(protagonist, rng=rng)
    story = theme_read(theme, protagonist_kind=hero.kind)
    words = _vocabulary(hero, story, rng)
    level = BAND_LEVEL[age_band]
    beats = _beats(pages)
    plot = PLOTS[story.category]
    tries = rng.sample(plot["tries"], k=len(plot["tries"]))
    openers = iter(ATTEMPT_OPENERS)
    pool: list[str] = []
    cores: list[int] = []
    texts: list[list[str]] = []
    scenes: list[str] = []
    for index, page_beats in enumerate(beats):
        lines: list[str] = []
        for beat in page_beats:
            lines += _beat_lines(beat, plot, tries, openers, rng)
        cores.append(len(lines))
        rendered = [_render(line, words, level) for line in lines]
        # Quiet details of the place fill a page up to the words its readers expect.
        want = BANDS[age_band].words_per_page[0] + 6
        for _ in range(4):
            if sum(len(line.split()) for line in rendered) >= want:
                break
            pool = pool or rng.sample(DETAILS, k=len(DETAILS))
            rendered.append(_render(pool.pop(), words, level))
        texts.append(rendered)
        scenes.append(_scene(page_beats, texts[-1], words, story, index, len(beats)))
    texts = _fit(texts, cores, age_band, {hero.name, words["helper_name"], "I"})
    sheet = hero.sheet
    title = _render(rng.choice(TITLES[story.category]), words, level)
    return Book(
        title=title, character_sheet=sheet,
        pages=[BookPage(" ".join(lines), illustration_prompt(character_sheet=sheet,
                                                             scene=scene, style=style))
               for lines, scene in zip(texts, scenes, strict=True)],
    )


def _beats(pages: int) -> list[list[str]]:
    if pages == 4:
        return [["setup"], ["problem"], ["helper", "turning"], ["resolution", "lesson"]]
    if pages == 5:
        return [["setup"], ["problem"], ["helper"], ["turning"], ["resolution", "lesson"]]
    if pages == 6:
        return [["setup"], ["problem"], ["attempt"], ["helper"], ["turning"],
                ["resolution", "lesson"]]
    more = pages >= 9
    attempts = pages - 6 - int(more)
    return [["setup"], *([["setup_more"]] if more else []), ["problem"],
            *[["attempt"]] * attempts, ["helper"], ["turning"], ["resolution"], ["lesson"]]


def _beat_lines(beat: str, plot: dict, tries: list[str], openers, rng: random.Random
                ) -> list[str]:
    if beat == "setup":
        return list(rng.choice(SETUP))
    if beat == "setup_more":
        return [line for line in rng.choice(SETUP_MORE) if line]
    if beat == "helper":
        return list(rng.choice(HELPER))
    if beat == "attempt":
        attempt = tries.pop() if tries else rng.choice(plot["tries"])
        return [attempt.replace("{opener}", next(openers, "Again,")), rng.choice(FAILS)]
    if beat == "lesson":
        return ["{name} <smiled|smiled and thought|smiled and thought about the day>.",
                *plot["lesson"]]
    return list(rng.choice(plot[beat]))


def _vocabulary(hero: Character, story: Theme, rng: random.Random) -> dict[str, str]:
    sights = rng.sample(story.setting.sights, k=3)
    helper = rng.choice(story.setting.helpers)
    he = hero.pronoun
    kind = hero.kind
    return {
        "name": hero.name, "kind": kind, "kind_a": f"{_a(kind)} {kind}",
        "he": he, "He": he.capitalize(), "his": hero.her, "His": hero.her.capitalize(),
        "him": hero.them, "himself": "herself" if he == "she" else "himself",
        "place": story.setting.place, "place_cap": story.setting.place.capitalize(),
        "sight1": sights[0], "sight2": sights[1], "sight3": sights[2],
        "helper": helper, "helper_name": helper.split()[-1], "thing": story.thing,
        "theme": story.phrase, "colour": hero.colours[0], "clothing": hero.clothing,
        "clothing_short": hero.clothing.split(" with ")[0].removeprefix("a ")
        .removeprefix("an ").removeprefix("two "),
        "light": "moon" if story.time == "night" else "sun",
        "sky": {"night": "dark blue", "evening": "pink and gold"}.get(story.time, "blue"),
        "Name": hero.name, "Thing": _title(story.thing.removeprefix("a "), start=False),
        "Kind": _title(kind.split()[-1]),
    }


def _a(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


SMALL_WORDS = {"a", "an", "the", "of", "and", "in", "on", "to", "at", "with"}


def _title(text: str, *, start: bool = True) -> str:
    return " ".join(w if (i or not start) and w in SMALL_WORDS else w[:1].upper() + w[1:]
                    for i, w in enumerate(text.split()))


BAND_CHOICE = re.compile(r"<([^<>]*)>")
OLDER = re.compile(r"\[\+\+([^\[\]]*)\]")
MIDDLE = re.compile(r"\[\+([^\[\]]*)\]")


def _render(line: str, words: dict[str, str], level: int) -> str:
    line = OLDER.sub(lambda m: m.group(1) if level >= 2 else "", line)
    line = MIDDLE.sub(lambda m: m.group(1) if level >= 1 else "", line)
    line = BAND_CHOICE.sub(lambda m: m.group(1).split("|")[min(level, m.group(1).count("|"))],
                           line)
    text = line.format(**words).strip()
    text = re.sub(r"\s+([,.!?])", r"\1", re.sub(r"\s+", " ", text))
    text = re.sub(r'\." (said|asked)', r'," \1', text)
    return text[:1].upper() + text[1:] if text else text


def _scene(beats: list[str], lines: list[str], words: dict[str, str], story: Theme,
           index: int, total: int) -> str:
    beat = beats[-1]
    if beat in SCENES:
        what = SCENES[beat].format(**words)
    else:  # an attempt: what the protagonist tries is the picture
        what = re.sub(r"^(?:First|Next|Then|After that|So|Later|Once more|Again),? ", "",
                      lines[0]).rstrip(".!")
    time = story.time
    if time == "day":
        time = "morning" if index == 0 else "evening" if index == total - 1 else "day"
    return (f"{what}, {story.setting.place} ({story.setting.key}), in the {time}. "
            f"Around: {words['sight1']}, {words['sight2']}. The story is about "
            f"{story.phrase}.")


def _fit(texts: list[list[str]], cores: list[int], age_band: str, names: set[str]
         ) -> list[list[str]]:
    """Split long sentences while the book reads too hard, join short ones while too easy."""
    band = BANDS[age_band]
    for _ in range(80):
        grade = reading_grade(" ".join(" ".join(lines) for lines in texts))
        if grade is None:
            break
        if grade > band.grade_max - 0.3:
            if not _split_longest(texts):
                break
        elif band.grade_min is not None and grade < band.grade_min + 0.3:
            if not _join_shortest(texts, cores, names):
                break
        else:
            break
    return texts


def _split_longest(texts: list[list[str]]) -> bool:
    candidates = sorted(((len(s.split()), p, i) for p, lines in enumerate(texts)
                         for i, s in enumerate(lines)), reverse=True)
    for length, p, i in candidates:
        sentence = texts[p][i]
        match = re.search(r", (?:and|but|so|where) |, ", sentence)
        if length < 6 or not match or '"' in sentence:
            continue
        first = sentence[:match.start()] + "."
        second = sentence[match.end():]
        texts[p][i:i + 1] = [first, second[:1].upper() + second[1:]]
        return True
    return False


JOINS = {"But": ", but", "Then": ", and then", "So": ", so"}


def _join_shortest(texts: list[list[str]], cores: list[int], names: set[str]) -> bool:
    # Sentences of the plot beat are joined first (they belong together), then the details.
    pairs = sorted((i + 1 >= cores[p], len(a.split()) + len(b.split()), p, i)
                   for p, lines in enumerate(texts)
                   for i, (a, b) in enumerate(itertools.pairwise(lines))
                   if a.endswith(".") and b.endswith(".") and '"' not in a + b
                   and not b.startswith("Oh"))
    if not pairs:
        return False
    _, _, p, i = pairs[0]
    a, b = texts[p][i], texts[p][i + 1]
    first, _, rest = b.partition(" ")
    if first in JOINS:
        joined = f"{a[:-1]}{JOINS[first]} {rest}"
    else:
        joined = f"{a[:-1]}, and {b if first in names else b[:1].lower() + b[1:]}"
    texts[p][i:i + 2] = [joined]
    cores[p] = max(0, cores[p] - 1) if i < cores[p] else cores[p]
    return True
