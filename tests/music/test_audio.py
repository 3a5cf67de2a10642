"""music.sound.audio: the helpers every composer's audio goes through, checked against soundfile
(decoding what we encoded) and pyloudnorm (an independent BS.1770 meter)."""

from __future__ import annotations

import io
import itertools

import numpy as np
import pytest
import soundfile

from music.sound.audio import (
    SAMPLE_RATE,
    encode,
    loudness_lufs,
    normalise_loudness,
    to_stereo_44k,
    true_peak_dbfs,
    waveform,
)
from music.sound.loudness import k_weighting_sos


def _music_like(seconds: float = 8.0, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Chords with a plucked envelope every half second, a kick-like thump, some noise:
    a high crest factor, like a mix with drums."""
    rng = np.random.default_rng(0)
    t = np.arange(round(seconds * sample_rate)) / sample_rate
    pulse = np.exp(-(t % 0.5) / 0.08)
    tone = sum(np.sin(2 * np.pi * f * t) for f in (220, 277.2, 329.6)) * pulse * 0.2
    thump = np.sin(2 * np.pi * 55 * t) * np.exp(-(t % 1.0) / 0.05) * 0.9
    left = tone + thump + rng.normal(0, 0.01, t.size)
    right = 0.8 * tone + thump + rng.normal(0, 0.01, t.size)
    return np.stack([left, right], axis=1).astype(np.float32)


@pytest.mark.parametrize("fmt", ["wav", "ogg", "mp3"])
def test_encodings_decode_to_the_same_shape_and_rate(fmt):
    audio = _music_like(3.0) * 0.5
    data = encode(audio, fmt)
    decoded, rate = soundfile.read(io.BytesIO(data), always_2d=True)
    assert rate == SAMPLE_RATE and decoded.shape[1] == 2
    slack = 1152 if fmt == "mp3" else 0  # one MPEG frame
    assert abs(decoded.shape[0] - audio.shape[0]) <= slack
    if fmt == "wav":
        assert soundfile.info(io.BytesIO(data)).subtype == "PCM_16"
        assert np.abs(decoded - audio).max() < 1e-4
    else:  # lossy, but the same music: strongly correlated with the original
        frames = min(decoded.shape[0], audio.shape[0])
        assert np.corrcoef(decoded[:frames, 0], audio[:frames, 0])[0, 1] > 0.9


def test_encoding_clips_and_rejects_unknown_formats():
    loud = np.full((1000, 2), 3.0, dtype=np.float32)
    decoded, _ = soundfile.read(io.BytesIO(encode(loud, "wav")))
    assert decoded.max() <= 1.0
    with pytest.raises(ValueError, match="Unknown audio format"):
        encode(loud, "aiff")


def test_to_stereo_44k_resamples_and_duplicates_mono():
    mono = np.sin(2 * np.pi * 440 * np.arange(48000) / 48000).astype(np.float32)
    stereo = to_stereo_44k(mono, 48000)
    assert stereo.shape == (44100, 2) and stereo.dtype == np.float32
    assert np.array_equal(stereo[:, 0], stereo[:, 1])
    spectrum = np.abs(np.fft.rfft(stereo[:, 0]))
    assert abs(np.argmax(spectrum) * SAMPLE_RATE / stereo.shape[0] - 440) < 2
    pcm = (np.ones((100, 3)) * 16384).astype(np.int16)
    assert np.allclose(to_stereo_44k(pcm, SAMPLE_RATE), 0.5, atol=1e-3)


def test_waveform_is_a_peak_envelope_scaled_to_one():
    audio = np.zeros((44100, 2), dtype=np.float32)
    audio[30000:31000] = 0.5
    audio[5000] = -0.25
    points = waveform(audio, points=10)
    assert len(points) == 10 and max(points) == 1.0
    assert points[6] == 1.0 and points[1] == 0.5 and points[9] == 0.0
    assert waveform(np.zeros((100, 2)), points=4) == [0.0] * 4


def test_the_k_weighting_filter_matches_the_published_48_khz_coefficients():
    sos = k_weighting_sos(48000)
    assert np.allclose(sos[0], [1.53512485958697, -2.69169618940638, 1.19839281085285, 1.0,
                                -1.69065929318241, 0.73248077421585], atol=1e-10)
    assert np.allclose(sos[1], [1.0, -2.0, 1.0, 1.0, -1.99004745483398, 0.99007225036621],
                       atol=1e-10)


@pytest.mark.parametrize("rate", [44100, 48000])
def test_loudness_agrees_with_pyloudnorm(rate):
    import pyloudnorm

    audio = _music_like(sample_rate=rate) * 0.3
    ours = loudness_lufs(audio, rate)
    theirs = pyloudnorm.Meter(rate).integrated_loudness(audio.astype(np.float64))
    assert abs(ours - theirs) < 0.1
    # The relative gate: a long near-silent stretch barely moves integrated loudness.
    padded = np.concatenate([audio, audio * 0.001])
    assert abs(loudness_lufs(padded, rate) - ours) < 0.2
    assert loudness_lufs(np.zeros((rate, 2)), rate) == float("-inf")


def test_normalise_reaches_the_target_under_the_ceiling():
    import pyloudnorm

    audio = _music_like() * 0.05
    assert np.abs(audio).max() / np.sqrt(np.mean(audio**2)) > 4  # needs limiting at -14
    out = normalise_loudness(audio, SAMPLE_RATE)
    assert out.shape == audio.shape and out.dtype == np.float32
    meter = pyloudnorm.Meter(SAMPLE_RATE)
    assert abs(meter.integrated_loudness(out.astype(np.float64)) + 14) < 0.2
    assert np.abs(out).max() <= 10 ** (-1 / 20)
    assert true_peak_dbfs(out, SAMPLE_RATE) <= -1.0
    mono = normalise_loudness(audio[:, 0], SAMPLE_RATE, target=-20.0)
    assert mono.ndim == 1 and abs(loudness_lufs(mono, SAMPLE_RATE) + 20) < 0.2
    silence = np.zeros((SAMPLE_RATE, 2), dtype=np.float32)
    assert not normalise_loudness(silence, SAMPLE_RATE).any()


def _row_wise_waveform(audio: np.ndarray, points: int = 200) -> list[float]:
    """waveform() as it was: each frame's loudest channel by a max across its row."""
    level = np.abs(np.asarray(audio, dtype=np.float32))
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


@pytest.mark.parametrize(("frames", "channels", "points"),
                         [(30 * SAMPLE_RATE, 2, 200), (44_101, 2, 200), (1000, 1, 200),
                          (150, 2, 200), (200, 2, 200), (7, 3, 50), (0, 2, 20)])
def test_waveform_is_what_the_row_wise_one_was(frames, channels, points):
    rng = np.random.default_rng(frames)
    audio = (rng.normal(0, 0.2, (frames, channels)) * np.linspace(0, 1, frames)[:, None])
    audio = audio.astype(np.float32)
    if channels == 1:
        audio = audio[:, 0]
    assert waveform(audio, points) == _row_wise_waveform(audio, points)
