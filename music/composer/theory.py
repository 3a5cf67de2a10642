"""Scales, diatonic chords and the progressions that suit each mode.

Degrees count from 0 (the tonic) along the mode's scale and may run past 6 into the next
octave; pitches are MIDI note numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from music.composer.prompts import TONICS

MODE_STEPS = {
    "lydian": (0, 2, 4, 6, 7, 9, 11),
    "major": (0, 2, 4, 5, 7, 9, 11),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "minor": (0, 2, 3, 5, 7, 8, 10),
    "phrygian": (0, 1, 3, 5, 7, 8, 10),
}
DOMINANT = 10  # in a progression: the major V of a minor key (its third is the leading tone)

# Four bars, one chord a bar. "A" progressions open on the tonic and keep coming back to it
# so the key is never in doubt; "B" ones wander for contrast and lean back towards it. Each
# mode's colour chord appears (lydian II, mixolydian bVII, dorian IV, phrygian bII).
PROGRESSIONS: dict[str, dict[str, tuple[tuple[int, ...], ...]]] = {
    "lydian": {"A": ((0, 1, 0, 1), (0, 1, 5, 0), (0, 2, 1, 0), (0, 1, 0, 5)),
               "B": ((5, 1, 2, 1), (2, 5, 1, 1), (5, 2, 1, 1))},
    "major": {"A": ((0, 4, 5, 3), (0, 5, 3, 4), (0, 3, 0, 4), (0, 3, 4, 0)),
              "B": ((3, 4, 2, 5), (5, 3, 0, 4), (3, 0, 4, 4), (5, 2, 3, 4))},
    "mixolydian": {"A": ((0, 6, 3, 0), (0, 6, 0, 3), (0, 4, 6, 0), (0, 3, 6, 0)),
                   "B": ((3, 6, 0, 4), (5, 3, 6, 6), (1, 6, 3, 6))},
    "dorian": {"A": ((0, 6, 0, 3), (0, 2, 6, 0), (0, 4, 6, 0), (0, 2, 3, 0)),
               "B": ((2, 3, 6, 0), (2, 6, 3, 6), (4, 2, 6, 6))},
    "minor": {"A": ((0, 5, 6, 0), (0, 3, DOMINANT, 0), (0, 5, 3, DOMINANT), (0, 6, 5, DOMINANT)),
              "B": ((5, 2, 6, DOMINANT), (3, 0, 5, DOMINANT), (5, 3, 6, DOMINANT))},
    "phrygian": {"A": ((0, 1, 0, 6), (0, 1, 2, 1), (0, 3, 1, 0), (0, 1, 6, 0)),
                 "B": ((3, 1, 0, 1), (6, 1, 2, 1), (3, 2, 1, 1))},
}

# The chord before the final tonic: each mode's own cadence (the plagal IV–I of major,
# lydian's II–I, the bVII–I of mixolydian and dorian, minor's V–i, phrygian's bII–i).
CADENCE = {"lydian": 1, "major": 3, "mixolydian": 6, "dorian": 6, "minor": DOMINANT,
           "phrygian": 1}


def tonic_class(tonic: str) -> int:
    return TONICS.index(tonic)


@dataclass(frozen=True)
class Key:
    tonic: str
    mode: str

    @property
    def root(self) -> int:
        return tonic_class(self.tonic)

    @property
    def minor(self) -> bool:
        """A minor third above the tonic (dorian, minor, phrygian)."""
        return MODE_STEPS[self.mode][2] == 3

    def pitch(self, degree: int, octave: int = 4) -> int:
        """MIDI pitch of a scale degree, degree 0 in `octave` (4 → the octave from C4)."""
        steps = MODE_STEPS[self.mode]
        octaves, index = divmod(degree, 7)
        return 12 * (octave + 1 + octaves) + self.root + steps[index]

    def degree_near(self, pitch: float, octave: int = 4) -> int:
        """The scale degree (relative to `octave`) whose pitch is nearest `pitch`."""
        base = round((pitch - self.pitch(0, octave)) / 12 * 7)
        return min(range(base - 3, base + 4), key=lambda d: abs(self.pitch(d, octave) - pitch))

    def in_range(self, degree: int, low: int, high: int, octave: int = 4) -> int:
        """`degree` moved by octaves into [low, high] (as close to the middle as it fits)."""
        middle = (low + high) / 2
        candidates = [degree + 7 * k for k in range(-6, 7)
                      if low <= self.pitch(degree + 7 * k, octave) <= high]
        if not candidates:
            return min((degree + 7 * k for k in range(-6, 7)),
                       key=lambda d: abs(self.pitch(d, octave) - middle))
        return min(candidates, key=lambda d: abs(self.pitch(d, octave) - middle))


@dataclass(frozen=True)
class Chord:
    """A diatonic chord: its root degree and its tones as pitch classes above the tonic."""

    degree: int
    tones: tuple[int, ...]  # semitones above the tonic, 0–11, root first
    melody_degrees: tuple[int, ...]  # scale degrees a tune may rest on over this chord

    @property
    def root(self) -> int:
        return self.tones[0]


def chord(key: Key, token: int, *, seventh: bool = False) -> Chord:
    """The chord a progression token names: a scale degree, or DOMINANT."""
    steps = MODE_STEPS[key.mode]
    if token == DOMINANT:
        # Harmonic minor's V: the raised seventh pulls hard to the tonic.
        root = steps[4]
        tones = (root, (root + 4) % 12, (root + 7) % 12)
        return Chord(degree=4, tones=tones, melody_degrees=(4, 1))
    degrees = [token, token + 2, token + 4] + ([token + 6] if seventh else [])
    tones = tuple(steps[d % 7] for d in degrees)
    return Chord(degree=token, tones=tones, melody_degrees=tuple(d % 7 for d in degrees[:3]))


def voice(chord: Chord, key: Key, low: int, high: int, previous: tuple[int, ...] | None,
          size: int = 3) -> tuple[int, ...]:
    """Close-position voicing of `size` notes inside [low, high], moving as little as it can
    from `previous` (smooth voice leading)."""
    options = []
    for bottom in range(low, high - 4):
        if (bottom - key.root) % 12 not in chord.tones:
            continue
        notes = [bottom]
        index = chord.tones.index((bottom - key.root) % 12)
        while len(notes) < size:
            index = (index + 1) % len(chord.tones)
            step = (chord.tones[index] - (notes[-1] - key.root)) % 12 or 12
            notes.append(notes[-1] + step)
        if notes[-1] <= high:
            options.append(tuple(notes))
    if not options:
        return tuple(sorted(low + (t - low + key.root) % 12 for t in chord.tones))[:size]
    target = previous or ((low + high) / 2,) * size
    centre = sum(target) / len(target)
    return min(options, key=lambda v: (abs(sum(v) / len(v) - centre) +
                                       sum(min(abs(n - p) for p in target) for n in v) / 4))
