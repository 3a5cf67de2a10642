"""The native codec work behind music.sound.audio's encoders. These functions run in the isolated
worker processes (core.isolation), never in the serving process: call music.sound.audio instead.

MP3 is made by LAME through lameenc (music.sound.mp3) where it is installed, and by libsndfile's
own MP3 encoder otherwise; every other format by libsndfile.
"""

from __future__ import annotations

import io

import numpy as np
import soundfile

from music.sound import mp3
from music.sound.pcm import to_pcm16

__all__ = ["FORMATS", "decode", "encode_samples", "mp3_encoder", "to_pcm16", "transcode"]

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
    if fmt == "mp3":
        made = mp3.encode(to_pcm16(_two_d(samples)), sample_rate)
        if made is not None:
            return made
    return _libsndfile(samples, fmt, sample_rate)


def transcode(data: bytes, fmt: str) -> bytes:
    """An audio file (our WAV) as a file in `fmt`, at its own rate and channels."""
    if fmt == "mp3" and mp3.available():
        # LAME takes 16-bit samples, which is what our WAV holds: no float round trip.
        pcm, sample_rate = soundfile.read(io.BytesIO(data), dtype="int16", always_2d=True)
        made = mp3.encode(pcm, int(sample_rate))
        if made is not None:
            return made
    samples, sample_rate = decode(data)
    return _libsndfile(samples, fmt, sample_rate)


def mp3_encoder() -> str:
    """Which encoder makes this process's MP3s, for the benchmarks and the logs."""
    return "lameenc" if mp3.available() else "libsndfile"


def decode(data: bytes) -> tuple[np.ndarray, int]:
    """An audio file as float32 (frames, channels) samples and its sample rate."""
    samples, sample_rate = soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True)
    return samples, int(sample_rate)


def _two_d(samples: np.ndarray) -> np.ndarray:
    return samples[:, np.newaxis] if samples.ndim == 1 else samples


def _libsndfile(samples: np.ndarray, fmt: str, sample_rate: int) -> bytes:
    container, subtype, _ = FORMATS[fmt]
    channels = 1 if samples.ndim == 1 else samples.shape[1]
    buffer = io.BytesIO()
    with soundfile.SoundFile(buffer, "w", samplerate=sample_rate, channels=channels,
                             format=container, subtype=subtype) as out:
        for start in range(0, len(samples), BLOCK_FRAMES):
            out.write(samples[start:start + BLOCK_FRAMES])
    return buffer.getvalue()
