"""How often the offline captioner names what is really in a photograph.

For each element (sky, sunset, water, foliage, snow, night, person, text), over the labelled
photographs: how many it claimed, how many of those were right (precision), and how many of
the photographs that show it it named (recall).

    python benchmarks/caption_elements.py [--verbose]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.photo_set import labelled_photos
from captioning.analysis import analyse
from captioning.scene import ELEMENTS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--verbose", action="store_true", help="print every photograph")
    args = parser.parse_args()
    counts = {name: [0, 0, 0] for name in ELEMENTS}  # true positives, claims, present
    photos = 0
    for name, image, truth in labelled_photos():
        seen = set(analyse(image).seen)
        photos += 1
        for element in ELEMENTS:
            counts[element][0] += element in seen and element in truth
            counts[element][1] += element in seen
            counts[element][2] += element in truth
        if args.verbose:
            print(f"{name:24} said {sorted(seen)!s:32} truth {sorted(truth)}")
    print(f"{photos} labelled photographs")
    print(f"{'element':10}{'present':>8}{'claimed':>8}{'right':>7}{'precision':>11}{'recall':>8}")
    totals = [0, 0, 0]
    for element, (right, claimed, present) in counts.items():
        totals = [t + c for t, c in zip(totals, (right, claimed, present), strict=True)]
        print(f"{element:10}{present:8}{claimed:8}{right:7}{_ratio(right, claimed):>11}"
              f"{_ratio(right, present):>8}")
    print(f"{'all':10}{totals[2]:8}{totals[1]:8}{totals[0]:7}{_ratio(totals[0], totals[1]):>11}"
          f"{_ratio(totals[0], totals[2]):>8}")


def _ratio(part: int, whole: int) -> str:
    return "—" if whole == 0 else f"{part / whole:.2f}"


if __name__ == "__main__":
    main()
