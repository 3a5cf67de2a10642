"""16-bit PCM and its WAV file, in numpy and the standard library: no native codec, so this
runs in the serving process (the playable WAV of a track needs no trip to a worker)."""

from __future__ import annotations

import struct

import numpy as np

# Samples converted at a time: a cache-sized float32 scratch instead of whole-track copies.
_CHUNK = 1 << 16
_HEADER = struct.Struct("<4sI4s4sIHHIIHH4sI")


def to_pcm16(samples: np.ndarray) -> np.ndarray:
    """float samples in [-1, 1] as little-endian int16: scaled by 32768, rounded down, full
    scale clipped to 32767 (what libsndfile writes, give or take one step on a few samples)."""
    samples = np.asarray(samples, dtype=np.float32)
    out = np.empty(samples.shape, dtype="<i2")
    _convert(samples.reshape(-1), out.reshape(-1))
    return out


def wav_file(samples: np.ndarray, sample_rate: int) -> bytes:
    """float samples, (frames,) or (frames, channels), as a 16-bit PCM WAV file."""
    samples = np.ascontiguousarray(samples, dtype=np.float32)
    channels = 1 if samples.ndim == 1 else samples.shape[1]
    size = samples.size * 2
    rate = int(sample_rate)
    data = bytearray(_HEADER.size + size)
    _HEADER.pack_into(data, 0, b"RIFF", 36 + size, b"WAVE", b"fmt ", 16, 1, channels,
                      rate, rate * channels * 2, channels * 2, 16, b"data", size)
    # The samples are converted straight into the file's bytes: no whole-track temporaries.
    _convert(samples.reshape(-1), np.frombuffer(data, dtype="<i2", offset=_HEADER.size))
    return bytes(data)


def _convert(samples: np.ndarray, out: np.ndarray) -> None:
    scratch = np.empty(min(_CHUNK, samples.size), dtype=np.float32)
    for start in range(0, samples.size, _CHUNK):
        end = min(start + _CHUNK, samples.size)
        part = scratch[: end - start]
        np.multiply(samples[start:end], np.float32(32768), out=part)
        np.floor(part, out=part)
        np.clip(part, -32768, 32767, out=part)
        out[start:end] = part
