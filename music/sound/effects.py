"""Room, side-chain pump and fades.

The reverb is a convolution with a synthetic room (early reflections, then a diffuse tail
whose highs die sooner than its lows). It runs on the send bus at a quarter of the sample
rate: a tail has little above 5 kHz, and the FFTs cost a quarter as much.
"""

from __future__ import annotations

import functools

import numpy as np
from scipy import fft

DECIMATE = 4
_TRIANGLE = np.array([1, 2, 3, 4, 3, 2, 1, 0], dtype=np.float32) / 16  # low-pass, zeros at fs/4


@functools.lru_cache(maxsize=8)
def room(seconds: float, sample_rate: int) -> np.ndarray:
    """A stereo impulse response (2, frames) with RT60 `seconds`, unit energy per side."""
    count = round((seconds + 0.1) * sample_rate)
    t = np.arange(count) / sample_rate
    rng = np.random.default_rng(round(seconds * 10))
    noise = rng.standard_normal((2, count))
    spectrum = np.fft.rfft(noise, axis=1)
    freqs = np.fft.rfftfreq(count, 1 / sample_rate)
    low_cut = 1 / (1 + (180 / np.maximum(freqs, 1)) ** 2)  # no boom in the tail
    lows = np.fft.irfft(spectrum * low_cut / (1 + (freqs / 1500) ** 2), count, axis=1)
    highs = np.fft.irfft(spectrum * low_cut * (freqs / 1500) ** 2 / (1 + (freqs / 1500) ** 2),
                         count, axis=1)
    predelay = 0.018
    late = np.clip((t - predelay) / 0.04, 0, 1)  # the diffuse tail builds up
    tail = lows * np.exp(-6.91 * t / seconds) + highs * np.exp(-6.91 * t / (seconds * 0.45))
    response = tail * late
    for i, (delay, gain) in enumerate(((0.011, 0.5), (0.017, 0.42), (0.023, 0.36),
                                       (0.031, 0.3), (0.043, 0.24), (0.057, 0.18))):
        response[i % 2, round(delay * sample_rate)] += gain * 4
    response /= np.sqrt(np.sum(response**2, axis=1, keepdims=True))
    return response.astype(np.float32)


@functools.lru_cache(maxsize=8)
def _room_spectrum(seconds: float, sample_rate: int, size: int) -> np.ndarray:
    return fft.rfft(room(seconds, sample_rate), size, axis=1)


def send_frames(frames: int) -> int:
    """How long a send bus for `frames` of audio should be (whole blocks and two spare, so
    add_reverb can decimate it without copying)."""
    return (-(-frames // DECIMATE) + 2) * DECIMATE


def add_reverb(mix: np.ndarray, send: np.ndarray, seconds: float, sample_rate: int,
               gain: float) -> None:
    """Add the room's stereo response to a mono send into `mix` (2, frames), in place."""
    frames = mix.shape[1]
    blocks = -(-frames // DECIMATE) + 2
    padded = send
    if send.size != blocks * DECIMATE:
        padded = np.zeros(blocks * DECIMATE, dtype=np.float32)
        padded[: min(frames, send.size)] = send[:frames]
    # Triangle low-pass and decimation in one go: block j gathers frames 4j … 4j+6.
    low = padded[0::DECIMATE] * _TRIANGLE[0]
    for tap in range(1, 7):
        low[: blocks - tap // DECIMATE] += padded[tap::DECIMATE] * _TRIANGLE[tap]
    rate = sample_rate // DECIMATE
    size = fft.next_fast_len(blocks + round((seconds + 0.1) * rate), real=True)
    wet = fft.irfft(fft.rfft(low, size) * _room_spectrum(seconds, rate, size), size,
                    axis=1)[:, :blocks].astype(np.float32)
    wet *= np.float32(gain)
    following = np.empty_like(wet)
    following[:, :-1] = wet[:, 1:]
    following[:, -1] = wet[:, -1]
    # Back to the full rate by linear interpolation (its images lie far down the tail's
    # already steep high-frequency slope), written straight into the mix.
    for phase in range(DECIMATE):
        share = np.float32(phase / DECIMATE)
        count = len(range(phase, frames, DECIMATE))
        mix[:, phase::DECIMATE] += (wet[:, :count] * (1 - share)
                                    + following[:, :count] * share)


def pump(frames: int, beat_frames: float, depth: float = 0.45) -> np.ndarray:
    """A gain that dips on every beat and swells back: the side-chained pad of dance music."""
    period = round(beat_frames)
    t = np.arange(period, dtype=np.float32) / period
    shape = 1 - depth * np.exp(-t / 0.22) * np.minimum(1, t / 0.02)
    # A whole-frame period drifts under half a frame a beat: a few milliseconds by the end
    # of the longest piece, far below what the ear notices in a swell.
    return np.tile(shape, -(-frames // period))[:frames]


def fade(mix: np.ndarray, sample_rate: int, fade_in: float, fade_out: float) -> None:
    """Raised-cosine fades at both ends, in place; the first and last frames are silent."""
    for seconds, at_start in ((fade_in, True), (fade_out, False)):
        count = min(mix.shape[1], max(2, round(seconds * sample_rate)))
        curve = np.sin(np.linspace(0, np.pi / 2, count, dtype=np.float32)) ** 2
        if at_start:
            mix[:, :count] *= curve
        else:
            mix[:, -count:] *= curve[::-1]
