"""Listening by measurement, with analysers we did not write: librosa for onsets, tempo and
chroma. The key estimate is the Krumhansl–Schmuckler method (correlation of the average
chroma with the Krumhansl–Kessler major and minor key profiles)."""

from __future__ import annotations

import numpy as np

TONICS = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
# Krumhansl & Kessler (1982) probe-tone ratings, C major and C minor.
MAJOR_PROFILE = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
MINOR_PROFILE = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])
MAJOR_LIKE = {"lydian", "major", "mixolydian"}


def estimate_tempo(mono: np.ndarray, sample_rate: int) -> float:
    import librosa

    tempo, _ = librosa.beat.beat_track(y=mono.astype(np.float32), sr=sample_rate)
    return float(np.atleast_1d(tempo)[0])


def tempo_matches(estimated: float, intended: float, tolerance: float = 0.04) -> bool:
    """Within `tolerance` of the intended tempo, or of its double or half."""
    return any(abs(estimated - intended * factor) <= tolerance * intended * factor
               for factor in (0.5, 1.0, 2.0))


def estimate_key(mono: np.ndarray, sample_rate: int) -> tuple[str, str]:
    """(tonic, "major" | "minor") by Krumhansl–Schmuckler on librosa's CQT chroma."""
    import librosa

    chroma = librosa.feature.chroma_cqt(y=mono.astype(np.float32), sr=sample_rate).mean(axis=1)
    best = (-2.0, "C", "major")
    for shift in range(12):
        for mode, profile in (("major", MAJOR_PROFILE), ("minor", MINOR_PROFILE)):
            score = float(np.corrcoef(chroma, np.roll(profile, shift))[0, 1])
            if score > best[0]:
                best = (score, TONICS[shift], mode)
    return best[1], best[2]


def parent_mode(mode: str) -> str:
    return "major" if mode in MAJOR_LIKE else "minor"
