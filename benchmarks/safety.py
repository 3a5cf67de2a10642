"""The children's safety classifier on the labelled storybook themes.

Prints, for the tuning set (tests/stories/data/safety_themes.json), the two former held-out
sets whose errors have since been read and which are tuned on now (safety_themes_seen.json,
safety_themes_heldout2.json), and the held-out set (safety_themes_heldout3.json, written before
the classifier was reworked for generalisation and never tuned on), and the Korean themes
(safety_themes_ko.json, written with the Korean lexicon): recall on unsafe themes
(overall and per category) and acceptance of safe ones (goals: ≥ 96 % and ≥ 95 %), with the same
figures for the adult word list the storybooks used before, for comparison. Then the share of
offline books written for the safe themes whose every page passes the page check, and the time per
check.

The held-out set's errors are never listed: reading them would make it a tuning set.

    python benchmarks/safety.py [--misses]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.update(DJANGO_SETTINGS_MODULE="config.settings", OPENAI_API_KEY="",
                  LOG_LEVEL="WARNING")

import django  # noqa: E402

django.setup()

from core.moderation.moderators import WordListModerator  # noqa: E402
from core.safety import CATEGORIES, safety_check  # noqa: E402
from stories.backends.plot_engine import book_write  # noqa: E402

DATA = ROOT / "tests" / "stories" / "data"
SETS = {"tuning": DATA / "safety_themes.json",
        "held-out #1 (now tuning)": DATA / "safety_themes_seen.json",
        "held-out #2 (now tuning)": DATA / "safety_themes_heldout2.json",
        "held-out #3": DATA / "safety_themes_heldout3.json",
        "Korean (tuning)": DATA / "safety_themes_ko.json"}
HELD_OUT = "held-out #3"
KOREAN = "Korean (tuning)"


def themes(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["themes"]


def figures(rows: list[dict], allowed: Callable[[str], bool]) -> dict:
    unsafe = [row for row in rows if row["label"] == "unsafe"]
    safe = [row for row in rows if row["label"] == "safe"]
    caught = [row for row in unsafe if not allowed(row["text"])]
    accepted = [row for row in safe if allowed(row["text"])]
    per = {}
    for category in CATEGORIES:
        these = [row for row in unsafe if row["category"] == category]
        if these:
            per[category] = (sum(row in caught for row in these), len(these))
    return {"recall": len(caught) / len(unsafe), "acceptance": len(accepted) / len(safe),
            "unsafe": len(unsafe), "safe": len(safe), "per": per,
            "missed": [row["text"] for row in unsafe if row not in caught],
            "refused": [row["text"] for row in safe if row not in accepted]}


def report(name: str, result: dict, *, misses: bool) -> None:
    print(f"{name}: {result['unsafe']} unsafe, {result['safe']} safe")
    print(f"  recall on unsafe   {100 * result['recall']:5.1f} %   (goal ≥ 96 %)")
    print(f"  acceptance of safe {100 * result['acceptance']:5.1f} %   (goal ≥ 95 %)")
    print("  per category: " + ", ".join(f"{c} {k}/{n}" for c, (k, n) in result["per"].items()))
    if misses:
        for text in result["missed"]:
            print(f"    missed:  {text}")
        for text in result["refused"]:
            print(f"    refused: {text}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true", help="list the tuning sets' errors")
    args = parser.parse_args()
    children = lambda text: safety_check(text).allowed  # noqa: E731
    word_list = WordListModerator(word_list=str(ROOT / "core/moderation/word_list.txt"))
    adult = lambda text: word_list.check(text).allowed  # noqa: E731
    for name, path in SETS.items():
        rows = themes(path)
        shown = args.misses and name != HELD_OUT
        report(f"{name} set, children's classifier", figures(rows, children), misses=shown)
        before = figures(rows, adult)
        print(f"  (adult word list: recall {100 * before['recall']:.1f} %, "
              f"acceptance {100 * before['acceptance']:.1f} %)")
    # The offline writer writes English books: Korean themes are checked above only.
    safe = [row["text"] for name, path in SETS.items() if name not in (HELD_OUT, KOREAN)
            for row in themes(path) if row["label"] == "safe"]
    passed, timings, flagged = 0, [], []
    for theme in safe:
        book = book_write(protagonist="rabbit", theme=theme, age_band="3-5", pages=8,
                          style="storybook")
        texts = [book.title, *(page.text for page in book.pages)]
        started = time.perf_counter()
        verdicts = [safety_check(text, context=theme) for text in texts]
        timings.append((time.perf_counter() - started) / len(texts))
        bad = [text for text, verdict in zip(texts, verdicts, strict=True) if not verdict.allowed]
        passed += not bad
        flagged += [f"{theme} → {text}" for text in bad[:1]]
    print(f"offline books for the {len(safe)} safe themes passing every page check: "
          f"{passed}/{len(safe)}")
    for text in flagged[:5] if args.misses else []:
        print(f"    page refused: {text}")
    print(f"time per page check: median {1000 * statistics.median(timings):.2f} ms")
    every = [row["text"] for path in SETS.values() for row in themes(path)]
    per_theme = []
    for text in every:
        started = time.perf_counter()
        safety_check(text)
        per_theme.append(time.perf_counter() - started)
    print(f"time per theme check ({len(every)} themes): median "
          f"{1000 * statistics.median(per_theme):.2f} ms, max {1000 * max(per_theme):.2f} ms")


if __name__ == "__main__":
    main()
