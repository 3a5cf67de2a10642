"""The MP3 encoder: LAME through lameenc, with the info frame that makes decoders return
exactly the samples put in; libsndfile's encoder when lameenc is missing."""

from __future__ import annotations

import io

import numpy as np
import pytest
import soundfile

from music.sound import codec, mp3
from music.sound.audio import encode, transcode

RATE = 44100


def _chord(seconds: float, rate: int = RATE, channels: int = 2) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    left = 0.3 * np.sin(2 * np.pi * 220 * t) + 0.2 * np.sin(2 * np.pi * 331 * t)
    right = 0.3 * np.sin(2 * np.pi * 277 * t) * np.exp(-(t % 0.5) * 3)
    return np.stack([left, right][:channels], axis=1).astype(np.float32)


def _decoded(data: bytes) -> tuple[np.ndarray, int]:
    samples, rate = soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True)
    return samples, rate


@pytest.mark.parametrize(("seconds", "rate", "channels"),
                         [(3.7, RATE, 2), (30.0, RATE, 2), (2.2, 48000, 1), (1.3, 32000, 2)])
def test_lame_mp3s_decode_to_exactly_the_samples_put_in(seconds, rate, channels):
    audio = _chord(seconds, rate, channels)
    data = codec.encode_samples(audio, "mp3", rate)
    assert data[36:40] == b"Xing" or data[21:25] == b"Xing"  # the info frame comes first
    assert b"LAME3.100" in data[:300]
    decoded, decoded_rate = _decoded(data)
    assert decoded_rate == rate and decoded.shape == audio.shape  # no gap, no padding
    # In time with the input (the encoder's delay is taken off) and close to it.
    error = decoded - audio
    snr = 10 * np.log10((audio**2).sum() / (error**2).sum())
    assert snr > 15, snr
    kbps = len(data) * 8 / seconds / 1000
    assert 24 < kbps < 200  # VBR at -V 4: about 140 kbps on music, less on a plain chord


def test_the_tracks_mp3_is_made_by_lame_in_a_worker_from_its_wav():
    assert codec.mp3_encoder() == "lameenc"
    audio = _chord(10.0)
    data = transcode(encode(audio, "wav"), "mp3")
    assert data == transcode(encode(audio, "wav"), "mp3", background=True)
    info = soundfile.info(io.BytesIO(data))
    assert info.frames == len(audio) and info.samplerate == RATE and info.channels == 2
    assert data.startswith(bytes((0xFF, 0xFB, mp3.INFO_KBPS_INDEX << 4)))


def test_without_lameenc_libsndfile_makes_the_mp3(monkeypatch):
    audio = _chord(2.0)
    with_lame = codec.encode_samples(audio, "mp3", RATE)
    monkeypatch.setattr(mp3, "lameenc", None)
    assert codec.mp3_encoder() == "libsndfile"
    assert mp3.encode(codec.to_pcm16(audio), RATE) is None
    fallback = codec.encode_samples(audio, "mp3", RATE)
    decoded, rate = _decoded(fallback)
    # libsndfile's encoding, not LAME-through-lameenc's: the same samples come back.
    assert np.array_equal(decoded, _decoded(codec._libsndfile(audio, "mp3", RATE))[0])
    assert not np.array_equal(decoded, _decoded(with_lame)[0])
    assert rate == RATE and decoded.shape == audio.shape
    transcoded, _ = _decoded(codec.transcode(encode(audio, "wav"), "mp3"))
    assert transcoded.shape == audio.shape


def test_rates_lame_is_not_used_for_go_to_libsndfile():
    audio = _chord(1.0, 22050)
    assert mp3.encode(codec.to_pcm16(audio), 22050) is None
    data = codec.encode_samples(audio, "mp3", 22050)
    decoded, rate = _decoded(data)
    assert rate == 22050 and abs(len(decoded) - len(audio)) <= 1152


def test_the_info_frame_counts_the_frames_and_bytes_after_it():
    data = codec.encode_samples(_chord(5.0), "mp3", RATE)
    frame = 144_000 * mp3.KBPS[mp3.INFO_KBPS_INDEX] // RATE
    stream = data[frame:]
    starts = mp3.frame_starts(stream, RATE)
    count, total = int.from_bytes(data[44:48], "big"), int.from_bytes(data[48:52], "big")
    assert count == len(starts) and total == len(data)
    crc_at = 36 + 120 + 34
    assert int.from_bytes(data[crc_at:crc_at + 2], "big") == mp3.crc16(data[:crc_at])


def test_wav_is_written_here_as_libsndfile_writes_it():
    rng = np.random.default_rng(3)
    audio = np.concatenate([_chord(1.5) * 1.2,  # some samples past full scale: clipped alike
                            rng.uniform(-1, 1, (50_000, 2)).astype(np.float32)])
    ours, rate = soundfile.read(io.BytesIO(encode(audio, "wav")), dtype="int16")
    buffer = io.BytesIO()
    soundfile.write(buffer, np.clip(audio, -1, 1), RATE, format="WAV", subtype="PCM_16")
    theirs, _ = soundfile.read(io.BytesIO(buffer.getvalue()), dtype="int16")
    assert rate == RATE and ours.shape == theirs.shape == audio.shape
    difference = np.abs(ours.astype(int) - theirs)
    assert difference.max() <= 1 and (difference > 0).mean() < 1e-3
