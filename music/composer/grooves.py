"""Drum grooves by energy: from a brushed heartbeat to four-on-the-floor.

Every groove keeps the kick on the downbeat and the backbeat (or a rim click) on two and
four, fills only on the eighth-note grid and never switches to half time, so its tempo is
the piece's tempo. Sections shape it: hats alone in the intro, the full kit in the body, a
crash into each new section, a fill closing phrases, a last hit on the final bar.
"""

from __future__ import annotations

import numpy as np

from music.composer.plan import Plan
from music.composer.score import (
    CLAP,
    CLOSED_HAT,
    CRASH,
    HIGH_TOM,
    KICK,
    LOW_TOM,
    OPEN_HAT,
    RIDE,
    RIM,
    SHAKER,
    SNARE,
    Note,
)

Hit = tuple[float, int, float]  # onset in the bar, GM drum key, accent
EIGHTHS = tuple(i / 2 for i in range(8))


def _eighths(key: int, on_beat: float, off_beat: float) -> tuple[Hit, ...]:
    return tuple((b, key, on_beat if b % 1 == 0 else off_beat) for b in EIGHTHS)


GROOVES: tuple[tuple[tuple[Hit, ...], ...], ...] = (
    # 0: still: a soft kick, a rim click, a shaker on the eighths
    (((0, KICK, 0.8), (2, KICK, 0.55), (1, RIM, 0.5), (3, RIM, 0.5),
      *_eighths(SHAKER, 0.6, 0.45)),),
    # 1: lo-fi
    (((0, KICK, 0.9), (2.5, KICK, 0.7), (1, SNARE, 0.6), (3, SNARE, 0.6),
      *_eighths(CLOSED_HAT, 0.55, 0.35)),
     ((0, KICK, 0.9), (2, KICK, 0.75), (1, RIM, 0.7), (3, RIM, 0.7),
      *_eighths(CLOSED_HAT, 0.5, 0.35))),
    # 2: pop
    (((0, KICK, 1.0), (2, KICK, 0.9), (2.5, KICK, 0.7), (1, SNARE, 0.9), (3, SNARE, 0.9),
      *_eighths(CLOSED_HAT, 0.6, 0.45)),
     ((0, KICK, 1.0), (1.5, KICK, 0.7), (2, KICK, 0.9), (1, SNARE, 0.9), (3, CLAP, 0.9),
      *_eighths(CLOSED_HAT, 0.6, 0.45))),
    # 3: driving, four on the floor
    ((*((b, KICK, 1.0) for b in range(4)), (1, CLAP, 0.9), (3, CLAP, 0.9),
      *((b + 0.5, OPEN_HAT, 0.5) for b in range(4)), *((b, CLOSED_HAT, 0.4) for b in range(4))),
     (*((b, KICK, 1.0) for b in range(4)), (1, SNARE, 0.9), (3, SNARE, 0.9),
      *_eighths(CLOSED_HAT, 0.45, 0.6))),
)
FILL: tuple[Hit, ...] = ((3, SNARE, 0.75), (3.5, HIGH_TOM, 0.8), (3.5, SNARE, 0.6),
                         (2.5, LOW_TOM, 0.7))


def drums(plan: Plan, rng: np.random.Generator) -> list[Note]:
    options = GROOVES[plan.level]
    main = options[int(rng.integers(len(options)))]
    notes: list[Note] = []
    for bar in range(plan.bars):
        label = plan.labels[bar]
        if bar == plan.bars - 1:
            hits: tuple[Hit, ...] = ((0, KICK, 0.9), (0, CRASH, 0.7))
        elif label == "intro" or plan.breakdown[bar]:
            hits = (*(h for h in main if h[1] in (CLOSED_HAT, SHAKER, OPEN_HAT)), (0, KICK, 0.7))
        else:
            hits = main
            if label == "B" and plan.level >= 2:
                # The B section rides a cymbal instead of the hats.
                hits = (*(h for h in hits if h[1] not in (CLOSED_HAT, OPEN_HAT)),
                        *_eighths(RIDE, 0.65, 0.5))
            if plan.phrase_bar[bar] == 3 and plan.level >= 1 and rng.random() < 0.7:
                hits = (*(h for h in hits if h[0] < 2.5 or h[1] == KICK), *FILL)
            if bar > 0 and plan.labels[bar - 1] != label and plan.level >= 1:
                hits = (*hits, (0, CRASH, 0.7))
        for onset, key, accent in hits:
            notes.append(Note(4 * bar + onset, 0.25, key, plan.velocity(bar, accent, rng),
                              "drums", "drums"))
    return notes
