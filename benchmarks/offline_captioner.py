"""How long the offline captioner takes per picture, by picture size.

Captions a procedurally made photograph-like picture (sky, hills, grainy field) at several sizes
and prints the median and worst of each, split into analysis and the whole caption call.

    python benchmarks/offline_captioner.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from captioning.analysis import analyse  # noqa: E402
from captioning.backends.offline import OfflineCaptioner  # noqa: E402

SIZES = ((2048, 1536), (1536, 2048), (1024, 768), (4000, 10), (256, 256), (1, 1))


def picture(width: int, height: int) -> Image.Image:
    rng = np.random.default_rng(0)
    t = np.linspace(0, 1, height)[:, None, None]
    pixels = np.broadcast_to((1 - t) * [70, 130, 210] + t * [175, 205, 235],
                             (height, width, 3)).copy()
    horizon = int(height * 0.6)
    pixels[horizon:] = [80, 125, 55]
    pixels[horizon:] += rng.normal(0, 14, (height - horizon, width, 1))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def timed(call: Callable[[], object], runs: int) -> list[float]:
    call()  # warm caches (numpy, Pillow) once
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    captioner = OfflineCaptioner()
    print(f"{'size':>11}  {'analyse p50':>11}  {'caption p50':>11}  {'caption max':>11}  (ms)")
    for width, height in SIZES:
        image = picture(width, height)
        analysis = timed(lambda image=image: analyse(image), runs)
        caption = timed(lambda image=image: captioner.caption(image), runs)
        print(f"{width:>5}×{height:<5}  {statistics.median(analysis):>11.1f}  "
              f"{statistics.median(caption):>11.1f}  {max(caption):>11.1f}")


if __name__ == "__main__":
    main()
