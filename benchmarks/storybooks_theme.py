"""Do offline storybooks carry their theme, read cleanly, and differ by seed?

Over 32 themes (weather, places, feelings, making, mysteries, friendship), each with the motifs
a reader should meet (hand-written here, not taken from the engine), it writes a book per theme
and paints its pages, then prints:

- the share of books whose text carries every motif, whose pictures do (the painter's list of
  what it drew), and both;
- the broken sentences the proofreader finds (stories.backends.proofread);
- the share of repeated sentences, and the books repeating more than 10 %;
- how many themes give two clearly different books for two seeds.

    python benchmarks/storybooks_theme.py [--pages 8]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from stories.backends.grammar import lemma  # noqa: E402
from stories.backends.painter import paint_scene  # noqa: E402
from stories.backends.plot_engine import book_write  # noqa: E402
from stories.backends.proofread import book_problems, repeated_share, sentences  # noqa: E402

# theme: motifs, each a set of words any of which carries it
THEMES: dict[str, list[set[str]]] = {
    "a rainy day": [{"rain", "raindrop"}, {"umbrella", "puddle"}],
    "a snowy night and a missing star": [{"snow", "snowflake", "snowman"}, {"star"}],
    "a windy day and a red kite": [{"kite"}, {"wind", "leaf"}],
    "a stormy night": [{"storm", "thunder", "lightning", "clouds", "cloud"}],
    "a foggy morning by the sea": [{"fog", "mist", "lantern"}, {"sea", "wave", "shell"}],
    "splashing in puddles": [{"puddle"}],
    "building a snowman": [{"snowman"}, {"snow", "snowflake"}],
    "a lost balloon at the beach": [{"balloon"}, {"sea", "shell", "wave"}],
    "a picnic in the forest": [{"picnic"}, {"tree", "fern", "mushroom", "forest"}],
    "a trip to the moon": [{"moon"}],
    "a day at the farm": [{"farm", "hen", "pig", "haystack"}],
    "a visit to the castle": [{"castle", "tower", "knight", "flag"}],
    "a walk in the mountains": [{"mountain", "rock", "goat"}],
    "being afraid of the dark": [{"dark"}],
    "feeling shy on the first day of school": [{"shy"}, {"school", "desk", "crayon"}],
    "a lonely dragon who wants a friend": [{"friend"}],
    "feeling different": [{"different"}],
    "being brave at the doctor": [{"doctor", "brave"}],
    "making friends": [{"friend", "hello"}],
    "sharing toys with a new friend": [{"friend"}, {"toy", "share"}],
    "a friend who moves away": [{"friend"}],
    "baking a cake for grandma": [{"cake"}],
    "building a treehouse": [{"treehouse"}],
    "painting a picture for mum": [{"picture"}],
    "growing a sunflower": [{"sunflower"}],
    "learning to ride a bike": [{"bike"}],
    "making a paper boat": [{"boat"}],
    "the mystery of the missing cookies": [{"cookie"}, {"mystery", "clue"}],
    "a secret door in the garden": [{"door"}, {"garden", "flower", "bee", "snail"}],
    "who took the golden key": [{"key"}],
    "a strange sound in the night": [{"sound"}, {"moon", "star", "night"}],
    "helping a sick friend": [{"friend"}],
}
HEROES = ["frog", "robot", "cat", "girl", "dragon", "rabbit", "boy", "princess"]
BANDS = ["3-5", "6-8", "9-12"]


def _carries(motif: set[str], lemmas: set[str]) -> bool:
    return bool({lemma(m) for m in motif} & lemmas)


def _lemmas(text: str) -> set[str]:
    return {lemma(w) for w in re.findall(r"[a-z]+", text.lower())}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=8)
    pages = parser.parse_args().pages
    in_text = in_pictures = both = 0
    problems: list[tuple[str, str, str]] = []
    shares: list[float] = []
    distinct = 0
    for index, (theme, motifs) in enumerate(THEMES.items()):
        ask = dict(protagonist=HEROES[index % len(HEROES)], theme=theme,
                   age_band=BANDS[index % 3], pages=pages, style="storybook")
        book = book_write(**ask, seed=1)
        drawn: list[str] = []
        for number, page in enumerate(book.pages):
            drawn += paint_scene(page.illustration_prompt, seed=number, size=(192, 128))[1]
        text_ok = all(_carries(m, _lemmas(book.text)) for m in motifs)
        picture_ok = all(_carries(m, _lemmas(" ".join(drawn))) for m in motifs)
        in_text += text_ok
        in_pictures += picture_ok
        both += text_ok and picture_ok
        if not (text_ok and picture_ok):
            print(f"  misses: {theme!r} text={text_ok} pictures={picture_ok}")
        problems += [(theme, s, p) for s, p in book_problems(f"{book.title}. {book.text}")]
        shares.append(repeated_share(book.text))
        other = book_write(**ask, seed=2)
        a, b = set(sentences(book.text)), set(sentences(other.text))
        distinct += len(a & b) / len(a | b) < 0.5
    n = len(THEMES)
    for theme, sentence, problem in problems[:10]:
        print(f"  broken: {theme!r}: {sentence!r} ({problem})")
    print(f"themes: {n}, {pages} pages a book, bands and heroes in turn")
    print(f"theme motifs in the text:     {in_text}/{n} = {in_text / n:.0%}")
    print(f"theme motifs in the pictures: {in_pictures}/{n} = {in_pictures / n:.0%}")
    print(f"theme motifs in both:         {both}/{n} = {both / n:.0%}")
    print(f"broken sentences:             {len(problems)}")
    print(f"repeated sentences:           {sum(shares) / n:.1%} on average, "
          f"{sum(s > 0.10 for s in shares)} books over 10%")
    print(f"distinct books for 2 seeds:   {distinct}/{n} (sentence overlap under 50%)")


if __name__ == "__main__":
    main()
