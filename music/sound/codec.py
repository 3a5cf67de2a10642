"""The libsndfile work behind music.audio's encoders. These functions run in the isolated
worker processes (core.isolation), never in the serving process: call music.audio instead.
"""

from __future__ import annotations

import io

import numpy as np
import soundfile

# format → (soundfile container, subtype, media type)
FORMATS = {
    "wav": ("WAV", "PCM_16", "audio/wav"),
    "mp3": ("MP3", "MPEG_LAYER_III", "audio/mpeg"),
    "ogg": ("OGG", "VORBIS", "audio/ogg"),
    "flac": ("FLAC", "PCM_16", "audio/flac"),
}
# Frames handed to the encoder per write. One write of a whole long track makes libsndfile's
# Vorbis encoder crash (a 50 s stereo track is enough); blocks of this size never do, and the
# encoder's quality settings and output size are the same either way.
BLOCK_FRAMES = 8192


def encode_samples(samples: np.ndarray, fmt: str, sample_rate: int) -> bytes:
    """float samples in [-1, 1], (frames,) or (frames, channels), as a file in `fmt`."""
    container, subtype, _ = FORMATS[fmt]
    channels = 1 if samples.ndim == 1 else samples.shape[1]
    buffer = io.BytesIO()
    with soundfile.SoundFile(buffer, "w", samplerate=sample_rate, channels=channels,
                             format=container, subtype=subtype) as out:
        for start in range(0, len(samples), BLOCK_FRAMES):
            out.write(samples[start:start + BLOCK_FRAMES])
    return buffer.getvalue()


def transcode(data: bytes, fmt: str) -> bytes:
    """An audio file (our WAV) as a file in `fmt`, at its own rate and channels."""
    samples, sample_rate = decode(data)
    return encode_samples(samples, fmt, sample_rate)


def decode(data: bytes) -> tuple[np.ndarray, int]:
    """An audio file as float32 (frames, channels) samples and its sample rate."""
    samples, sample_rate = soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True)
    return samples, int(sample_rate)
