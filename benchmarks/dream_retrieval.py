"""Symbol retrieval: query time over 1,000 symbols, and quality on the labelled dreams.

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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dreams.retrieval import Entry, SymbolIndex  # noqa: E402

FIXTURE = ROOT / "dreams" / "fixtures" / "initial_symbols.json"
LABELLED = ROOT / "tests" / "dreams" / "data" / "labelled_dreams.json"
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


def quality(index: SymbolIndex, dreams: list[dict]) -> tuple[float, float]:
    recall = precision = 0.0
    for dream in dreams:
        expected = set(dream["symbols"])
        found = [m.name for m in index.search(dream["text"], limit=5)]
        recall += len(set(found[:5]) & expected) / len(expected)
        precision += len(set(found[:3]) & expected) / 3
    return recall / len(dreams), precision / len(dreams)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--symbols", type=int, default=1000)
    args = parser.parse_args()
    dreams = json.loads(LABELLED.read_text(encoding="utf-8"))
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
    for label, entries in (("real dictionary", real), (f"{len(index)} symbols", None)):
        recall, precision = quality(SymbolIndex(entries) if entries else index, dreams)
        print(f"labelled set ({len(dreams)} dreams), {label}: recall@5 {recall:.3f}, "
              f"precision@3 {precision:.3f}")


if __name__ == "__main__":
    main()
