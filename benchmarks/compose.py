"""How fast the offline composer renders, and what encoding its audio costs.

For a few prompts (drums-heavy, sparse, ambient, dark) it composes a 30 s track: the first
call in a fresh process (instrument tones not built yet), then the median of several warm
runs, split into score, audio render and MIDI, with × realtime for the render. Then the
WAV, MP3 and OGG encodes of one track, peak memory, and which numpy/BLAS kernel ran.
Everything runs on one core (CPU affinity and BLAS threads pinned).

    python benchmarks/compose.py [--runs 7] [--seconds 30]

This machine may set OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE; to see the default kernel run
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/compose.py
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402

from music.backends.offline import OfflineComposer  # noqa: E402
from music.composer.composition import compose_score  # noqa: E402
from music.composer.midi import to_midi  # noqa: E402
from music.composer.prompts import MusicPrompt, prompt_for_mood  # noqa: E402
from music.sound.audio import encode  # noqa: E402
from music.sound.render import render  # noqa: E402

PROMPTS = {
    "drums-heavy": prompt_for_mood(valence=0.8, arousal=0.9, hue=30, warmth=0.8,
                                   texture=0.7).text,
    "dark driving": prompt_for_mood(valence=-0.7, arousal=0.8, hue=260, warmth=-0.5,
                                    texture=0.8).text,
    "sparse piano": "Solo piano, tender and slow. Tempo: 64 BPM. Key: Eb major.",
    "ambient pads": prompt_for_mood(valence=-0.6, arousal=-0.8, hue=None, warmth=-0.6,
                                    texture=0.2).text,
}


def median_ms(call, runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    with threadpool_limits(limits=1):
        run(args.runs, args.seconds)


def run(runs: int, seconds: float) -> None:
    composer = OfflineComposer()
    print(f"offline composer, {seconds:g} s tracks, one core, median of {runs} warm runs (ms)")
    print(f"{'prompt':<14}{'first call':>11}{'score':>8}{'render':>8}{'× realtime':>11}"
          f"{'midi':>7}{'compose':>9}")
    for name, text in PROMPTS.items():
        start = time.perf_counter()
        composer.compose(text, duration=seconds, seed=1)
        first = (time.perf_counter() - start) * 1000
        prompt = MusicPrompt.parse(text)
        score = compose_score(prompt, duration=seconds, seed=1)
        score_ms = median_ms(lambda p=prompt: compose_score(p, duration=seconds, seed=1), runs)
        render_ms = median_ms(lambda s=score: render(s), runs)
        midi_ms = median_ms(lambda s=score: to_midi(s), runs)
        total_ms = median_ms(lambda t=text: composer.compose(t, duration=seconds, seed=1), runs)
        print(f"{name:<14}{first:>11.0f}{score_ms:>8.1f}{render_ms:>8.1f}"
              f"{seconds * 1000 / render_ms:>10.0f}×{midi_ms:>7.1f}{total_ms:>9.1f}")

    audio = composer.compose(PROMPTS["drums-heavy"], duration=seconds, seed=1).audio
    print(f"\nencoding one {seconds:g} s stereo track (ms, median of 3)")
    for fmt in ("wav", "mp3", "ogg"):
        size = len(encode(audio, fmt))
        print(f"  {fmt:<4}{median_ms(lambda f=fmt: encode(audio, f), 3):>8.1f}   "
              f"{size / 1e6:.2f} MB")

    tracemalloc.start()
    composer.compose(PROMPTS["drums-heavy"], duration=seconds, seed=2)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    composer.compose(PROMPTS["drums-heavy"], duration=120.0, seed=2)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory: {peak / 2**20:.0f} MiB traced in one {seconds:g} s compose; "
          f"process max RSS {rss:.0f} MiB after a 120 s one too")

    blas = [f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture')}, "
            f"{i.get('num_threads')} thread)" for i in threadpool_info()]
    env = {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS_")}
    print(f"numpy {np.__version__}; BLAS: {', '.join(blas) or 'none loaded'}; "
          f"OPENBLAS env: {env or 'unset'}")
    simd = getattr(np._core._multiarray_umath, "__cpu_features__", {})
    print("numpy SIMD in use: " + ", ".join(k for k in ("AVX512F", "AVX2", "FMA3", "SSE42")
                                            if simd.get(k)))


if __name__ == "__main__":
    main()
