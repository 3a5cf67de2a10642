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
from stories.backends.grammar import article, plural
from stories.backends.plots import (
    ATTEMPT_OPENERS,
    FAILS,
    HELPER,
    PLOTS,
    SETUP,
    SETUP_MORE,
)
from stories.backends.plots_more import MORE_PLOTS, WEATHER_DETAILS
from stories.backends.scenes import page_scene
from stories.backends.themes import Theme, theme_read
from stories.reading import BANDS, reading_grade

BAND_LEVEL = {"3-5": 0, "6-8": 1, "9-12": 2}
DETAILS = [
    "<A bird sang.|A bird sang a happy tune.|Somewhere above, a bird sang a cheerful, "
    "curious tune.>",
    "The wind <blew|whispered|whispered softly through the {sight2}>.",
    "{name}'s {clothing_short} <was bright|looked bright and new|looked brighter than "
    "ever>[++ against the {sight3}].",
    "<It was quiet.|Everything was quiet.|For a moment, everything was perfectly quiet.>",
    "<{name} had a snack.|{name} stopped for a snack.|{name} stopped for a quick snack "
    "and a think.>",
    "<The {sight2} were still.|The {sight2} seemed to listen.|Even the {sight2} seemed to "
    "be listening carefully.>",
    "<{He} gave a big yawn.|{He} stretched and gave a big yawn.|{He} stretched, yawned, "
    "and wondered what would happen next.>",
    "<{name} waved at the {sight1}.|{name} smiled at the {sight1}.|{name} smiled at the "
    "{sight1}, feeling a little braver.>",
]
TITLES = {
    "mystery": ["{Name} and the Missing {Thing}", "The Mystery of the {Thing}"],
    "making": ["{Name} Makes {Thing_a}", "{Name} and the Best {Thing}"],
    "dayout": ["{Name}'s Day Out", "{Name} Goes to {Outing}"],
    "lost": ["{Name} and the Lost {Thing}", "Where Is the {Thing}?"],
    "fear": ["{Name} and {Thing}", "Brave Little {Name}"],
    "friendship": ["{Name} Says Hello", "{Name} and the {Thing}"],
    "new": ["{Name} Tries the {Thing}", "{Name} Learns Something New"],
    "kindness": ["{Name}'s Kind Heart", "A Gift from {Name}"],
    "growing": ["{Name} Waits for the {Thing}", "Slowly, Slowly, {Name}"],
    "different": ["Just {Name}", "{Name} the Different {Kind}"],
    "adventure": ["{Name} and the {Thing}", "{Name}'s Big Adventure"],
    "quest": ["{Name} and the Lost {Thing}", "Where Is the {Thing}?"],
}
# When the details run out, the place itself fills the page: every sight with every
# doing makes a sentence of its own, so none need be said twice.
SIGHT_DOINGS = [
    "<The {sight} were near.|The {sight} were close by.|The {sight} were close by, as "
    "always.>",
    "<{name} passed the {sight}.|{name} walked past the {sight}.|{name} walked slowly past "
    "the {sight}, thinking hard.>",
    "<{name} saw the {sight}.|{name} counted the {sight}.|{name} counted the {sight} one "
    "by one, to stay calm.>",
    "<The {sight} looked new.|The {sight} looked new today.|Somehow the {sight} looked "
    "new today, as if seen for the first time.>",
    "<{He} liked the {sight}.|{He} liked the {sight} best.|Of everything there, {he} "
    "liked the {sight} best of all.>",
    "<The {sight} were pretty.|The {sight} were pretty today.|The {sight} were prettier "
    "than {name} remembered.>",
    "<{name} drew the {sight}.|{name} made a drawing of the {sight}.|{name} sketched the "
    "{sight} in a little notebook.>",
    "<{He} named the {sight}.|{He} gave names to the {sight}.|{He} gave each of the "
    "{sight} a funny name.>",
]
OBJECT_LINES = [
    "<{name} thought about {objs}.|{name} kept thinking about {objs}.|All day, {name} "
    "kept thinking about {objs}.>",
    "<{name} had {obj} too.|{name} had brought {obj} along.|{name} had brought {obj} "
    "along, just in case.>",
]
PLOT_OF_SHAPE = {"quest": "lost", "fear": "fear", "friendship": "friendship",
                 "making": "making", "dayout": "dayout", "mystery": "mystery"}
