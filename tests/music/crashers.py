"""Functions that kill the process running them, the way a codec bug does, for the tests of
isolated native work. They must be importable by name: worker processes import them."""

from __future__ import annotations

import ctypes
import os
import time

import numpy as np

from music.sound import codec

# The real ones, kept before a test or the crashing server puts these below in their place.
_encode_samples, _transcode = codec.encode_samples, codec.transcode


def segfault(*args: object) -> None:
    ctypes.string_at(0)  # reads address 0: SIGSEGV, as in a libsndfile crash


def abort(*args: object) -> None:
    os.abort()


def hang(*args: object) -> None:
    time.sleep(3600)


def refuse(*args: object) -> None:
    raise ValueError("refused on purpose")


def double_slowly(value: int, seconds: float) -> int:
    time.sleep(seconds)
    return 2 * value


def pid(*args: object) -> int:
    return os.getpid()


def encode_segfaulting_on_ogg(samples: np.ndarray, fmt: str, sample_rate: int) -> bytes:
    if fmt == "ogg":
        segfault()
    return _encode_samples(samples, fmt, sample_rate)


def transcode_segfaulting_on_ogg(data: bytes, fmt: str) -> bytes:
    if fmt == "ogg":
        segfault()
    return _transcode(data, fmt)
