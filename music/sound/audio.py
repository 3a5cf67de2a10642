"""Engine-independent audio helpers: one sample rate and layout, encoders, a player waveform.

Every composer's audio goes through these, so tracks look alike downstream: float32
(frames, 2) at 44.1 kHz, normalised to -14 LUFS with peaks under -1 dBFS. The encoders run in
isolated worker processes (music.sound.codec there): a codec crash fails that file with EncodeError.
The WAV is the exception: 16-bit PCM needs no codec (music.sound.pcm), so it is written right here,
without shipping the samples to a worker and the file back.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from math import gcd
from typing import Any

import numpy as np
from scipy import signal

from core.backends import BackendError
from core.isolation import IsolatedCrash, run_isolated
from music.sound import codec, pcm
from music.sound.codec import FORMATS
from music.sound.loudness import loudness_lufs, normalise_loudness, true_peak_dbfs

__all__ = ["FORMATS", "SAMPLE_RATE", "EncodeError", "encode", "loudness_lufs",
           "normalise_loudness", "to_stereo_44k", "transcode", "true_peak_dbfs", "waveform"]

SAMPLE_RATE = 44100


class EncodeError(BackendError):
    """An encoder crashed or hung on this audio; the message says which file, for people.

    Not permanent: the same encode in a fresh worker may well succeed.
    """


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
    """The audio as a file in `fmt`: "wav" (16-bit PCM), "mp3", "ogg" (Vorbis) or "flac".

    Raises EncodeError if the encoder crashes or hangs.
    """
    _check_format(fmt)
    if fmt == "wav":  # 16-bit PCM clips to full scale itself
        return pcm.wav_file(_as_float(audio), sample_rate)
    samples = np.clip(_as_float(audio), -1.0, 1.0)
    # Looked up on each call (not bound at import) so a test can put a crashing one in.
    return _isolated(codec.encode_samples, (samples, fmt, sample_rate), fmt)


def transcode(data: bytes, fmt: str, *, background: bool = False) -> bytes:
    """An audio file (a track's WAV) as a file in `fmt`; decoded and encoded in a worker.

    `background`: in the low-priority workers (follow-up encodes nobody is waiting for), so
    that they never slow down making the next playable track.
    Raises EncodeError if the decoder or encoder crashes or hangs.
    """
    _check_format(fmt)
    return _isolated(codec.transcode, (data, fmt), fmt, background=background)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"Unknown audio format {fmt!r}; use one of {', '.join(FORMATS)}.")


def _isolated(func: Callable[..., bytes], args: tuple[Any, ...], fmt: str, *,
              background: bool = False) -> bytes:
    try:
        return run_isolated(func, *args, background=background)
    except IsolatedCrash as exc:
        raise EncodeError(f"The {fmt.upper()} file could not be made: its encoder stopped "
                          "before it finished. Please try again.") from exc


def waveform(audio: np.ndarray, points: int = 200) -> list[float]:
    """`points` peak levels (0..1, loudest = 1) across the audio, for drawing a player."""
    if points < 1:
        raise ValueError("points must be at least 1.")
    level = _peak_level(_as_float(audio))
    if level.size == 0:
        return [0.0] * points
    edges = np.linspace(0, level.size, points + 1).round().astype(int)
    if level.size >= points:  # every stretch holds a frame: one pass over the audio
        peaks = np.maximum.reduceat(level, edges[:-1])
    else:
        peaks = np.array([level[a:b].max() if b > a else level[min(a, level.size - 1)]
                          for a, b in itertools.pairwise(edges)])
    top = float(peaks.max())
    if top <= 0:
        return [0.0] * points
    return [round(float(p) / top, 4) for p in peaks]


def _peak_level(samples: np.ndarray) -> np.ndarray:
    """|sample| of the loudest channel, frame by frame."""
    if samples.ndim != 2:
        return np.abs(samples)
    # Channel by channel: numpy's max across each two-sample row is twenty times slower.
    level = np.abs(samples[:, 0])
    for channel in range(1, samples.shape[1]):
        np.maximum(level, np.abs(samples[:, channel]), out=level)
    return level