FEARS = {"dark": "the dark", "thunder": "the thunder", "storm": "the storm",
         "monster": "the monster under the bed", "water": "deep water"}


def seed_of(*parts: object) -> int:
    text = "\x1f".join(str(part).strip().lower() for part in parts)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def book_write(*, protagonist: str, theme: str, age_band: str, pages: int, style: str,
               seed: int = 0) -> Book:
    rng = random.Random(seed_of(protagonist, theme, age_band, pages, style, seed))
    hero = character_for(protagonist, rng=rng)
    story = theme_read(theme, protagonist_kind=hero.kind, seed=rng.randrange(2**32))
    words = _vocabulary(hero, story, rng)
    level = BAND_LEVEL[age_band]
    beats = story_beats(pages, rng)
    plot_key = plot_key_of(story)
    plot = {**PLOTS, **MORE_PLOTS}[plot_key]
    tries = rng.sample(plot["tries"], k=len(plot["tries"]))
    fails = rng.sample(FAILS, k=len(FAILS))
    openers = iter(ATTEMPT_OPENERS)
    # The theme's weather speaks first, so the rain or snow is in the book from page one.
    weather = rng.sample(WEATHER_DETAILS.get(story.weather, []), k=len(
        WEATHER_DETAILS.get(story.weather, [])))
    night = WEATHER_DETAILS["night"] if story.time == "night" else []
    # The theme's own things and feeling are said early, so none is left out of the book.
    named = [_render(line, words, level) for line in _theme_lines(story, rng)]
    fillers = [line.replace("{sight}", sight) for line in SIGHT_DOINGS
               for sight in story.setting.sights]
    pool = [*rng.sample(fillers, k=len(fillers)), *rng.sample(DETAILS, k=len(DETAILS)),
            *night, *weather, *named[::-1]]
    seen: set[str] = set()
    cores: list[int] = []
    texts: list[list[str]] = []
    for page_beats in beats:
        lines: list[str] = []
        for beat in page_beats:
            lines += _beat_lines(beat, plot, tries, fails, openers, rng)
        rendered = _fresh([_render(line, words, level) for line in lines], seen)
        cores.append(len(rendered))
        if pool and (story.weather != "clear" or story.time == "night" or named):
            rendered += _fresh([_render(pool.pop(), words, level)], seen)
        # Quiet details of the place fill a page up to the words its readers expect.
        want = BANDS[age_band].words_per_page[0] + 6
        while pool and sum(len(line.split()) for line in rendered) < want:
            rendered += _fresh([_render(pool.pop(), words, level)], seen)
        texts.append(rendered)
    texts = _fit(texts, cores, age_band, {hero.name, words["helper_name"], "I"})
    sheet = hero.sheet
    title = _render(rng.choice(TITLES[plot_key]), words, level)
    return Book(
        title=title, character_sheet=sheet,
        pages=[BookPage(" ".join(lines), illustration_prompt(
            character_sheet=sheet, style=style, scene=page_scene(
                beats=page_beats, text=" ".join(lines), words=words, story=story,
                index=index, total=len(beats))))
            for index, (lines, page_beats) in enumerate(zip(texts, beats, strict=True))],
    )


def _fresh(lines: list[str], seen: set[str]) -> list[str]:
    # No sentence twice in one book: the lesson is the only refrain, and it is said once.
    kept = [line for line in lines if line and line not in seen]
    seen.update(kept)
    return kept


def _theme_lines(story: Theme, rng: random.Random) -> list[str]:
    lines = [f"{{name}} often felt {story.feeling}[+, and that was all right]."
             ] if story.feeling else []
    for thing in story.objects:
        if thing in {"puddles", "umbrella", "raindrops", "snowflakes", "snowman", "sled",
                     "kite", "leaves", "clouds", "lightning", "mist", "lantern"}:
            continue  # the weather's own details name these
        lines.append(rng.choice(OBJECT_LINES).replace("{obj}", article(thing))
                     .replace("{objs}", plural(thing)))
    return lines


