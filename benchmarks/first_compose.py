"""The first track a composing process makes, with and without the start-up warm-up.

Each case in a fresh process: a 30 s offline track from a picture-like prompt, timed; once
straight away (every instrument tone built during the call), once after the composer's
warm_up() (what a Celery worker or the in-process server does as it starts), whose own time
is printed too. Then the same process's second track, for comparison.

    python benchmarks/first_compose.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child(warm: bool) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from music.backends.offline import OfflineComposer
    from music.composer.prompts import prompt_for_mood

    composer = OfflineComposer()
    started = time.perf_counter()
    if warm:
        composer.warm_up()
    warmed = time.perf_counter() - started
    times = []
    for seed, (valence, arousal, hue) in enumerate([(0.6, 0.5, 30), (-0.4, -0.3, 210)]):
        prompt = prompt_for_mood(valence=valence, arousal=arousal, hue=hue, warmth=0.3,
                                 texture=0.5)
        started = time.perf_counter()
        composer.compose(prompt.text, duration=30, seed=seed)
        times.append(time.perf_counter() - started)
    print(f"{warmed * 1000:.0f} {times[0] * 1000:.0f} {times[1] * 1000:.0f}")


def main() -> None:
    print(f"first 30 s track of a fresh process (ms; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores)")
    for warm in (False, True):
        out = subprocess.run([sys.executable, __file__, "--child", str(int(warm))], check=True,
                             capture_output=True, text=True).stdout.split()
        warmed, first, second = out[-3:]
        label = f"after warm-up ({warmed} ms)" if warm else "no warm-up"
        print(f"  {label:<26} first track {first:>6}   second track {second:>6}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2] == "1")
    else:
        main()
