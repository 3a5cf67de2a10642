"""ITU-R BS.1770-4 loudness, and normalisation to a target with a look-ahead peak limiter.

Integrated loudness: K-weighting (a high shelf and a high pass), mean square over 400 ms
blocks with 75 % overlap, an absolute gate at -70 LUFS and a relative gate 10 LU below the
absolutely gated loudness. Channels are weighted 1.0 (mono, stereo).
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy import ndimage, signal

ABSOLUTE_GATE = -70.0
RELATIVE_GATE = -10.0

# The analogue prototypes behind the 48 kHz coefficients printed in BS.1770, so the filter can
# be built for any sample rate by the bilinear transform (the derivation libebur128 uses).
_SHELF_HZ, _SHELF_GAIN_DB, _SHELF_Q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
_SHELF_VB_EXPONENT = 0.4996667741545416
_HIGHPASS_HZ, _HIGHPASS_Q = 38.13547087602444, 0.5003270373238773


def k_weighting_sos(sample_rate: int) -> np.ndarray:
    """The two K-weighting biquads as second-order sections for `sample_rate`."""
    k = math.tan(math.pi * _SHELF_HZ / sample_rate)
    vh = 10 ** (_SHELF_GAIN_DB / 20)
    vb = vh**_SHELF_VB_EXPONENT
    a0 = 1 + k / _SHELF_Q + k * k
    shelf = [(vh + vb * k / _SHELF_Q + k * k) / a0, 2 * (k * k - vh) / a0,
             (vh - vb * k / _SHELF_Q + k * k) / a0,
             1.0, 2 * (k * k - 1) / a0, (1 - k / _SHELF_Q + k * k) / a0]
    k = math.tan(math.pi * _HIGHPASS_HZ / sample_rate)
    a0 = 1 + k / _HIGHPASS_Q + k * k
    highpass = [1.0, -2.0, 1.0, 1.0, 2 * (k * k - 1) / a0, (1 - k / _HIGHPASS_Q + k * k) / a0]
    return np.array([shelf, highpass])


def _channels(audio: np.ndarray) -> np.ndarray:
    """(channels, frames) float32 from mono or (frames, channels)."""
    audio = np.asarray(audio, dtype=np.float32)
    return audio[np.newaxis, :] if audio.ndim == 1 else np.ascontiguousarray(audio.T)


def _block_powers(weighted: np.ndarray, sample_rate: int) -> np.ndarray:
    """Mean square of every 400 ms gating block (hop 100 ms), summed over channels."""
    hop = round(0.1 * sample_rate)
    quarters = weighted.shape[1] // hop
    if quarters < 4:
        return np.zeros(0)
    parts = weighted[:, : quarters * hop].reshape(weighted.shape[0], quarters, hop)
    energy = np.einsum("cqh,cqh->q", parts, parts, dtype=np.float64)
    return (energy[:-3] + energy[1:-2] + energy[2:-1] + energy[3:]) / (4 * hop)


def _gated_loudness(powers: np.ndarray) -> float:
    with np.errstate(divide="ignore"):
        loudness = -0.691 + 10 * np.log10(powers)
    kept = powers[loudness > ABSOLUTE_GATE]
    if kept.size == 0:
        return float("-inf")
    relative = -0.691 + 10 * math.log10(kept.mean()) + RELATIVE_GATE
    with np.errstate(divide="ignore"):
        kept = kept[-0.691 + 10 * np.log10(kept) > relative]
    return -0.691 + 10 * math.log10(kept.mean()) if kept.size else float("-inf")


def k_weighted(audio: np.ndarray, sample_rate: int) -> np.ndarray:
    """The K-weighted signal as (channels, frames) float32."""
    sos = k_weighting_sos(sample_rate).astype(np.float32)
    return signal.sosfilt(sos, _channels(audio), axis=-1).astype(np.float32, copy=False)


def loudness_lufs(audio: np.ndarray, sample_rate: int) -> float:
    """Integrated loudness in LUFS (-inf for silence or audio shorter than one block)."""
    return _gated_loudness(_block_powers(k_weighted(audio, sample_rate), sample_rate))


def true_peak_dbfs(audio: np.ndarray, sample_rate: int) -> float:
    """Peak of the signal oversampled 4x (BS.1770 Annex 2), in dBFS."""
    channels = _channels(audio)
    up = 4 if sample_rate < 96000 else 2
    peak = float(np.abs(signal.resample_poly(channels, up, 1, axis=-1)).max(initial=0.0))
    return 20 * math.log10(peak) if peak > 0 else float("-inf")


def _limiter_block(sample_rate: int) -> int:
    """About 1.5 ms, and a divisor of the 100 ms gating hop so blocks nest in hops."""
    hop = round(0.1 * sample_rate)
    return min((d for d in range(16, 257) if hop % d == 0), key=lambda d: abs(d - 64),
               default=64)


def _block_max(values: np.ndarray, block: int) -> np.ndarray:
    """Maximum of each `block` values: halving whole columns is far faster than a reduction
    along a short contiguous axis."""
    rows = values.reshape(-1, block)
    while rows.shape[1] > 1:
        width, half = rows.shape[1], rows.shape[1] // 2
        folded = np.maximum(rows[:, :half], rows[:, width - half:])
        rows = folded if width % 2 == 0 else np.concatenate([folded, rows[:, half:half + 1]], 1)
    return rows[:, 0]


def _block_gains(peaks: np.ndarray, ceiling: float, block: int, sample_rate: int,
                 attack: float = 0.005, release: float = 0.12) -> np.ndarray:
    """Per-block gains keeping every block's peak under `ceiling`, smoothly.

    The needed reduction is held over the look-ahead window, given an exponential release,
    then averaged over half the hold window: every average still covers the block it is for,
    so the ceiling holds, and so does a linear ramp from one block's gain to the next's.
    """
    reduction = 1.0 - np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12))
    if not reduction.any():
        return np.ones(peaks.shape[0])
    hold = max(2, round(attack * sample_rate / block))
    held = ndimage.maximum_filter1d(reduction, 2 * hold + 1, mode="nearest")
    pole = math.exp(-block / (release * sample_rate))
    held = np.maximum(held, signal.lfilter([1 - pole], [1, -pole], held))
    smooth = ndimage.uniform_filter1d(held, hold, mode="nearest")
    return 1.0 - np.maximum(smooth, reduction)


def _frame_gains(gains: np.ndarray, block: int, frames: int) -> np.ndarray:
    gains = gains.astype(np.float32)
    ends = np.append(gains[1:], gains[-1])
    ramp = np.arange(block, dtype=np.float32) / block
    return (gains[:, None] + (ends - gains)[:, None] * ramp).reshape(-1)[:frames]


def normalise_loudness(audio: np.ndarray, sample_rate: int, target: float = -14.0,
                       peak_dbfs: float = -1.0) -> np.ndarray:
    """Audio at `target` LUFS integrated whose samples stay below `peak_dbfs`.

    Gain alone when the peaks allow it; otherwise a look-ahead limiter shaves the peaks and
    the gain is refined until the limited result measures on target. The ceiling sits a
    little under `peak_dbfs` so inter-sample peaks stay under it too. Silence comes back
    unchanged. Mono or (frames, channels) in, the same shape out.
    """
    audio = np.asarray(audio, dtype=np.float32)
    out = normalise_channels(_channels(audio), sample_rate, target=target, peak_dbfs=peak_dbfs,
                             interleave=audio.ndim == 2)
    return out[0] if audio.ndim == 1 else out


def _block_stats(channels: np.ndarray, sample_rate: int, block: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Per block: K-weighted energy summed over channels, and the sample peak.

    Each channel is filtered in a thread of its own (the filter runs without the GIL, so a
    stereo track's two take the time of one on two cores: 8 ms instead of 16 for 30 s),
    a chunk at a time with the filter state carried across, so memory stays small however
    long the audio is.
    """
    sos = k_weighting_sos(sample_rate).astype(np.float32)
    others = channels[1:]
    if not len(others):
        return _channel_stats(channels[0], sos, block)
    with ThreadPoolExecutor(max_workers=len(others)) as pool:
        pending = [pool.submit(_channel_stats, channel, sos, block) for channel in others]
        energy, peaks = _channel_stats(channels[0], sos, block)
        for future in pending:
            more_energy, more_peaks = future.result()
            energy += more_energy
            np.maximum(peaks, more_peaks, out=peaks)
    return energy, peaks


