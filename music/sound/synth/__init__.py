"""The instruments: how each is synthesised, and how the renderer should play it.

`tone(instrument, pitch, tonic)` is cached: a struck instrument's one-shot, a sustained
one's loop, or a drum hit (pitch = GM drum key, tuned to the pitch class `tonic`). Building
one is deterministic, so the cache never changes what a piece sounds like, only how fast it
renders.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from music.sound.synth import drums, struck, sustained
from music.sound.synth.struck import noise_burst


@dataclass(frozen=True)
class Voice:
    kind: str  # "struck" (one-shot), "sustained" (loop) or "drums"
    attack: float  # seconds (sustained voices; struck ones have theirs built in)
    release: float  # seconds, after the note ends
    gain: float  # evens out loudness: at equal velocity every voice measures alike
    chiff: float = 0.0  # sustained voices: level of the breath or bow noise opening a note
    decay: float = 0.0  # sustained voices: seconds to settle from the attack's peak …
    sustain: float = 1.0  # … to this level, held until the note ends


VOICES = {
    "piano": Voice("struck", 0.0, 0.25, 0.51),
    "electric piano": Voice("struck", 0.0, 0.2, 0.51),
    "bells": Voice("struck", 0.0, 1.2, 0.33),
    "marimba": Voice("struck", 0.0, 0.3, 0.48),
    "pluck": Voice("struck", 0.0, 0.3, 0.31),
    "bass": Voice("struck", 0.0, 0.08, 0.37),
    "strings": Voice("sustained", 0.22, 0.5, 0.75, chiff=0.25, decay=0.4, sustain=0.85),
    "pad": Voice("sustained", 0.7, 1.4, 0.84, decay=1.2, sustain=0.9),
    "flute": Voice("sustained", 0.07, 0.15, 0.8, chiff=0.15, decay=0.2, sustain=0.8),
    "drums": Voice("drums", 0.0, 0.0, 0.9),
}


# Room for every tone the pieces of music.warm_up build at start-up (about 390, 150 MiB);
# a piece uses 20–60 of them.
@functools.lru_cache(maxsize=512)
def tone(instrument: str, pitch: int, tonic: int = 0) -> np.ndarray:
    if instrument == "drums":
        sound = drums.hit(pitch, tonic)
    elif instrument in struck.VOICES:
        sound = struck.VOICES[instrument](pitch)
    else:
        sound = sustained.VOICES[instrument](pitch)
    sound.setflags(write=False)  # shared by every note that plays it
    return sound


@functools.lru_cache(maxsize=4)
def chiff(instrument: str) -> np.ndarray:
    """The noise that opens a blown or bowed note (peak 1, about 60 ms)."""
    sound = noise_burst(0.06, 1200, 7000, seed=len(instrument))
    sound.setflags(write=False)
    return sound
