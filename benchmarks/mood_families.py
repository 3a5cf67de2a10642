"""How much range the music of a photo set has: mood families and their tempi.

Captions the labelled photographs plus variants of each (darker, lighter, desaturated,
warmer), and prints, per music family, how many pictures landed there and the tempo range
they got; then the number of distinct families.

    python benchmarks/mood_families.py [--no-variants]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from PIL import Image, ImageEnhance

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from benchmarks.photo_set import labelled_photos  # noqa: E402
from captioning.backends.offline import OfflineCaptioner  # noqa: E402
from music.composer.prompts import MusicPrompt  # noqa: E402


def _warmer(image: Image.Image) -> Image.Image:
    pixels = np.asarray(image, dtype=np.float64) * np.array([1.12, 1.0, 0.82])
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


VARIANTS = {
    "darker": lambda im: ImageEnhance.Brightness(im).enhance(0.55),
    "lighter": lambda im: ImageEnhance.Brightness(im).enhance(1.35),
    "grey": lambda im: ImageEnhance.Color(im).enhance(0.0),
    "vivid": lambda im: ImageEnhance.Color(im).enhance(1.8),
    "warmer": _warmer,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-variants", action="store_true", help="the photographs alone")
    args = parser.parse_args()
    captioner = OfflineCaptioner()
    families: dict[str, list[tuple[str, int]]] = defaultdict(list)
    count = 0
    for name, image, _ in labelled_photos():
        versions = {name: image}
        if not args.no_variants:
            versions |= {f"{name} ({label})": make(image) for label, make in VARIANTS.items()}
        for label, version in versions.items():
            prompt = MusicPrompt.parse(captioner.caption(version).music_prompt)
            families[prompt.genre].append((label, prompt.tempo_bpm))
            count += 1
    print(f"{count} pictures, {len(families)} music families")
    print(f"{'family':22}{'pictures':>9}{'tempo (BPM)':>14}  example")
    for genre, members in sorted(families.items(), key=lambda item: min(t for _, t in item[1])):
        tempi = [tempo for _, tempo in members]
        print(f"{genre:22}{len(members):9}{min(tempi):>8}–{max(tempi):<5}  {members[0][0]}")


if __name__ == "__main__":
    main()
