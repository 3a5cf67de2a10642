"""The tune: a motif per section, stated, answered, restated and brought to a cadence.

Each four-bar phrase is motif / answer / motif again over the new chords / cadence. Strong
beats land on chord tones, the rest move by step along the mode, the cadence lands on the
tonic when the phrase closes, and repeats come back varied (neighbour-note ornaments, the
answer lifted) so a long piece keeps its tune without looping it. The seed picks every
rhythm and contour, so seeds give different tunes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from music.composer.plan import Plan
from music.composer.score import Note

Rhythm = tuple[tuple[float, float], ...]  # (onset, length) in beats within a bar
RHYTHMS: tuple[tuple[Rhythm, ...], ...] = (
    (((0, 2), (2, 2)), ((0, 3), (3, 1)), ((0, 1.5), (1.5, 0.5), (2, 2)),
     ((0, 1), (1, 1), (2, 2)), ((1, 1), (2, 2))),
    (((0, 1), (1, 0.5), (1.5, 0.5), (2, 2)), ((0, 1.5), (1.5, 1), (2.5, 0.5), (3, 1)),
     ((0, 0.5), (0.5, 0.5), (1, 1), (2, 1), (3, 1)), ((0.5, 0.5), (1, 1), (2, 1.5), (3.5, 0.5)),
     ((0, 1), (1, 1), (2, 0.5), (2.5, 0.5), (3, 1))),
    (((0, 0.5), (0.5, 0.5), (1, 0.5), (1.5, 0.5), (2, 1), (3, 0.5), (3.5, 0.5)),
     ((0, 1), (1, 0.5), (1.5, 0.5), (2, 0.5), (2.5, 1), (3.5, 0.5)),
     ((0, 0.5), (0.5, 1), (1.5, 0.5), (2, 0.5), (2.5, 0.5), (3, 1)),
     ((0.5, 0.5), (1, 0.5), (1.5, 0.5), (2, 1), (3, 0.5), (3.5, 0.5))),
)
CADENCES: tuple[tuple[Rhythm, ...], ...] = (
    (((0, 4),), ((0, 1), (1, 3))),
    (((0, 1), (1, 2)), ((0, 0.5), (0.5, 0.5), (1, 2.5)), ((0, 2), (2, 1.5))),
    (((0, 0.5), (0.5, 0.5), (1, 2)), ((0, 1), (1, 0.5), (1.5, 2))),
)
RANGES = {"flute": (67, 91), "bells": (72, 93), "piano": (64, 86), "electric piano": (62, 84),
          "marimba": (64, 86), "pluck": (62, 84), "strings": (64, 86), "pad": (62, 81)}
STEPS = np.array([-3, -2, -1, 0, 1, 2, 3])
STEP_WEIGHTS = np.array([0.04, 0.15, 0.3, 0.05, 0.3, 0.12, 0.04])


@dataclass(frozen=True)
class Theme:
    rhythms: tuple[Rhythm, Rhythm, Rhythm, Rhythm]
    steps: tuple[tuple[int, ...], ...]  # scale steps between the notes of each bar
    lift: int  # degrees above the lead's home register


def _steps(rng: np.random.Generator, count: int, tendency: int) -> tuple[int, ...]:
    weights = STEP_WEIGHTS * np.where(np.sign(STEPS) == tendency, 1.6, 1.0)
    moves = rng.choice(STEPS, size=count, p=weights / weights.sum())
    return tuple(int(m) for m in moves)


def _theme(rng: np.random.Generator, density: int, lift: int) -> Theme:
    options = RHYTHMS[density]
    first = options[int(rng.integers(len(options)))]
    second = options[int(rng.integers(len(options)))]
    cadence = CADENCES[density][int(rng.integers(len(CADENCES[density])))]
    rhythms = (first, second, first, cadence)
    steps = (_steps(rng, len(first), 1), _steps(rng, len(second), -1), (),
             _steps(rng, len(cadence), -1))
    return Theme(rhythms=rhythms, steps=(steps[0], steps[1], steps[0], steps[3]), lift=lift)


def lead(plan: Plan, instrument: str, rng: np.random.Generator) -> list[Note]:
    density = (0, 1, 1, 2)[plan.level]
    if plan.level == 2 and rng.random() < 0.4:
        density = 2
    lift = int(rng.integers(1, 4))
    # Each section's tune is a period: the same motif opens both phrases, the answers and
    # cadences differ (the second one closes on the tonic).
    themes = {("A", 0): _theme(rng, density, 0), ("B", 0): _theme(rng, density, lift)}
    for label, base in (("A", themes["A", 0]), ("B", themes["B", 0])):
        other = _theme(rng, density, base.lift)
        themes[label, 1] = Theme(rhythms=(base.rhythms[0], other.rhythms[1], base.rhythms[2],
                                          other.rhythms[3]),
                                 steps=(base.steps[0], other.steps[1], base.steps[2],
                                        other.steps[3]), lift=base.lift)
    low, high = RANGES.get(instrument, (62, 84))
    octave = (low - plan.key.root) // 12 - 1
    while plan.key.pitch(0, octave) < low:
        octave += 1

    def pitch(degree: int) -> int:
        return plan.key.pitch(degree, octave)

    span = next(d for d in range(7, 30) if pitch(d) > high) - 1  # highest degree in range
    current = min(4, span)
    notes: list[Note] = []
    for bar in range(plan.bars):
        label = plan.labels[bar]
        if label == "intro":
            continue
        if label == "outro":
            current = _ending(plan, bar, current, span, instrument, notes, pitch, rng)
            continue
        theme, where = themes[label, plan.phrase[bar] % 2], plan.phrase_bar[bar]
        chord = plan.harmony[bar]
        rhythm, steps = theme.rhythms[where], theme.steps[where]
        home = min(span - 2, max(2, current)) if where else min(span - 3, 2 + theme.lift)
        degree = _nearest(home if where == 0 else current, chord.melody_degrees, span)
        for i, (onset, length) in enumerate(rhythm):
            if i:
                move = steps[i - 1] if i - 1 < len(steps) else -1
                degree = degree + move if 0 <= degree + move <= span else degree - move
            if onset in (0, 2):
                degree = _nearest(degree, chord.melody_degrees, span,
                                  plan.key.minor and chord.degree == 0)
            if where == 3 and i == len(rhythm) - 1:
                goals = (0,) if plan.closing[bar] and 0 in chord.melody_degrees else \
                    chord.melody_degrees
                degree = _nearest(degree, goals, span)
            accent = (1.0 if onset % 1 == 0 else 0.85) * (1.05 if where == 2 else 1.0)
            start, vel = 4 * bar + onset, plan.velocity(bar, accent, rng)
            if plan.phrase[bar] >= 2 and length in (1, 2) and rng.random() < 0.3:
                # An ornament on the repeat: the note, its upper neighbour, the note again.
                upper = min(degree + 1, span)
                for part_onset, part_length, part_degree in (
                        (0, length / 2, degree), (length / 2, length / 4, upper),
                        (length * 3 / 4, length / 4, degree)):
                    notes.append(Note(start + part_onset, part_length, pitch(part_degree),
                                      vel, instrument, "lead"))
            else:
                notes.append(Note(start, length, pitch(degree), vel, instrument, "lead"))
        current = degree
    return notes


def _nearest(degree: int, allowed: tuple[int, ...], span: int, third: bool = False) -> int:
    """The allowed degree nearest `degree`; with `third`, the tonic chord's third wins
    near-ties (a minor tune then says so plainly)."""
    candidates = [d for d in range(0, span + 1) if d % 7 in allowed]
    if not candidates:
        return degree
    return min(candidates, key=lambda d: (abs(d - degree) - (1.1 if third and d % 7 == 2
                                                             else 0), d))


def _ending(plan: Plan, bar: int, current: int, span: int, instrument: str,
            notes: list[Note], pitch, rng: np.random.Generator) -> int:
    """The outro: a falling answer over its first chord, then the tonic held to the end."""
    if bar < plan.bars - 1:
        if bar > 0 and plan.labels[bar - 1] == "outro":
            return current
        degree = _nearest(current, plan.harmony[bar].melody_degrees, span)
        notes.append(Note(4 * bar, 2.0, pitch(degree), plan.velocity(bar, 0.9, rng),
                          instrument, "lead"))
        notes.append(Note(4 * bar + 2, 2.0, pitch(max(0, degree - 1)),
                          plan.velocity(bar, 0.8, rng), instrument, "lead"))
        return degree - 1
    tonic = _nearest(current, (0,), span)
    notes.append(Note(4 * bar, plan.bar_length(bar), pitch(tonic),
                      plan.velocity(bar, 0.85, rng), instrument, "lead"))
    return tonic
