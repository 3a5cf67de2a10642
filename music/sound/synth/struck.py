"""Struck and plucked instruments as sums of decaying partials (modal synthesis).

Each note is rendered once per pitch as a one-shot that rings out; the renderer cuts it at
the note's end with a short release. Partials stop below 0.45 × the sample rate, so nothing
aliases, and each one is computed only while it is audible (high partials die quickly),
which keeps a new pitch to a millisecond or two.
"""

from __future__ import annotations

import math

import numpy as np

SR = 44100
NYQUIST_GUARD = 0.45 * SR
_FRAMES = np.arange(8 * SR, dtype=np.float32)
_BLOCK = 4096
_WITHIN = np.arange(_BLOCK, dtype=np.float32)


def hz(pitch: float) -> float:
    return 440.0 * 2 ** ((pitch - 69) / 12)


def _sine(count: int, cycles_per_frame: float, phase: float) -> np.ndarray:
    """sin(2π(f·n + phase)) in float32, exact in phase however long: the phase is wrapped
    per block of _BLOCK frames, and within a block float32 is precise enough."""
    blocks = -(-count // _BLOCK)
    starts = ((np.arange(blocks) * _BLOCK * cycles_per_frame + phase) % 1.0).astype(np.float32)
    within = _WITHIN * np.float32(cycles_per_frame)
    turns = (starts[:, None] + within[None, :]).reshape(-1)[:count]
    return np.sin(np.float32(2 * np.pi) * turns)


def _decay(count: int, seconds: float) -> np.ndarray:
    """e^(-t/seconds) per frame, as an outer product of per-block and within-block factors
    (one multiply a frame instead of an exp)."""
    rate = -1.0 / (seconds * SR)
    blocks = -(-count // _BLOCK)
    outer = np.exp(np.arange(blocks) * (_BLOCK * rate)).astype(np.float32)
    inner = np.exp(_WITHIN * np.float32(rate))
    return (outer[:, None] * inner[None, :]).reshape(-1)[:count]


def partials(freqs, amps, decays, seconds: float, *, slow=None, slow_share: float = 0.0,
             seed: int = 0) -> np.ndarray:
    """Sum of sinusoids with exponential decays (seconds to fall by 1/e).

    With `slow`, each partial's envelope is (1 - slow_share)·e^(-t/decay) +
    slow_share·e^(-t/slow): the quick fall then long tail of a struck string. A partial
    stops once it is 60 dB down.
    """
    length = round(seconds * SR)
    out = np.zeros(length, dtype=np.float32)
    phases = np.random.default_rng(seed).uniform(0, 1, len(freqs))
    slow = decays if slow is None else slow
    floor = 1e-3 * max(amps)
    for freq, amp, decay, tail, phase in zip(freqs, amps, decays, slow, phases, strict=False):
        if freq >= NYQUIST_GUARD or amp <= floor:
            continue
        lasts = decay * math.log(amp / floor)
        if slow_share:
            lasts = max(lasts, tail * math.log(max(1.0, slow_share * amp / floor)))
        audible = min(length, math.ceil(lasts * SR))
        envelope = _decay(audible, decay)
        if slow_share:
            envelope *= np.float32(1 - slow_share)
            envelope += np.float32(slow_share) * _decay(audible, tail)
        envelope *= np.float32(amp)
        out[:audible] += _sine(audible, freq / SR, phase) * envelope
    return out


def _attack(sample: np.ndarray, seconds: float) -> np.ndarray:
    count = max(2, round(seconds * SR))
    sample[:count] *= np.sin(np.linspace(0, np.pi / 2, count, dtype=np.float32)) ** 2
    tail = min(sample.size, round(0.05 * SR))
    sample[-tail:] *= np.linspace(1, 0, tail, dtype=np.float32)
    return sample


def noise_burst(seconds: float, low: float, high: float, seed: int) -> np.ndarray:
    """A short band-passed noise click, peak 1: the hammer, mallet, pick or tine strike
    that makes a note's start crisp across the top octaves."""
    count = round(seconds * SR)
    noise = np.random.default_rng(seed).standard_normal(count)
    spectrum = np.fft.rfft(noise)
    freqs = np.fft.rfftfreq(count, 1 / SR)
    spectrum *= 1 / (1 + (low / np.maximum(freqs, 1)) ** 4) / (1 + (freqs / high) ** 4)
    burst = np.fft.irfft(spectrum, count) * np.exp(-np.arange(count) / (count / 6))
    return (burst / (np.abs(burst).max() + 1e-9)).astype(np.float32)


def _strike(sample: np.ndarray, level: float, seed: int, low: float = 2500,
            high: float = 11000) -> None:
    burst = noise_burst(0.025, low, high, seed) * np.float32(level * np.abs(sample).max())
    sample[: burst.size] += burst


def piano(pitch: int) -> np.ndarray:
    f0 = hz(pitch)
    count = max(4, min(16, int(8000 / f0)))
    h = np.arange(1, count + 1)
    stretch = 1.2e-4 * 2 ** ((pitch - 60) / 14)  # strings grow stiffer up the keyboard
    freqs = f0 * h * np.sqrt(1 + stretch * h**2)
    amps = (0.4 + 0.6 * np.abs(np.sin(np.pi * h / 7.3))) / h**1.1  # hammer at ~1/7
    ring = 6.5 * 2 ** (-(pitch - 36) / 18)
    seconds = min(4.5, max(1.5, 2.2 * ring))
    # The low partials fall fast then ring on (the two-stage decay of coupled strings);
    # the upper ones simply die away.
    low = h <= 4
    sample = partials(freqs[low], amps[low], ring / 5 / (1 + 0.22 * (h[low] - 1)), seconds,
                      slow=ring / (1 + 0.3 * (h[low] - 1)), slow_share=0.3, seed=pitch)
    sample += partials(freqs[~low], amps[~low], ring / 4 / (1 + 0.3 * (h[~low] - 1)), seconds,
                       seed=pitch + 1)
    _strike(sample, 0.08, pitch)
    return _attack(sample, 0.002)


def electric_piano(pitch: int) -> np.ndarray:
    """A tine piano by FM: a sine bending a sine of the same frequency, the bend (brightness)
    fading fast after the strike, plus the tine's brief high ping."""
    f0 = hz(pitch)
    seconds = min(4.0, max(1.5, 3.6 * 2 ** (-(pitch - 48) / 24)))
    count = round(seconds * SR)
    t = _FRAMES[:count] / np.float32(SR)
    index = np.float32(2.0 * min(1.0, (330 / f0) ** 0.5)) * (0.3 + 0.7 * np.exp(-t / 0.22))
    modulator = _sine(count, f0 / SR, 0.0)
    carrier = _sine(count, f0 / SR, 0.25)  # a cosine: phase of the body without recomputing
    # sin(c + i·sin c) = sin c·cos(i·sin c) + cos c·sin(i·sin c)
    bend = index * modulator
    body = modulator * np.cos(bend) + carrier * np.sin(bend)
    decay = 2.2 * 2 ** (-(pitch - 48) / 20)
    sample = (body * (0.75 * np.exp(-t / decay) + 0.25 * np.exp(-t / (decay * 3)))).astype(
        np.float32)
    ping = 7 * f0 if 7 * f0 < 9000 else 3 * f0
    sample += partials([ping], [0.15], [0.03], seconds, seed=pitch)
    sample *= 0.8
    _strike(sample, 0.06, pitch)
    return _attack(sample, 0.0015)


def bells(pitch: int) -> np.ndarray:
    """Celesta-like bars: a pure fundamental, a few slightly sharp upper modes."""
    f0 = hz(pitch)
    ratios = np.array([1.0, 1.0018, 2.01, 3.0, 4.16, 5.43])
    amps = np.array([0.6, 0.4, 0.22, 0.3, 0.1, 0.04])
    scale = 2 ** (-(pitch - 72) / 24)
    decays = np.array([2.6, 2.6, 1.0, 0.7, 0.3, 0.12]) * scale
    sample = partials(f0 * ratios, amps, decays, min(5.0, 3.2 * scale + 1), seed=pitch)
    _strike(sample, 0.05, pitch, low=4000, high=14000)
    return _attack(sample, 0.001)


def marimba(pitch: int) -> np.ndarray:
    f0 = hz(pitch)
    scale = 2 ** (-(pitch - 60) / 24)
    # Bars are cut so their overtones sit two octaves and three octaves and a third above:
    # the tuned 1 : 4 : 10 of a concert marimba.
    sample = partials(f0 * np.array([1.0, 4.0, 10.0, 2.0]), [1.0, 0.16, 0.035, 0.05],
                      np.array([0.55, 0.09, 0.03, 0.2]) * scale, min(2.0, 1.4 * scale + 0.3),
                      seed=pitch)
    _strike(sample, 0.1, pitch, low=1500)
    return _attack(sample, 0.001)


def pluck(pitch: int) -> np.ndarray:
    """A harp-like pluck: harmonic partials, the higher ones damped sooner (as in a
    Karplus–Strong string), the pluck point shaping the spectrum."""
    f0 = hz(pitch)
    count = max(3, min(24, int(11000 / f0)))
    h = np.arange(1, count + 1)
    amps = (0.25 + np.abs(np.sin(np.pi * h * 0.21))) / h
    ring = 1.9 * 2 ** (-(pitch - 48) / 22)
    decays = ring / (1 + 0.3 * (h - 1) ** 1.1)
    sample = partials(f0 * h, amps, decays, min(3.0, ring * 2 + 0.3), seed=pitch)
    _strike(sample, 0.1, pitch)
    return _attack(sample, 0.0012)


def bass(pitch: int) -> np.ndarray:
    """A round finger bass: strong fundamental, few upper harmonics (a weak fifth harmonic
    keeps minor keys minor), a long slow tail so held notes sustain."""
    f0 = hz(pitch)
    h = np.arange(1, 9)
    amps = np.array([0.8, 0.6, 0.3, 0.12, 0.05, 0.04, 0.02, 0.015])
    decays = 0.7 / (1 + 0.5 * (h - 1))
    tails = 5.0 / (1 + 0.5 * (h - 1))
    sample = partials(f0 * h, amps, decays, 4.0, slow=tails, slow_share=0.6, seed=pitch)
    return _attack(sample, 0.004)


VOICES = {"piano": piano, "electric piano": electric_piano, "bells": bells,
          "marimba": marimba, "pluck": pluck, "bass": bass}
