"""Symbol retrieval: query time over 1,000 symbols, and quality on two labelled sets.

The tuning set (tests/dreams/data/labelled_dreams.json) labels the main symbols of each dream.
The senses set (senses_dreams.json, kept apart from any tuning) labels each dream's symbols
and, under "absent", the symbols its idioms and other senses must not bring in ("my phone
battery was dead": not Death). For each set it prints P@k and recall@k of the ranked search,
precision and recall of the reading (every symbol a dream is read with), and how many
"absent" symbols the reading found.

Builds the index from the shipped dictionary (dreams/fixtures/initial_symbols.json) plus
synthetic entries up to 1,000 (made-up motif names and aliases, with texts borrowed from the
real entries so the text field has realistic length and vocabulary), then times every
labelled dream as a query. Quality is measured on the real dictionary and again on the padded
one (the synthetic entries must not push real answers out).

    python benchmarks/dream_retrieval.py [--runs 20] [--symbols 1000]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dreams.retrieval import Entry, SymbolIndex  # noqa: E402

FIXTURE = ROOT / "dreams" / "fixtures" / "initial_symbols.json"
DATA = ROOT / "tests" / "dreams" / "data"
SETS = (("tuning set", DATA / "labelled_dreams.json"), ("senses set", DATA / "senses_dreams.json"))
SYLLABLES = ("mor", "vel", "tan", "quis", "lo", "bran", "dre", "sil", "ka", "thu", "nim", "per")


def real_entries() -> list[Entry]:
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return [Entry(id=row["pk"], name=row["fields"]["name"],
                  aliases=tuple(a.strip() for a in row["fields"]["aliases"].split(",")
                                if a.strip()),
                  text=row["fields"]["text"], category=row["fields"]["category"])
            for row in rows if row["model"] == "dreams.symbol"]


def padded(entries: list[Entry], total: int) -> list[Entry]:
    rng = random.Random(7)

    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))

    extra = []
    for n in range(total - len(entries)):
        source = rng.choice(entries)
        aliases = [word() for _ in range(rng.randint(2, 7))]
        aliases.append(f"{word()} {word()}")
        extra.append(Entry(id=100_000 + n, name=f"{word()} {word()}", aliases=tuple(aliases),
                           text=source.text, category="object"))
    return entries + extra


def reading(index: SymbolIndex, text: str) -> list[str]:
    """The symbols a dream is read with (what dreams.dream_jobs stores)."""
    return [m.name for m in index.read(text)]


def quality(index: SymbolIndex, dreams: list[dict]) -> dict[str, float]:
    figures: dict[str, float] = defaultdict(float)
    for dream in dreams:
        expected, absent = set(dream["symbols"]), set(dream.get("absent", ()))
        ranked = [m.name for m in index.search(dream["text"], limit=5)]
        for k in (3, 5):
            figures[f"P@{k}"] += len(set(ranked[:k]) & expected) / k
            figures[f"recall@{k}"] += len(set(ranked[:k]) & expected) / len(expected)
        read = set(reading(index, dream["text"]))
        figures["read precision"] += len(read & expected) / len(read) if read else 0.0
        figures["read recall"] += len(read & expected) / len(expected)
        figures["false positives"] += len(read & absent)
        figures["dreams with one"] += bool(read & absent)
        figures["absent labels"] += len(absent)
    for key in ("P@3", "P@5", "recall@3", "recall@5", "read precision", "read recall"):
        figures[key] /= len(dreams)
    return figures


def report(label: str, count: int, figures: dict[str, float]) -> str:
    return (f"{label} ({count} dreams): P@3 {figures['P@3']:.3f}, P@5 {figures['P@5']:.3f}, "
            f"recall@3 {figures['recall@3']:.3f}, recall@5 {figures['recall@5']:.3f}; "
            f"reading: precision {figures['read precision']:.3f}, "
            f"recall {figures['read recall']:.3f}; idiom/sense false positives "
            f"{figures['false positives']:.0f} of {figures['absent labels']:.0f} "
            f"(in {figures['dreams with one']:.0f} dreams)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--symbols", type=int, default=1000)
    args = parser.parse_args()
    sets = [(label, json.loads(path.read_text(encoding="utf-8"))) for label, path in SETS]
    dreams = [dream for _, labelled in sets for dream in labelled]
    real = real_entries()
    started = time.perf_counter()
    index = SymbolIndex(padded(real, args.symbols))
    build = time.perf_counter() - started
    timings = []
    for _ in range(args.runs):
        for dream in dreams:
            started = time.perf_counter()
            index.search(dream["text"])
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    words = statistics.mean(len(d["text"].split()) for d in dreams)
    print(f"index: {len(index)} symbols ({len(real)} real), built in {build * 1000:.0f} ms")
    print(f"query ({len(timings)} queries, dreams of {words:.0f} words on average): "
          f"p50 {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms, max {timings[-1]:.2f} ms")
    real_index = SymbolIndex(real)
    for name, labelled in sets:
        for label, measured in (("real dictionary", real_index), (f"{len(index)} symbols", index)):
            print(report(f"{name}, {label}", len(labelled), quality(measured, labelled)))


if __name__ == "__main__":
    main()