def _channel_stats(channel: np.ndarray, sos: np.ndarray, block: int
                   ) -> tuple[np.ndarray, np.ndarray]:
    state = np.zeros((sos.shape[0], 2), dtype=np.float32)
    step = block * 4096
    energies, peaks = [], []
    for start in range(0, channel.shape[0], step):
        chunk = channel[start:start + step]
        if chunk.shape[0] % block:
            chunk = np.pad(chunk, (0, block - chunk.shape[0] % block))
        weighted, state = signal.sosfilt(sos, chunk, zi=state)
        weighted = weighted.astype(np.float32, copy=False).reshape(-1, block)
        energies.append(np.einsum("bk,bk->b", weighted, weighted, dtype=np.float64))
        peaks.append(_block_max(np.abs(chunk), block))
    return np.concatenate(energies), np.concatenate(peaks)


def normalise_channels(channels: np.ndarray, sample_rate: int, *, target: float = -14.0,
                       peak_dbfs: float = -1.0, interleave: bool = False) -> np.ndarray:
    """normalise_loudness for channel-major (channels, frames) float32 audio; the result is
    (channels, frames), or (frames, channels) with `interleave`."""
    count, frames = channels.shape
    block = _limiter_block(sample_rate)
    hop_blocks = round(0.1 * sample_rate) // block
    energy, peaks = _block_stats(channels, sample_rate, block)

    # The limiter's gain moves slowly next to K-weighting's memory, so the limited signal's
    # loudness follows from each block's weighted energy times that block's gain squared.
    def loudness(gains: np.ndarray) -> float:
        hops = energy.shape[0] // hop_blocks
        per_hop = (energy * gains**2)[: hops * hop_blocks].reshape(hops, hop_blocks).sum(1)
        size = 4 * hop_blocks * block
        return _gated_loudness((per_hop[:-3] + per_hop[1:-2] + per_hop[2:-1] + per_hop[3:])
                               / size)

    ones = np.ones(energy.shape[0])
    measured = loudness(ones)
    if not math.isfinite(measured):
        return np.ascontiguousarray(channels.T) if interleave else channels.copy()
    ceiling = 10 ** ((peak_dbfs - 0.3) / 20)
    gain = 10 ** ((target - measured) / 20)
    for _ in range(8):
        gains = _block_gains(peaks * gain, ceiling, block, sample_rate) * gain
        estimate = loudness(gains)
        if abs(estimate - target) < 0.01:
            break
        gain *= 10 ** ((target - estimate) / 20)
    scale = _frame_gains(gains, block, frames)
    if interleave:  # writing each channel into its column beats a transposed copy
        out = np.empty((frames, count), dtype=np.float32)
        for channel in range(count):
            np.multiply(channels[channel], scale, out=out[:, channel])
    else:
        out = channels * scale
    np.clip(out, -ceiling, ceiling, out=out)
    return out
