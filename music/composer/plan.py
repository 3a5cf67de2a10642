"""The plan of a piece: what every part writer reads (key, harmony and form bar by bar) and
how loud a note of it is played."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from music.composer.theory import Chord, Key


@dataclass
class Plan:
    """What every part writer needs: the key, and bar by bar the harmony and the form."""

    key: Key
    arousal: float
    valence: float
    beats: float  # total length in beats
    harmony: list[Chord]  # one chord a bar
    labels: list[str]  # the section of each bar
    energy: list[float]  # 0..1, how full the arrangement is in each bar
    phrase_bar: list[int]  # the bar's place in its four-bar phrase
    phrase: list[int]  # which phrase of its label this is (0 = first A, …)
    closing: list[bool]  # the bar ends a phrase that should land on the tonic
    breakdown: list[bool]  # the bar belongs to a quieter stretch (no kick, held bass)
    drums: bool  # a kit plays
    tempo: float  # beats a minute

    @property
    def bars(self) -> int:
        return len(self.harmony)

    def bar_length(self, bar: int) -> float:
        """Four beats; the last bar runs to the end of the piece."""
        return self.beats - 4 * bar if bar == self.bars - 1 else 4.0

    @property
    def level(self) -> int:
        """Rhythmic energy class 0 (still) … 3 (driving), from arousal."""
        return 0 if self.arousal <= -0.3 else 1 if self.arousal <= 0.2 else \
            2 if self.arousal <= 0.55 else 3

    def velocity(self, bar: int, accent: float, rng: np.random.Generator) -> int:
        """Louder with the section's energy and the piece's arousal, a little human unevenness."""
        drive = 0.6 + 0.4 * (self.arousal + 1) / 2
        value = (38 + 72 * self.energy[bar] * drive) * accent + rng.normal(0, 3)
        return min(124, max(12, round(value)))
