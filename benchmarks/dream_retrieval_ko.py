"""Korean symbol retrieval: Kiwi's cost, and quality on a labelled set of Korean dreams.

The sets are written the way people type dreams in Korean: particles and verb endings on every
word, honorifics (돌아가셨어요, 주무시고), past tense, negation, colloquial spelling (쫒기는,
꿨음, ㅋㅋ). Each dream is labelled with its main symbols by their English names, the
dictionary's stable keys. The tuning set (labelled_dreams_ko.json, 38 dreams) is the one the
Korean aliases were corrected against; the held-out set (heldout_dreams_ko.json) was written
after the dictionary was frozen, and is the fairer figure.

Prints what loading Kiwi costs (wall time and resident memory, in a fresh process), how long
the Korean index takes to build from the shipped dictionary, query time, and the same quality
figures as benchmarks/dream_retrieval.py: P@k and recall@k of the ranked search, precision
and recall of the reading (every symbol a dream is read with, as dreams.dream_jobs stores).

    python benchmarks/dream_retrieval_ko.py [--runs 20] [--show]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.text.korean import kiwi  # noqa: E402
from dreams.retrieval import Entry, SymbolIndex  # noqa: E402

FIXTURE = ROOT / "dreams" / "fixtures" / "initial_symbols.json"
DATA = ROOT / "tests" / "dreams" / "data"
SETS = (("tuning set", DATA / "labelled_dreams_ko.json"),
        ("held-out set", DATA / "heldout_dreams_ko.json"))


def korean_entries() -> tuple[list[Entry], dict[int, str]]:
    rows = [row for row in json.loads(FIXTURE.read_text(encoding="utf-8"))
            if row["model"] == "dreams.symbol" and row["fields"].get("name_ko")]
    entries = [Entry(id=row["pk"], name=row["fields"]["name_ko"],
                     aliases=tuple(a.strip() for a in row["fields"]["aliases_ko"].split(",")
                                   if a.strip()),
                     text=row["fields"]["text_ko"], category=row["fields"]["category"])
               for row in rows]
    return entries, {row["pk"]: row["fields"]["name"] for row in rows}


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def quality(index: SymbolIndex, english: dict[int, str], dreams: list[dict],
            show: bool) -> dict[str, float]:
    figures: dict[str, float] = defaultdict(float)
    for dream in dreams:
        expected = set(dream["symbols"])
        ranked = [english[m.id] for m in index.search(dream["text"], limit=5)]
        for k in (3, 5):
            figures[f"P@{k}"] += len(set(ranked[:k]) & expected) / k
            figures[f"recall@{k}"] += len(set(ranked[:k]) & expected) / len(expected)
        read = {english[m.id] for m in index.read(dream["text"])}
        figures["read precision"] += len(read & expected) / len(read) if read else 0.0
        figures["read recall"] += len(read & expected) / len(expected)
        if show and read != expected:
            print(f"  {dream['text']}\n    missed {sorted(expected - read)}, "
                  f"extra {sorted(read - expected)}")
    return {key: value / len(dreams) for key, value in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--show", action="store_true", help="print each dream read wrongly")
    args = parser.parse_args()
    before = rss_mb()
    started = time.perf_counter()
    kiwi().tokenize("꿈을 꿨어요")
    load = time.perf_counter() - started
    print(f"Kiwi: loaded and first sentence analysed in {load:.2f} s; peak resident memory "
          f"{before:.0f} → {rss_mb():.0f} MB (+{rss_mb() - before:.0f} MB)")
    entries, english = korean_entries()
    started = time.perf_counter()
    index = SymbolIndex(entries, language="ko")
    print(f"index: {len(index)} Korean symbols, built in "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")
    sets = [(label, json.loads(path.read_text(encoding="utf-8"))) for label, path in SETS]
    dreams = [dream for _, labelled in sets for dream in labelled]
    timings = []
    for _ in range(args.runs):
        for dream in dreams:
            started = time.perf_counter()
            index.read(dream["text"])
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    print(f"query ({len(timings)} readings): p50 {statistics.median(timings):.2f} ms, "
          f"p95 {timings[int(len(timings) * 0.95) - 1]:.2f} ms")
    for label, labelled in sets:
        f = quality(index, english, labelled, args.show)
        print(f"{label} ({len(labelled)} dreams): P@3 {f['P@3']:.3f}, P@5 {f['P@5']:.3f}, "
              f"recall@3 {f['recall@3']:.3f}, recall@5 {f['recall@5']:.3f}; reading: "
              f"precision {f['read precision']:.3f}, recall {f['read recall']:.3f}")


if __name__ == "__main__":
    main()
