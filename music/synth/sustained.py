"""Sustained instruments as seamless loops built in the frequency domain.

A loop is one inverse FFT: every harmonic is drawn into the spectrum, either as a Gaussian
band with random phases (PADsynth, after Nasca Octavian Paul: an ensemble's slowly beating
chorus, here strings and pads) or as exact bins with frequency-modulation side bands (a
solo flute's vibrato). Anything on the bin grid repeats exactly after LOOP frames, so a
note of any length is the loop read round and round with no seam, and nothing lies above
0.45 × the sample rate, so nothing aliases.
"""

from __future__ import annotations

import numpy as np
from scipy import fft, special

from music.synth.struck import NYQUIST_GUARD, SR, hz

LOOP = 2**17  # ~3 s
_BIN_HZ = SR / LOOP
_FREQS = np.arange(LOOP // 2 + 1) * _BIN_HZ


def _finish(spectrum: np.ndarray) -> np.ndarray:
    loop = fft.irfft(spectrum, LOOP).astype(np.float32)
    return loop / (np.sqrt(np.mean(loop**2)) + 1e-12) * np.float32(0.25)


def ensemble(f0: float, amps: np.ndarray, cents: float, widening: float,
             seed: int) -> np.ndarray:
    """PADsynth: harmonic h spread over a Gaussian band `cents` wide × h**widening."""
    spectrum = np.zeros(LOOP // 2 + 1)
    for h, amp in enumerate(amps, start=1):
        centre = f0 * h
        if centre >= NYQUIST_GUARD:
            break
        width = max(_BIN_HZ, (2 ** (cents / 1200) - 1) * f0 * h**widening)
        lo = max(1, int((centre - 4 * width) / _BIN_HZ))
        hi = min(spectrum.size, int((centre + 4 * width) / _BIN_HZ) + 2)
        band = np.exp(-(((_FREQS[lo:hi] - centre) / width) ** 2))
        spectrum[lo:hi] += amp * band / np.sqrt(width)
    phases = np.random.default_rng(seed).uniform(0, 2 * np.pi, spectrum.size)
    return _finish(spectrum * np.exp(1j * phases))


def chorus(f0: float, amps: np.ndarray, voices: tuple[tuple[int, float], ...],
           seed: int) -> np.ndarray:
    """Every harmonic as a few exact sinusoids a bin or two apart: the slow beating of an
    ensemble (beats under 1.5 Hz, whatever the harmonic), with no noise in the tone."""
    spectrum = np.zeros(LOOP // 2 + 1, dtype=np.complex128)
    rng = np.random.default_rng(seed)
    for h, amp in enumerate(amps, start=1):
        centre = round(f0 * h / _BIN_HZ)
        if centre * _BIN_HZ >= NYQUIST_GUARD:
            break
        for offset, share in voices:
            spectrum[centre + offset] += amp * share * np.exp(1j * rng.uniform(0, 2 * np.pi))
    return _finish(spectrum)


def _air(f0: float, rng: np.random.Generator) -> np.ndarray:
    """Breath noise with unit energy: a soft band around the fourth harmonic."""
    shape = np.exp(-(((np.log2(np.maximum(_FREQS, 1)) - np.log2(min(6000, 4 * f0))) / 1.0) ** 2))
    shape[_FREQS > 9000] = 0
    noise = shape * np.exp(1j * rng.uniform(0, 2 * np.pi, shape.size))
    return noise / np.sqrt(np.sum(shape**2))


def solo(f0: float, amps: np.ndarray, vibrato_hz: float, depth: float, seed: int,
         breath_db: float) -> np.ndarray:
    """Exact harmonics with a vibrato of `depth` (fraction of the pitch) as FM side bands,
    and breath noise `breath_db` under the tone."""
    spectrum = np.zeros(LOOP // 2 + 1, dtype=np.complex128)
    rate_bins = max(1, round(vibrato_hz / _BIN_HZ))
    rng = np.random.default_rng(seed)
    for h, amp in enumerate(amps, start=1):
        centre = round(f0 * h / _BIN_HZ)
        if centre * _BIN_HZ >= NYQUIST_GUARD:
            break
        beta = depth * f0 * h / (rate_bins * _BIN_HZ)
        phase = rng.uniform(0, 2 * np.pi)
        for k in range(-4, 5):
            index = centre + k * rate_bins
            if 0 < index < spectrum.size:
                spectrum[index] += amp * special.jv(k, beta) * np.exp(1j * phase)
    tone = np.sqrt(np.sum(np.abs(spectrum) ** 2))
    return _finish(spectrum + _air(f0, rng) * tone * 10 ** (breath_db / 20))


def strings(pitch: int) -> np.ndarray:
    f0 = hz(pitch)
    h = np.arange(1, 48)
    freqs = f0 * h
    body = 1 + 0.8 * np.exp(-(((freqs - 1100) / 500) ** 2)) + 0.4 * np.exp(
        -(((freqs - 2600) / 700) ** 2))
    amps = body / h / (1 + (freqs / 4000) ** 8)
    return chorus(f0, amps, ((-2, 0.55), (0, 1.0), (3, 0.45)), seed=1000 + pitch)


def pad(pitch: int) -> np.ndarray:
    f0 = hz(pitch)
    h = np.arange(1, 40)
    freqs = f0 * h
    amps = 1 / h**1.25 / (1 + (freqs / 2800) ** 8)
    return chorus(f0, amps, ((-4, 0.5), (-1, 0.8), (0, 1.0), (2, 0.7), (4, 0.4)),
                  seed=2000 + pitch)


def flute(pitch: int) -> np.ndarray:
    f0 = hz(pitch)
    h = np.arange(1, 8)
    amps = np.array([1.0, 0.45, 0.2, 0.1, 0.05, 0.025, 0.012]) / (1 + (f0 * h / 5000) ** 8)
    return solo(f0, amps, vibrato_hz=5.0, depth=0.0035, seed=3000 + pitch, breath_db=-200)


VOICES = {"strings": strings, "pad": pad, "flute": flute}
