"""The accompaniment: bass line, chords, the pulse (an arpeggio on the beat) and a counter
line. Rhythms sit on the eighth-note grid and accent the beats, so the tempo is plain to hear
(and to measure) even in pieces without drums."""

from __future__ import annotations

import numpy as np

from music.composer.plan import Plan
from music.composer.score import Note
from music.composer.theory import voice

SUSTAINED = ("pad", "strings", "flute")
# Bar rhythms per energy level: (onset, length, what), "R" root, "F" fifth, "O" octave,
# "A" a scale step leading into the next bar's root.
BASS_RHYTHMS = (
    (((0, 4, "R"),), ((0, 2, "R"), (2, 2, "R"))),
    (((0, 2.5, "R"), (2.5, 1.5, "F")), ((0, 1.5, "R"), (1.5, 0.5, "R"), (2, 2, "F")),
     ((0, 3, "R"), (3, 1, "A"))),
    (((0, 1.5, "R"), (1.5, 0.5, "R"), (2, 1, "F"), (3, 0.5, "O"), (3.5, 0.5, "A")),
     ((0, 0.5, "R"), (0.5, 1, "R"), (1.5, 0.5, "F"), (2, 1.5, "R"), (3.5, 0.5, "A")),
     ((0, 1, "R"), (1, 1, "R"), (2, 1, "F"), (3, 1, "R"))),
    (tuple((i / 2, 0.45, "R" if i % 2 == 0 else "O") for i in range(8)),
     tuple((i / 2, 0.45, "R") for i in range(8))),
)
COMP_RHYTHMS = (
    (((0, 4),),),
    (((0, 2), (2, 2)), ((0, 1.5), (1.5, 2.5)), ((0, 3), (3, 1))),
    (((0, 1), (1.5, 0.5), (2, 1), (3, 1)), ((0, 1.5), (1.5, 1), (2.5, 1.5)),
     ((0, 0.5), (1, 0.5), (2, 0.5), (2.5, 0.5), (3, 1))),
    (((0, 0.4), (0.5, 0.4), (1.5, 0.4), (2.5, 0.4), (3.5, 0.4)),
     ((0, 1), (1, 1), (2, 1), (3, 1))),
)
ARPEGGIOS = ((0, 1, 2, 3, 0, 1, 2, 3), (0, 2, 1, 3, 0, 2, 1, 3), (0, 1, 2, 1, 3, 1, 2, 1),
             (0, 2, 3, 2, 1, 2, 3, 2), (0, 1, 2, 3, 2, 1, 2, 3))
PEDAL_CHANCE = {"lydian": 0.7, "phrygian": 0.8, "dorian": 0.35, "mixolydian": 0.35,
                "major": 0.1, "minor": 0.15}


def _low_note(plan: Plan, pitch_class: int, low: int) -> int:
    """The lowest pitch at or above `low` of a pitch class given in semitones above the tonic."""
    return low + (plan.key.root + pitch_class - low) % 12


def bass(plan: Plan, instrument: str, rng: np.random.Generator) -> list[Note]:
    low = 31 if instrument == "bass" else 36
    tonic = _low_note(plan, 0, low)
    level = plan.level
    rhythm = BASS_RHYTHMS[level][int(rng.integers(len(BASS_RHYTHMS[level])))]
    if not plan.drums and level >= 2:  # with no kit to keep time, the bass walks the beat
        rhythm = BASS_RHYTHMS[2][2]
    pedal = rng.random() < PEDAL_CHANCE[plan.key.mode]
    notes = []
    for bar in range(plan.bars):
        label, chord = plan.labels[bar], plan.harmony[bar]
        root_class = chord.root
        if label == "intro" or (pedal and label == "A" and plan.phrase_bar[bar] % 2 == 0):
            root_class = 0
        root = tonic + (root_class if root_class <= 7 else root_class - 12)
        if bar == plan.bars - 1:
            notes.append(Note(4 * bar, plan.bar_length(bar), tonic, plan.velocity(bar, 1.0, rng),
                              instrument, "bass"))
            continue
        calm = label == "intro" or plan.breakdown[bar]
        pattern = BASS_RHYTHMS[min(level, 1)][0] if calm else rhythm
        nxt = plan.harmony[bar + 1].root
        next_root = tonic + (nxt if nxt <= 7 else nxt - 12)
        for onset, length, what in pattern:
            pitch = {"R": root, "F": root + 7 if root + 7 <= tonic + 12 else root - 5,
                     "O": root + 12, "A": _approach(plan, next_root)}[what]
            accent = 1.0 if onset % 1 == 0 else 0.8
            notes.append(Note(4 * bar + onset, length, pitch,
                              plan.velocity(bar, accent, rng), instrument, "bass"))
    return notes


def _approach(plan: Plan, target: int) -> int:
    """The scale tone just below `target` (or above, when it is the same pitch class)."""
    degree = plan.key.degree_near(target, octave=1)
    below = plan.key.pitch(degree - 1, octave=1)
    return below if below < target else plan.key.pitch(degree + 1, octave=1)


