"""Engine-independent audio helpers: one sample rate and layout, encoders, a player waveform.

Every composer's audio goes through these, so tracks look alike downstream: float32
(frames, 2) at 44.1 kHz, normalised to -14 LUFS with peaks under -1 dBFS.
"""

from __future__ import annotations

import io
import itertools
from math import gcd

import numpy as np
import soundfile
from scipy import signal

from music.loudness import loudness_lufs, normalise_loudness, true_peak_dbfs

__all__ = ["FORMATS", "SAMPLE_RATE", "encode", "loudness_lufs", "normalise_loudness",
           "to_stereo_44k", "true_peak_dbfs", "waveform"]

SAMPLE_RATE = 44100
# format → (soundfile container, subtype, media type)
FORMATS = {
    "wav": ("WAV", "PCM_16", "audio/wav"),
    "mp3": ("MP3", "MPEG_LAYER_III", "audio/mpeg"),
    "ogg": ("OGG", "VORBIS", "audio/ogg"),
    "flac": ("FLAC", "PCM_16", "audio/flac"),
}


def _as_float(audio: np.ndarray) -> np.ndarray:
    audio = np.asarray(audio)
    if np.issubdtype(audio.dtype, np.integer):
        return audio.astype(np.float32) / np.float32(np.iinfo(audio.dtype).max)
    return audio.astype(np.float32, copy=False)


def to_stereo_44k(audio: np.ndarray, sample_rate: int) -> np.ndarray:
    """float32 (frames, 2) at SAMPLE_RATE from mono or (frames, channels) at any rate.

    Integer PCM is scaled to [-1, 1]; mono is copied to both sides; more than two channels
    are folded down to their first two.
    """
    audio = _as_float(audio)
    if audio.ndim == 1:
        audio = audio[:, np.newaxis]
    if audio.ndim != 2 or audio.shape[1] == 0:
        raise ValueError(f"Expected mono or (frames, channels) audio, got shape {audio.shape}.")
    audio = np.repeat(audio, 2, axis=1) if audio.shape[1] == 1 else audio[:, :2]
    if sample_rate != SAMPLE_RATE:
        common = gcd(int(sample_rate), SAMPLE_RATE)
        audio = signal.resample_poly(audio, SAMPLE_RATE // common, int(sample_rate) // common,
                                     axis=0)
    return np.ascontiguousarray(audio, dtype=np.float32)


def encode(audio: np.ndarray, fmt: str, sample_rate: int = SAMPLE_RATE) -> bytes:
    """The audio as a file in `fmt`: "wav" (16-bit PCM), "mp3", "ogg" (Vorbis) or "flac"."""
    try:
        container, subtype, _ = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"Unknown audio format {fmt!r}; use one of {', '.join(FORMATS)}."
                         ) from None
    buffer = io.BytesIO()
    samples = np.clip(_as_float(audio), -1.0, 1.0)
    soundfile.write(buffer, samples, sample_rate, format=container, subtype=subtype)
    return buffer.getvalue()


def waveform(audio: np.ndarray, points: int = 200) -> list[float]:
    """`points` peak levels (0..1, loudest = 1) across the audio, for drawing a player."""
    if points < 1:
        raise ValueError("points must be at least 1.")
    level = np.abs(_as_float(audio))
    if level.ndim == 2:
        level = level.max(axis=1)
    if level.size == 0:
        return [0.0] * points
    edges = np.linspace(0, level.size, points + 1).round().astype(int)
    peaks = np.array([level[a:b].max() if b > a else level[min(a, level.size - 1)]
                      for a, b in itertools.pairwise(edges)])
    top = float(peaks.max())
    if top <= 0:
        return [0.0] * points
    return [round(float(p) / top, 4) for p in peaks]
