"""What encoding a track costs, before and after codecs moved to isolated workers.

For a 30 s and a 120 s offline-composed track, each of WAV, MP3 and OGG (median of --runs):

- one write:   the previous way, the whole track in one soundfile.write (timed inside a
               worker process, so the libsndfile crash it meets on long OGGs is reported
               instead of ending this script);
- blocks:      music.codec's writes of 8192 frames, timed inside the worker;
- encode():    music.audio.encode as the server calls it: samples to the worker, file back;
- transcode(): music.audio.transcode, the MP3/OGG follow-up: WAV bytes in, decoded there.

    python benchmarks/encode.py [--runs 3] [--seconds 30 120]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

import numpy as np  # noqa: E402
import soundfile  # noqa: E402

from core.isolation import IsolatedCrash, run_isolated  # noqa: E402
from music.backends.offline import OfflineComposer  # noqa: E402
from music.composer.prompts import prompt_for_mood  # noqa: E402
from music.sound import codec  # noqa: E402
from music.sound.audio import encode, transcode  # noqa: E402

PROMPT = prompt_for_mood(valence=0.8, arousal=0.9, hue=30, warmth=0.8, texture=0.7).text
FORMATS = ("wav", "mp3", "ogg")


def timed_one_write(samples: np.ndarray, fmt: str) -> float:
    container, subtype, _ = codec.FORMATS[fmt]
    start = time.perf_counter()
    soundfile.write(io.BytesIO(), samples, 44100, format=container, subtype=subtype)
    return time.perf_counter() - start


def timed_blocks(samples: np.ndarray, fmt: str) -> float:
    start = time.perf_counter()
    codec.encode_samples(samples, fmt, 44100)
    return time.perf_counter() - start


def in_worker(func: Callable[..., float], runs: int, *args: object) -> str:
    try:
        return f"{statistics.median(run_isolated(func, *args) for _ in range(runs)) * 1000:.0f}"
    except IsolatedCrash as crash:
        return "crashed" if crash.exitcode and crash.exitcode < 0 else "failed"


def here(call: Callable[[], object], runs: int) -> str:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        timings.append(time.perf_counter() - start)
    return f"{statistics.median(timings) * 1000:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, nargs="+", default=[30.0, 120.0])
    args = parser.parse_args()
    run_isolated(timed_blocks, np.zeros((10, 2), dtype=np.float32), "wav")  # start a worker
    print(f"encode times (ms, median of {args.runs}); load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'track':>6} {'fmt':<4}{'one write':>10}{'blocks':>8}{'encode()':>10}"
          f"{'transcode()':>12}{'size MB':>9}")
    composer = OfflineComposer()
    for seconds in args.seconds:
        samples = np.clip(composer.compose(PROMPT, duration=seconds, seed=1).audio, -1, 1)
        wav = encode(samples, "wav")
        for fmt in FORMATS:
            size = len(encode(samples, fmt)) / 1e6
            print(f"{seconds:>5g}s {fmt:<4}"
                  f"{in_worker(timed_one_write, args.runs, samples, fmt):>10}"
                  f"{in_worker(timed_blocks, args.runs, samples, fmt):>8}"
                  f"{here(lambda f=fmt, s=samples: encode(s, f), args.runs):>10}"
                  f"{here(lambda f=fmt, w=wav: transcode(w, f), args.runs):>12}{size:>9.2f}")


if __name__ == "__main__":
    # Worker processes find functions by module name and never run this file as __main__:
    # run it as the module "encode" (this folder is on their path too).
    import encode as this_script

    this_script.main()