def chords(plan: Plan, instrument: str, rng: np.random.Generator) -> list[Note]:
    sustained = instrument in SUSTAINED
    low, high = (55, 76) if sustained else (52, 74)
    level = plan.level
    rhythm = COMP_RHYTHMS[level][int(rng.integers(len(COMP_RHYTHMS[level])))]
    if not plan.drums and level >= 2:  # no syncopation without a kit holding the beat
        rhythm = COMP_RHYTHMS[3][1]
    size = 4 if any(len(c.tones) == 4 for c in plan.harmony) else 3
    previous, notes = None, []
    for bar in range(plan.bars):
        chord = plan.harmony[bar]
        voicing = previous = _voicing(plan, bar, low, high, previous, size)
        length = plan.bar_length(bar)
        if sustained or plan.labels[bar] in ("intro", "outro") or bar == plan.bars - 1:
            hits = ((0.0, length),)
        else:
            hits = rhythm
        if sustained:  # a low root under the pad or section thickens the bed
            voicing = (_low_note(plan, chord.root, 43), *voicing)
        if plan.key.minor and chord.degree == 0:  # the minor third on top, sung out
            voicing = (*voicing, _low_note(plan, chord.tones[1], max(voicing) + 1))
        for onset, hold in hits:
            accent = 1.0 if onset == 0 else 0.85 if onset % 1 == 0 else 0.75
            for pitch in voicing:
                notes.append(Note(4 * bar + onset, hold, pitch,
                                  plan.velocity(bar, accent * 0.9, rng), instrument, "chords"))
    return notes


def _voicing(plan: Plan, bar: int, low: int, high: int, previous: tuple[int, ...] | None,
             size: int) -> tuple[int, ...]:
    return voice(plan.harmony[bar], plan.key, low, high, previous,
                 size=min(size, len(plan.harmony[bar].tones)))


def pulse(plan: Plan, instrument: str, rng: np.random.Generator) -> list[Note]:
    """The arpeggio that carries the beat: eighths, or quarters when the mood is still."""
    # Quarters when still, and when fast with no kit: a bare stream of fast eighths repeats
    # as well every three eighths as every two, and the beat gets lost.
    step = 1.0 if plan.level == 0 or (not plan.drums and plan.tempo >= 105) else 0.5
    pattern = ARPEGGIOS[int(rng.integers(len(ARPEGGIOS)))]
    low, high = (57, 79) if instrument != "bells" else (67, 88)
    previous, notes = None, []
    for bar in range(plan.bars):
        voicing = _voicing(plan, bar, low, high - 12, previous, 3)
        previous = voicing
        # The fourth tone doubles the root an octave up; in minor keys it doubles the third,
        # whose minor colour the overtones of every root (a major third among them) blur.
        doubled = voicing[0]
        if plan.key.minor:
            third = plan.harmony[bar].tones[1]
            doubled = next((p for p in voicing if (p - plan.key.root) % 12 == third), doubled)
        tones = (*voicing, doubled + 12)
        last = bar == plan.bars - 1
        count = int(4 / step) if not last else int(2 / step)
        for i in range(count):
            onset = i * step
            beat = onset % 1 == 0
            offbeat = 0.74 if plan.level >= 2 and plan.drums else 0.58
            accent = 1.0 if onset == 0 else 0.86 if beat else offbeat
            hold = step * (0.45 if instrument in SUSTAINED else 1.8)
            notes.append(Note(4 * bar + onset, hold, tones[pattern[i % 8]],
                              plan.velocity(bar, accent * 0.85, rng), instrument, "pulse"))
        if last:  # the final chord's root, left to ring
            root = next((p for p in tones if (p - plan.key.root) % 12 == 0), tones[0])
            notes.append(Note(4 * bar + 2, plan.bar_length(bar) - 2, root,
                              plan.velocity(bar, 0.8, rng), instrument, "pulse"))
    return notes


def counter(plan: Plan, instrument: str, rng: np.random.Generator) -> list[Note]:
    """A second voice for a spare instrument: held chord tones above the harmony, or a slow
    high arpeggio; it joins once the piece has been heard once, adding colour as it goes."""
    notes = []
    previous = None
    for bar in range(plan.bars):
        label = plan.labels[bar]
        if label == "intro" or (label == "A" and plan.phrase[bar] == 0):
            continue
        chord = plan.harmony[bar]
        if instrument in SUSTAINED:
            third = chord.tones[1] if label != "outro" else 0
            pitch = _low_note(plan, third, 64)
            notes.append(Note(4 * bar, plan.bar_length(bar), pitch,
                              plan.velocity(bar, 0.7, rng), instrument, "counter"))
            continue
        voicing = _voicing(plan, bar, 72, 86, previous, 3)
        previous = voicing
        beats = 4 if bar < plan.bars - 1 else 1
        for beat in range(beats):
            pitch = voicing[(2 - beat) % 3]
            notes.append(Note(4 * bar + beat, 1.5, pitch, plan.velocity(bar, 0.6, rng),
                              instrument, "counter"))
    return notes
