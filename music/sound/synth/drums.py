"""A small synthesised kit, one one-shot per General MIDI drum key.

Kick and toms are pitch-swept sines, snare and clap a tone plus band-passed noise, hats and
cymbals high-passed noise over clangorous square-wave partials (the analogue drum machine
recipe). The pitched drums are tuned to the piece's tonic, as producers tune a kick to
the key, so they reinforce the key instead of blurring it. Noise comes from fixed seeds,
so every hit is the same every time.
"""

from __future__ import annotations

import functools

import numpy as np

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
)
from music.sound.synth.struck import SR

# Six detuned square waves: the metallic core of analogue hats and cymbals.
_METAL_HZ = (205.3, 304.4, 369.6, 522.7, 540.0, 800.0)


def _time(seconds: float) -> np.ndarray:
    return np.arange(round(seconds * SR)) / SR


def _band_noise(seconds: float, low: float, high: float, seed: int) -> np.ndarray:
    count = round(seconds * SR)
    spectrum = np.fft.rfft(np.random.default_rng(seed).standard_normal(count))
    freqs = np.fft.rfftfreq(count, 1 / SR)
    # Smooth band edges (second-order-like slopes) rather than brick walls.
    spectrum *= 1 / (1 + (low / np.maximum(freqs, 1)) ** 4) / (1 + (freqs / high) ** 4)
    noise = np.fft.irfft(spectrum, count)
    return noise / (np.sqrt(np.mean(noise**2)) + 1e-12)


@functools.lru_cache(maxsize=4)
def _metal(seconds: float, high_pass: float) -> np.ndarray:
    """Six band-limited square waves summed, high-passed, built bin by bin in one FFT."""
    count = round(seconds * SR)
    spectrum = np.zeros(count // 2 + 1, dtype=np.complex128)
    for i, freq in enumerate(_METAL_HZ):
        odd = np.arange(1, int(20000 / freq) + 1, 2)
        bins = np.round(freq * odd * count / SR).astype(int)
        np.add.at(spectrum, bins, np.exp(1j * (odd * i - np.pi / 2)) / odd)
    freqs = np.fft.rfftfreq(count, 1 / SR)
    spectrum *= 1 / (1 + (high_pass / np.maximum(freqs, 1)) ** 4) / (1 + (freqs / 16000) ** 4)
    metal = np.fft.irfft(spectrum, count)
    metal /= np.sqrt(np.mean(metal**2)) + 1e-12
    metal.setflags(write=False)
    return metal


def _sweep(seconds: float, start: float, end: float, bend: float, decay: float) -> np.ndarray:
    t = _time(seconds)
    freq = end + (start - end) * np.exp(-t / bend)
    phase = 2 * np.pi * np.cumsum(freq) / SR
    return np.sin(phase) * np.exp(-t / decay)


def tuned(tonic: int, low: float) -> float:
    """The frequency of pitch class `tonic` (0 = C) in the octave starting at `low` Hz."""
    c = 440 * 2 ** (-9 / 12)  # C4
    freq = c * 2 ** (tonic / 12)
    while freq >= 2 * low:
        freq /= 2
    while freq < low:
        freq *= 2
    return freq


def kick(tonic: int) -> np.ndarray:
    body = _sweep(0.5, 140, tuned(tonic, 41), 0.035, 0.16)
    click = _band_noise(0.5, 1500, 6000, 1) * np.exp(-_time(0.5) / 0.003) * 0.12
    return np.tanh(1.6 * (body + click)) / np.tanh(1.6)


def snare(tonic: int) -> np.ndarray:
    t = _time(0.35)
    body = tuned(tonic + 7, 150)  # on the fifth
    tone = (np.sin(2 * np.pi * body * t) + 0.4 * np.sin(2 * np.pi * 2 * body * t)) * \
        np.exp(-t / 0.05)
    rattle = _band_noise(0.35, 1200, 9000, 2) * np.exp(-t / 0.09)
    return 0.55 * tone + 0.3 * rattle


def rim(tonic: int) -> np.ndarray:
    t = _time(0.08)
    click = (np.sin(2 * np.pi * tuned(tonic, 1300) * t) * 0.6
             + _band_noise(0.08, 2000, 8000, 3) * 0.2)
    return click * np.exp(-t / 0.012)


def clap(tonic: int) -> np.ndarray:
    t = _time(0.3)
    noise = _band_noise(0.3, 900, 5000, 4)
    envelope = sum(np.where(t >= d, np.exp(-(t - d) / 0.008), 0) for d in (0, 0.011, 0.022))
    envelope = envelope * 0.6 + np.where(t >= 0.03, np.exp(-(t - 0.03) / 0.07), 0)
    return noise * envelope * 0.35


@functools.lru_cache(maxsize=8)
def hat(seconds: float, decay: float, seed: int) -> np.ndarray:
    t = _time(seconds)
    sound = 0.6 * _metal(seconds, 7000) + 0.5 * _band_noise(seconds, 7000, 16000, seed)
    return sound * np.exp(-t / decay) * 0.25


@functools.lru_cache(maxsize=8)
def cymbal(seconds: float, decay: float, seed: int) -> np.ndarray:
    t = _time(seconds)
    sound = 0.5 * _metal(seconds, 4000) + 0.7 * _band_noise(seconds, 3500, 15000, seed)
    return sound * np.exp(-t / decay) * 0.2


def shaker(tonic: int) -> np.ndarray:
    t = _time(0.12)
    envelope = (1 - np.exp(-t / 0.012)) * np.exp(-t / 0.03)
    return _band_noise(0.12, 4000, 11000, 5) * envelope * 0.3


def tom(pitch_hz: float) -> np.ndarray:
    return _sweep(0.45, pitch_hz * 1.6, pitch_hz, 0.04, 0.17) * 0.8


KIT = {KICK: kick, SNARE: snare, RIM: rim, CLAP: clap, SHAKER: shaker,
       CLOSED_HAT: lambda tonic: hat(0.15, 0.035, 6), OPEN_HAT: lambda tonic: hat(0.6, 0.16, 7),
       RIDE: lambda tonic: cymbal(1.2, 0.35, 8), CRASH: lambda tonic: cymbal(2.5, 0.8, 9),
       LOW_TOM: lambda tonic: tom(tuned(tonic, 82)),
       HIGH_TOM: lambda tonic: tom(tuned(tonic + 7, 110))}


def hit(key: int, tonic: int = 0) -> np.ndarray:
    """The one-shot for a drum key, tuned to pitch class `tonic`: float32, from silence to
    silence."""
    # A copy: hats and cymbals are cached and must stay as they are.
    sound = np.array(KIT.get(key, KIT[SNARE])(tonic), dtype=np.float64)
    rise = round(0.0005 * SR)  # from silence without a click, keeping the transient
    sound[:rise] *= np.linspace(0, 1, rise)
    fade = min(sound.size, round(0.01 * SR))
    sound[-fade:] *= np.linspace(1, 0, fade)
    return sound.astype(np.float32)
