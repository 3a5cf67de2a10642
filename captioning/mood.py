"""A picture's mood (valence, arousal) from its measured colour, light and surface.

Base: Valdez & Mehrabian (1994, J. Exp. Psychol. Gen. 123:394), regressions on standardised
brightness B and saturation S of colour chips:
    pleasure = 0.69·B + 0.22·S        arousal = −0.31·B + 0.60·S
We stand in for their standardised B and S with the picture's mean L* and mean chroma, centred on
a typical photograph and scaled so that the extremes are about ±1:
    B = (lightness − 0.5) / 0.5        S = (saturation − 0.3) / 0.7
Adjustments, each bounded so the base relation dominates:
  * warmth (yellow–orange vs blue): Palmer et al. (2013, PNAS 110:8836) and Whiteford et al.
    (2018, i-Perception 9(6)) found happier, faster music matched to yellower colours and sadder,
    slower music to bluer ones; Wilms & Oberfeld (2018, Psychol. Res. 82:896) found arousal rising
    from blue and green to red. So +0.25·warmth on valence and +0.20·warmth on arousal.
  * contrast and texture (edge density): busier, harder-edged pictures are more arousing
    (Berlyne's collative variables): +0.35·(texture − 0.3) + 0.25·(contrast − 0.3) on arousal.
Both results are clamped to [-1, 1].
"""

from __future__ import annotations

from captioning.analysis import Analysis
from captioning.backends.base import Mood


def mood_of(analysis: Analysis) -> Mood:
    brightness = (analysis.lightness - 0.5) / 0.5
    saturation = (analysis.saturation - 0.3) / 0.7
    valence = 0.69 * brightness + 0.22 * saturation + 0.25 * analysis.warmth
    arousal = (-0.31 * brightness + 0.60 * saturation + 0.20 * analysis.warmth
               + 0.35 * (analysis.texture - 0.3) + 0.25 * (analysis.contrast - 0.3))
    return Mood(valence=round(_clamp(valence), 3), arousal=round(_clamp(arousal), 3))


def _clamp(value: float) -> float:
    return max(-1.0, min(1.0, float(value)))
