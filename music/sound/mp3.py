"""MP3 through LAME's own library (the lameenc binding), with the info frame players need.

lameenc hands back the MPEG frames and nothing else. Without the info frame LAME writes at the
start of its files, a VBR file's length is guessed from its first frame's bitrate (libsndfile
reads a 30 s track as 19 s and stops there) and the encoder's delay is heard as a gap. So that
frame is made here: frame and byte counts, a seek table, and the delay and padding with which
decoders give back exactly the samples that went in.

Runs in the isolated codec workers (music.sound.codec), like every native encoder.
"""

from __future__ import annotations

import struct

import numpy as np

try:
    import lameenc
except ImportError:  # libsndfile's MP3 encoder stands in (music.sound.codec)
    lameenc = None

# `lame -V 4 -q 3`: the same VBR quality, bitrate and algorithm as libsndfile's MP3 default,
# about three times faster (benchmarks/encode.py).
VBR_QUALITY = 4
ALGORITHM_QUALITY = 3
ENCODER_DELAY = 576  # LAME's, at the rates below (no resampling)
FRAME_SAMPLES = 1152  # MPEG-1 Layer III
RATES = {44100: 0, 48000: 1, 32000: 2}  # MPEG-1 rate → its index in a frame header
KBPS = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
INFO_KBPS_INDEX = 9  # the info frame is a 128 kbps frame: room for the tag at every rate


def available() -> bool:
    return lameenc is not None


def encode(pcm: np.ndarray, sample_rate: int) -> bytes | None:
    """int16 (frames, channels) samples as an MP3 file; None when lameenc is not installed or
    cannot take this audio (a rate outside MPEG-1's, more than two channels)."""
    channels = pcm.shape[1]
    if lameenc is None or sample_rate not in RATES or channels not in (1, 2) or not len(pcm):
        return None
    encoder = lameenc.Encoder()
    encoder.set_channels(channels)
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_out_sample_rate(sample_rate)
    encoder.set_vbr(4)  # LAME's default VBR method (vbr_mtrh)
    encoder.set_vbr_quality(VBR_QUALITY)
    encoder.set_quality(ALGORITHM_QUALITY)
    pcm = np.ascontiguousarray(pcm, dtype="<i2")
    frames = bytes(encoder.encode(pcm.tobytes())) + bytes(encoder.flush())
    return info_frame(frames, samples=len(pcm), sample_rate=sample_rate) + frames


def frame_starts(stream: bytes, sample_rate: int) -> list[int]:
    """Where each MPEG-1 Layer III frame of `stream` begins."""
    starts, position = [], 0
    while position + 4 <= len(stream):
        header = stream[position:position + 4]
        if header[0] != 0xFF or header[1] & 0xFE != 0xFA or not 0 < header[2] >> 4 < 15:
            raise ValueError(f"Not an MPEG-1 Layer III frame at byte {position}.")
        starts.append(position)
        position += 144_000 * KBPS[header[2] >> 4] // sample_rate + (header[2] >> 1 & 1)
    return starts


def info_frame(stream: bytes, *, samples: int, sample_rate: int) -> bytes:
    """The Xing/LAME frame for `stream` (LAME's frames of `samples` samples a channel)."""
    starts = frame_starts(stream, sample_rate)
    count = len(starts)
    mode = stream[3]  # channel mode and flags, as in the audio frames
    size = 144_000 * KBPS[INFO_KBPS_INDEX] // sample_rate
    header = bytes((0xFF, 0xFB, INFO_KBPS_INDEX << 4 | RATES[sample_rate] << 2, mode))
    side_info = bytes(17 if mode >> 6 == 3 else 32)  # empty: the frame holds no audio
    total = size + len(stream)
    seek_table = bytes(min(255, (size + starts[count * percent // 100]) * 256 // total)
                       for percent in range(100))
    xing = b"Xing" + struct.pack(">III", 0x0F, count, total) + seek_table + struct.pack(">I", 0)
    body = header + side_info + xing + _lame_tag(count, samples, total)
    body += struct.pack(">H", crc16(body))
    return body + bytes(size - len(body))


def _lame_tag(count: int, samples: int, total: int) -> bytes:
    padding = count * FRAME_SAMPLES - ENCODER_DELAY - samples
    if not 0 <= padding < 4096:  # cannot be said in the tag's 12 bits: none at all
        padding = 0
    gapless = ENCODER_DELAY << 12 | padding
    return (b"LAME3.100" + bytes((0x04, 0)) + bytes(10) + gapless.to_bytes(3, "big")
            + bytes(4) + struct.pack(">I", total) + bytes(2))


def crc16(data: bytes) -> int:
    """CRC-16 (polynomial 0x8005, reflected), the checksum of LAME's tag."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = crc >> 1 ^ 0xA001 if crc & 1 else crc >> 1
    return crc
