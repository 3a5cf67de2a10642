"""Audio plumbing shared by every composer: sample rate, encodes, loudness, the player envelope.

Loudness follows ITU-R BS.1770-4 (K-weighting, 400 ms blocks with 75 % overlap, absolute gate
at −70 LUFS and relative gate 10 LU below the ungated level).
"""

from __future__ import annotations

import io
from math import gcd

import numpy as np
from scipy import signal

SAMPLE_RATE = 44100
_SUBTYPES = {"wav": ("WAV", "PCM_16"), "ogg": ("OGG", "VORBIS"), "mp3": ("MP3", "MPEG_LAYER_III"),
             "flac": ("FLAC", "PCM_16")}


def to_stereo_44k(audio: np.ndarray, sample_rate: int) -> np.ndarray:
    """float32 (frames, 2) at 44.1 kHz from any rate and channel count."""
    audio = np.asarray(audio, dtype=np.float32)
    if audio.ndim == 1:
        audio = audio[:, None]
    if audio.shape[1] == 1:
        audio = np.repeat(audio, 2, axis=1)
    elif audio.shape[1] > 2:
        audio = audio[:, :2]
    if sample_rate != SAMPLE_RATE:
        divisor = gcd(SAMPLE_RATE, int(sample_rate))
        audio = signal.resample_poly(audio, SAMPLE_RATE // divisor, int(sample_rate) // divisor,
                                     axis=0).astype(np.float32)
    return np.ascontiguousarray(audio)


def encode(audio: np.ndarray, fmt: str, sample_rate: int = SAMPLE_RATE) -> bytes:
    """WAV (16-bit PCM), OGG (Vorbis), MP3 or FLAC bytes of float audio in [-1, 1]."""
    import soundfile

    container, subtype = _SUBTYPES[fmt]
    out = io.BytesIO()
    soundfile.write(out, np.clip(audio, -1.0, 1.0), sample_rate, format=container,
                    subtype=subtype)
    return out.getvalue()


def waveform(audio: np.ndarray, points: int = 200) -> list[float]:
    """Peak envelope in `points` buckets, scaled so the loudest is 1 (for drawing a player)."""
    mono = np.abs(np.asarray(audio, dtype=np.float32))
    if mono.ndim == 2:
        mono = mono.max(axis=1)
    if mono.size == 0:
        return [0.0] * points
    if mono.size < points:
        mono = np.pad(mono, (0, points - mono.size))
    starts = np.linspace(0, mono.size, points, endpoint=False).astype(int)
    peaks = np.maximum.reduceat(mono, starts)
    top = peaks.max()
    if top > 0:
        peaks = peaks / top
    return [round(float(p), 3) for p in peaks]


def _k_weighting(sample_rate: int) -> tuple[np.ndarray, np.ndarray]:
    """The two BS.1770 pre-filters (high shelf, then high pass) as one biquad cascade (sos)."""
    # Shelf: +4 dB above ~1.5 kHz. High pass: ~38 Hz. Coefficients from the analogue
    # prototypes through the bilinear transform, valid at any sample rate.
    gain_db, f_shelf, q_shelf = 3.999843853973347, 1681.974450955533, 0.7071752369554196
    k = np.tan(np.pi * f_shelf / sample_rate)
    vh = 10 ** (gain_db / 20)
    vb = vh ** 0.4996667741545416
    a0 = 1 + k / q_shelf + k * k
    shelf = np.array([(vh + vb * k / q_shelf + k * k) / a0, 2 * (k * k - vh) / a0,
                      (vh - vb * k / q_shelf + k * k) / a0, 1.0, 2 * (k * k - 1) / a0,
                      (1 - k / q_shelf + k * k) / a0])
    f_hp, q_hp = 38.13547087602444, 0.5003270373238773
    k = np.tan(np.pi * f_hp / sample_rate)
    a0 = 1 + k / q_hp + k * k
    highpass = np.array([1.0, -2.0, 1.0, 1.0, 2 * (k * k - 1) / a0, (1 - k / q_hp + k * k) / a0])
    return np.vstack([shelf, highpass]), np.array([1.0, 1.0])


def loudness_lufs(audio: np.ndarray, sample_rate: int) -> float:
    """Integrated loudness in LUFS (−inf for silence)."""
    audio = np.asarray(audio, dtype=np.float64)
    if audio.ndim == 1:
        audio = audio[:, None]
    sos, _ = _k_weighting(sample_rate)
    weighted = signal.sosfilt(sos, audio, axis=0)
    block, hop = int(0.4 * sample_rate), int(0.1 * sample_rate)
    if weighted.shape[0] < block:
        return float("-inf")
    squares = np.cumsum(np.vstack([np.zeros((1, weighted.shape[1])), weighted**2]), axis=0)
    starts = np.arange(0, weighted.shape[0] - block + 1, hop)
    power = ((squares[starts + block] - squares[starts]) / block).sum(axis=1)
    with np.errstate(divide="ignore"):
        levels = -0.691 + 10 * np.log10(power)
    gated = power[levels > -70.0]
    if gated.size == 0:
        return float("-inf")
    relative = -0.691 + 10 * np.log10(gated.mean()) - 10.0
    final = power[(levels > -70.0) & (levels > relative)]
    return float(-0.691 + 10 * np.log10(final.mean()))


def normalise_loudness(audio: np.ndarray, sample_rate: int, *, target: float = -14.0,
                       peak_dbfs: float = -1.0) -> np.ndarray:
    """Scale to `target` LUFS, then keep every sample peak at or below `peak_dbfs`.

    Peaks above the ceiling after the gain are tamed by a soft knee rather than clipped, so
    the loudness stays near the target for dense material.
    """
    audio = np.asarray(audio, dtype=np.float32)
    current = loudness_lufs(audio, sample_rate)
    if not np.isfinite(current):
        return audio
    audio = audio * np.float32(10 ** ((target - current) / 20))
    ceiling = np.float32(10 ** (peak_dbfs / 20))
    knee = ceiling * np.float32(0.8)
    magnitude = np.abs(audio)
    over = magnitude > knee
    if over.any():
        # Above the knee, compress smoothly towards the ceiling (tanh never reaches it).
        span = ceiling - knee
        squashed = knee + span * np.tanh((magnitude[over] - knee) / span)
        audio[over] = np.sign(audio[over]) * squashed
    return audio
