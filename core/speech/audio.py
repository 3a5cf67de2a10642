"""Recordings: what we accept, and the 16 kHz mono samples speech recognition wants.

We read audio with soundfile (libsndfile): WAV, FLAC, OGG (Vorbis, Opus) and the other
formats it knows. WebM and MP4, which some browsers record by default, are not among them;
our page records PCM with the Web Audio API and sends WAV instead, and we refuse the others
with a message that says so, rather than download a converter. libsndfile reads them in an
isolated worker process (core.isolation): a recording that crashes it is refused, and the
server carries on.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from math import gcd
from typing import Any, TypeVar

import numpy as np
import soundfile
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from scipy.signal import resample_poly

from core.errors import InputRejected
from core.isolation import IsolatedCrash, run_isolated

T = TypeVar("T")
SAMPLE_RATE = 16_000
FRAME_SECONDS = 0.03
# A 30 ms frame louder than this (RMS of samples in [-1, 1], about -46 dBFS) counts as sound.
SOUND_RMS = 0.005

UNREADABLE_MESSAGE = gettext_lazy("We could not read this recording: the file seems to be "
                                  "damaged. Please record again, or save it as WAV and send "
                                  "that.")
SILENT_MESSAGE = gettext_lazy("We could not hear any words in this recording. Check that the "
                              "right microphone is on and speak close to it, or type your "
                              "dream instead.")


class AudioRejected(InputRejected):
    """A recording we will not take; `message` says why and what to do instead."""

    def __init__(self, message: str, *, status: int = 400, code: str = "invalid_audio") -> None:
        super().__init__(message, status=status, code=code, field="audio")


@dataclass(frozen=True)
class AudioInfo:
    format: str
    seconds: float
    samplerate: int
    channels: int


def audio_validate(data: bytes, *, content_type: str = "") -> AudioInfo:
    """Check a recording before anything is stored; raises AudioRejected."""
    limit = settings.DREAM_AUDIO_MAX_BYTES
    if not data:
        raise AudioRejected(_("The recording is empty. Please record again."), code="empty")
    if len(data) > limit:
        raise AudioRejected(_("The recording is %(size)s; recordings may be at most "
                              "%(limit)s.") % {"size": filesizeformat(len(data)),
                                               "limit": filesizeformat(limit)},
                            status=413, code="too_large")
    found = _isolated(_inspect, data, settings.DREAM_AUDIO_MAX_SECONDS)
    if found is None:
        kind = f" ({content_type})" if content_type else ""
        raise AudioRejected(
            _("Unsupported audio%(kind)s: we accept WAV, FLAC or OGG recordings. Our recording "
              "page sends WAV; from other apps, save or convert the recording to one of "
              "these.") % {"kind": kind},
            status=415, code="unsupported_audio")
    info, sound = found
    if info.seconds > settings.DREAM_AUDIO_MAX_SECONDS:
        minutes = settings.DREAM_AUDIO_MAX_SECONDS // 60
        raise AudioRejected(_("The recording is %(length)s minutes long; recordings may be at "
                              "most %(limit)s minutes.") % {"length": f"{info.seconds / 60:.0f}",
                                                            "limit": minutes}, code="too_long")
    if info.seconds < 0.3 or not sound:
        raise AudioRejected(SILENT_MESSAGE, status=422, code="silent_audio")
    return info


def has_sound(data: bytes) -> bool:
    """Whether any 30 ms stretch of the recording is louder than a quiet room."""
    return _isolated(_has_sound, data)


def pcm16k(data: bytes) -> np.ndarray:
    """The recording as 16 kHz mono float32 samples in [-1, 1]."""
    return _isolated(_pcm16k, data)


def _isolated(func: Callable[..., T], *args: Any) -> T:
    try:
        return run_isolated(func, *args)
    except IsolatedCrash as exc:
        raise AudioRejected(UNREADABLE_MESSAGE, status=422, code="unreadable_audio") from exc


# What runs in the worker process ------------------------------------------------------------

def _inspect(data: bytes, max_seconds: float) -> tuple[AudioInfo, bool] | None:
    """The recording's format and length, and whether it has sound; None if unreadable."""
    try:
        info = soundfile.info(io.BytesIO(data))
    except (soundfile.LibsndfileError, RuntimeError, TypeError):
        return None
    seconds = info.frames / info.samplerate if info.samplerate else 0.0
    found = AudioInfo(format=info.format, seconds=seconds, samplerate=info.samplerate,
                      channels=info.channels)
    # Too long is refused anyway: no need to read all of it.
    return found, 0.3 <= seconds <= max_seconds and _has_sound(data)


def _has_sound(data: bytes) -> bool:
    with soundfile.SoundFile(io.BytesIO(data)) as handle:
        frame = max(1, int(handle.samplerate * FRAME_SECONDS))
        for block in handle.blocks(blocksize=frame * 200, dtype="float32", always_2d=True):
            mono = block.mean(axis=1)
            usable = len(mono) // frame * frame
            if usable and _frame_rms(mono[:usable], frame).max() > SOUND_RMS:
                return True
    return False


def _pcm16k(data: bytes) -> np.ndarray:
    samples, rate = soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True)
    mono = samples.mean(axis=1)
    if rate != SAMPLE_RATE:
        common = gcd(SAMPLE_RATE, int(rate))
        mono = resample_poly(mono, SAMPLE_RATE // common, int(rate) // common)
    return np.clip(mono, -1.0, 1.0).astype(np.float32)


def speech_chunks(samples: np.ndarray, *, max_seconds: float = 25.0) -> list[np.ndarray]:
    """Split long audio at its quietest moments into pieces of at most `max_seconds`."""
    limit = int(max_seconds * SAMPLE_RATE)
    frame = int(FRAME_SECONDS * SAMPLE_RATE)
    chunks = []
    start = 0
    while len(samples) - start > limit:
        window = samples[start + limit // 2:start + limit]
        usable = len(window) // frame * frame
        quietest = int(np.argmin(_frame_rms(window[:usable], frame)))
        cut = start + limit // 2 + quietest * frame + frame // 2
        chunks.append(samples[start:cut])
        start = cut
    chunks.append(samples[start:])
    return [chunk for chunk in chunks if len(chunk) >= frame
            and _frame_rms(chunk[:len(chunk) // frame * frame], frame).max() > SOUND_RMS]


def _frame_rms(samples: np.ndarray, frame: int) -> np.ndarray:
    return np.sqrt(np.mean(samples.reshape(-1, frame) ** 2, axis=1))
