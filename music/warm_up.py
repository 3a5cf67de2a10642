"""The instrument tones pieces use, built when a process that composes starts (a Celery
worker, or the server running its jobs in-process) instead of in its first visitors' tracks;
then one short piece, for what a first render builds besides (filters, FFT plans).

Which tones: those of a fixed sample of pieces over the whole range of moods, most used
first. A hundred pieces name about 390 tones, 99.8% of those a new piece plays; building
them takes about two seconds of one core. Built or not, a piece sounds the same.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import Counter
from typing import Any

import numpy as np

from music.composer.composition import compose_score
from music.composer.prompts import MusicPrompt, prompt_for_mood
from music.composer.theory import tonic_class
from music.sound.render import tone_key
from music.sound.synth import tone

log = logging.getLogger(__name__)

SAMPLE_PIECES = 100
SAMPLE_SECONDS = 30
WARM_UP_PROMPT = prompt_for_mood(valence=0.0, arousal=0.0, hue=None, warmth=0.0,
                                 texture=0.5).text
_lock = threading.Lock()
_done = False


def common_tones(pieces: int = SAMPLE_PIECES) -> list[tuple[str, int, int]]:
    """The tones (music.sound.synth.tone's arguments) of `pieces` sample pieces, most used first."""
    rng = np.random.default_rng(0)
    counts: Counter[tuple[str, int, int]] = Counter()
    for seed in range(pieces):
        prompt = prompt_for_mood(valence=rng.uniform(-1, 1), arousal=rng.uniform(-1, 1),
                                 hue=rng.uniform(0, 360), warmth=rng.uniform(-1, 1),
                                 texture=rng.uniform(0, 1))
        score = compose_score(MusicPrompt.parse(prompt.text), duration=SAMPLE_SECONDS,
                              seed=seed)
        tonic = tonic_class(score.tonic)
        counts.update({tone_key(note, tonic) for note in score.notes})
    return [key for key, _ in counts.most_common()]


def tones_prebuild(limit: int | None = None) -> int:
    """Build the `limit` most used tones (all of them by default), once per process: a second
    call, from any thread, waits for the first and builds nothing. Returns how many it built."""
    global _done
    with _lock:
        if _done:
            return 0
        started = time.perf_counter()
        keys = common_tones()[:limit]
        for key in keys:
            tone(*key)
        _done = True
    log.info("built %d instrument tones in %.1f s", len(keys), time.perf_counter() - started)
    return len(keys)


def composer_warm_up(composer: Any, limit: int | None = None) -> None:
    """The tones, then a short piece (once per process, like the tones)."""
    if tones_prebuild(limit):
        composer.compose(WARM_UP_PROMPT, duration=10, seed=0)


def composer_warm_up_in_background(composer: Any, limit: int | None = None) -> threading.Thread:
    """composer_warm_up in a daemon thread at a lower CPU priority: the server answers at
    once, and a job that starts meanwhile builds the few tones it needs itself."""
    def run() -> None:
        try:  # Linux gives each thread its own niceness
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        except (AttributeError, OSError):
            pass
        try:
            composer_warm_up(composer, limit)
        except Exception:
            log.warning("the composer could not warm up", exc_info=True)

    thread = threading.Thread(target=run, name="reverie-warm-up", daemon=True)
    thread.start()
    return thread
