"""16-bit PCM and its WAV file, in numpy and the standard library: no native codec, so this
runs in the serving process (the playable WAV of a track needs no trip to a worker)."""

from __future__ import annotations

import io
import wave

import numpy as np


def to_pcm16(samples: np.ndarray) -> np.ndarray:
    """float samples in [-1, 1] as little-endian int16: scaled by 32768, rounded down, full
    scale clipped to 32767 (what libsndfile writes, give or take one step on a few samples)."""
    scaled = np.floor(np.asarray(samples, dtype=np.float32) * np.float32(32768))
    return np.clip(scaled, -32768, 32767).astype("<i2")


def wav_file(samples: np.ndarray, sample_rate: int) -> bytes:
    """float samples, (frames,) or (frames, channels), as a 16-bit PCM WAV file."""
    pcm = to_pcm16(samples)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1 if pcm.ndim == 1 else pcm.shape[1])
        out.setsampwidth(2)
        out.setframerate(int(sample_rate))
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()
