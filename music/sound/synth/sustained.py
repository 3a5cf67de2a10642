"""Sustained instruments as seamless loops built in the frequency domain.

A loop is one inverse FFT of a spectrum drawn bin by bin: every harmonic as a few exact
sinusoids a bin or two apart (an ensemble's slow chorus beating, for strings and pads), or
as one sinusoid with frequency-modulation side bands (a solo flute's vibrato). Anything on
the bin grid repeats exactly after LOOP frames, so a note of any length is the loop read
round and round with no seam; nothing lies above 0.45 × the sample rate, so nothing
aliases; and there is no noise in the tone, which would blur every note's onset (a
breath or bow noise opens each note instead: see the renderer's chiff).
"""

from __future__ import annotations

import numpy as np
from scipy import fft, special

from music.sound.synth.struck import NYQUIST_GUARD, SR, hz

LOOP = 2**17  # ~3 s
_BIN_HZ = SR / LOOP


def _harmonic_bins(f0: float, amps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nearest bins of the harmonics below the guard band, with their amplitudes."""
    bins = np.round(f0 * np.arange(1, len(amps) + 1) / _BIN_HZ).astype(int)
    audible = bins * _BIN_HZ < NYQUIST_GUARD
    return bins[audible], np.asarray(amps, dtype=np.float64)[audible]


def _finish(spectrum: np.ndarray) -> np.ndarray:
    loop = fft.irfft(spectrum, LOOP).astype(np.float32, copy=False)
    return loop * np.float32(0.25 / (np.sqrt(np.mean(loop**2)) + 1e-12))


def chorus(f0: float, amps: np.ndarray, voices: tuple[tuple[int, float], ...],
           seed: int) -> np.ndarray:
    """Every harmonic as a few sinusoids `offset` bins apart (0.34 Hz a bin) with random
    phases: beats under 1.5 Hz whatever the harmonic, like players a hair out of tune."""
    spectrum = np.zeros(LOOP // 2 + 1, dtype=np.complex64)
    bins, amps = _harmonic_bins(f0, amps)
    rng = np.random.default_rng(seed)
    for offset, share in voices:
        phases = np.exp(1j * rng.uniform(0, 2 * np.pi, bins.size))
        np.add.at(spectrum, bins + offset, amps * share * phases)
    return _finish(spectrum)


def vibrato(f0: float, amps: np.ndarray, rate_hz: float, depth: float,
            seed: int) -> np.ndarray:
    """Harmonics swinging in pitch by ±`depth` (a fraction) `rate_hz` times a second: FM
    side bands with Bessel amplitudes, the same phase for a harmonic's whole family."""
    spectrum = np.zeros(LOOP // 2 + 1, dtype=np.complex64)
    bins, amps = _harmonic_bins(f0, amps)
    rate_bins = max(1, round(rate_hz / _BIN_HZ))
    phases = np.exp(1j * np.random.default_rng(seed).uniform(0, 2 * np.pi, bins.size))
    beta = depth * f0 * np.arange(1, bins.size + 1) / (rate_bins * _BIN_HZ)
    for k in range(-4, 5):
        index = bins + k * rate_bins
        keep = (index > 0) & (index < spectrum.size)
        np.add.at(spectrum, index[keep], (amps * special.jv(k, beta) * phases)[keep])
    return _finish(spectrum)


def strings(pitch: int) -> np.ndarray:
    f0 = hz(pitch)
    h = np.arange(1, 48)
    freqs = f0 * h
    body = 1 + 0.8 * np.exp(-(((freqs - 1100) / 500) ** 2)) + 0.4 * np.exp(
        -(((freqs - 2600) / 700) ** 2))  # the wooden body's resonances
    amps = body / h / (1 + (freqs / 4000) ** 8)
    return chorus(f0, amps, ((-2, 0.55), (0, 1.0), (3, 0.45)), seed=1000 + pitch)


def pad(pitch: int) -> np.ndarray:
    f0 = hz(pitch)
    h = np.arange(1, 40)
    amps = 1 / h**1.25 / (1 + (f0 * h / 2800) ** 8)
    return chorus(f0, amps, ((-4, 0.5), (-1, 0.8), (0, 1.0), (2, 0.7), (4, 0.4)),
                  seed=2000 + pitch)


def flute(pitch: int) -> np.ndarray:
    f0 = hz(pitch)
    h = np.arange(1, 8)
    amps = np.array([1.0, 0.45, 0.2, 0.1, 0.05, 0.025, 0.012]) / (1 + (f0 * h / 5000) ** 8)
    return vibrato(f0, amps, rate_hz=5.0, depth=0.0035, seed=3000 + pitch)


VOICES = {"strings": strings, "pad": pad, "flute": flute}