def plot_key_of(story: Theme) -> str:
    lemmas = set(re.findall(r"[a-z]+", story.phrase.lower()))
    if story.shape == "making" and lemmas & {"learn", "learning", "ride", "riding", "try"}:
        return "new"
    if story.shape == "making" and lemmas & {"grow", "growing", "plant", "seed", "wait"}:
        return "growing"
    if lemmas & {"help", "helping", "sick", "kind", "kindness"}:
        return "kindness"
    if lemmas & {"different", "special", "unique"}:
        return "different"
    return PLOT_OF_SHAPE[story.shape]


def story_beats(pages: int, rng: random.Random) -> list[list[str]]:
    if pages == 4:
        return [["setup"], ["problem"], ["helper", "turning"], ["resolution", "lesson"]]
    if pages == 5:
        return [["setup"], ["problem"], ["helper"], ["turning"], ["resolution", "lesson"]]
    if pages == 6:
        return [["setup"], ["problem"], ["attempt"], ["helper"], ["turning"],
                ["resolution", "lesson"]]
    more = pages >= 9
    attempts = pages - 6 - int(more)
    middle = [["attempt"]] * attempts
    # Some books meet the helper early and try things together; others only after the tries.
    if attempts >= 2 and rng.random() < 0.5:
        middle = [["helper"], *middle]
        tail = [["turning"]]
    else:
        tail = [["helper"], ["turning"]]
        middle = [*middle]
    return [["setup"], *([["setup_more"]] if more else []), ["problem"], *middle, *tail,
            ["resolution"], ["lesson"]]


def _beat_lines(beat: str, plot: dict, tries: list[str], fails: list[str], openers,
                rng: random.Random) -> list[str]:
    if beat == "setup":
        return list(rng.choice(SETUP))
    if beat == "setup_more":
        return [line for line in rng.choice(SETUP_MORE) if line]
    if beat == "helper":
        return list(rng.choice(HELPER))
    if beat == "attempt":
        attempt = tries.pop() if tries else rng.choice(plot["tries"])
        fail = fails.pop() if fails else "[+ {name} did not give up.]"
        return [attempt.replace("{opener}", next(openers, "Again,")), fail]
    if beat == "lesson":
        return ["{name} <smiled|smiled and thought|smiled and thought about the day>.",
                *plot["lesson"]]
    return list(rng.choice(plot[beat]))


def _vocabulary(hero: Character, story: Theme, rng: random.Random) -> dict[str, str]:
    sights = rng.sample(story.setting.sights, k=3)
    helper = rng.choice(story.setting.helpers)
    he = hero.pronoun
    kind = hero.kind
    lemmas = set(re.findall(r"[a-z]+", story.phrase.lower()))
    fear_of = next((v for k, v in FEARS.items() if k in lemmas), f"the {story.thing}")
    outing = (f"the {story.thing}" if story.thing in {"moon", "zoo", "fair", "sea", "beach",
                                                       "castle", "museum", "park"}
              else f"the best spot for {article(story.thing)}")
    return {
        "name": hero.name, "kind": kind, "kind_a": article(kind),
        "he": he, "He": he.capitalize(), "his": hero.her, "His": hero.her.capitalize(),
        "him": hero.them, "himself": "herself" if he == "she" else "himself",
        "place": story.setting.place, "place_cap": story.setting.place.capitalize(),
        "sight1": sights[0], "sight2": sights[1], "sight3": sights[2],
        "helper": helper, "helper_name": helper.split()[-1], "thing": story.thing,
        "thing_a": article(story.thing), "fear_of": fear_of, "outing": outing,
        "colour": hero.colours[0], "clothing": hero.clothing,
        "clothing_short": hero.clothing.split(" with ")[0].removeprefix("a ")
        .removeprefix("an ").removeprefix("two "),
        "light": "moon" if story.time == "night" else "sun", "sky": story.sky,
        "Name": hero.name, "Thing": _title(story.thing, start=False),
        "Thing_a": _title(article(story.thing), start=False), "Outing": _title(outing),
        "Kind": _title(kind.split()[-1]),
    }


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
