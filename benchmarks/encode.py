"""What encoding a track costs, before and after codecs moved to isolated workers.

For a 30 s and a 120 s offline-composed track, each of WAV, MP3 and OGG (median of --runs):

- one write:   the previous way, the whole track in one soundfile.write (timed inside a
               worker process, so the libsndfile crash it meets on long OGGs is reported
               instead of ending this script);
- blocks:      music.sound.codec's encoder, timed inside the worker (8192-frame writes to
               libsndfile; for MP3, LAME through lameenc when it is installed);
- encode():    music.sound.audio.encode as the server calls it: samples to the worker, file back;
- transcode(): music.sound.audio.transcode, the MP3/OGG follow-up: WAV bytes in, decoded there.

Then the MP3 encoders that could make our MP3s, at the same VBR quality (-V 4), timed in a
worker on the same samples: libsndfile's, LAME through lameenc (the one used when installed),
and the `lame` and `ffmpeg` programs where they are on PATH; with their bitrate and how close
the decoded audio is to the input (SNR). Last, waveform() against the row-wise max it replaced.

    python benchmarks/encode.py [--runs 3] [--seconds 30 120]
"""

from __future__ import annotations

import argparse
import io
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

import numpy as np  # noqa: E402
import soundfile  # noqa: E402

from core.isolation import IsolatedCrash, run_isolated  # noqa: E402
from music.backends.offline import OfflineComposer  # noqa: E402
from music.composer.prompts import prompt_for_mood  # noqa: E402
from music.sound import codec, mp3  # noqa: E402
from music.sound.audio import encode, transcode, waveform  # noqa: E402

PROMPT = prompt_for_mood(valence=0.8, arousal=0.9, hue=30, warmth=0.8, texture=0.7).text
FORMATS = ("wav", "mp3", "ogg")


def timed_one_write(samples: np.ndarray, fmt: str) -> float:
    container, subtype, _ = codec.FORMATS[fmt]
    start = time.perf_counter()
    soundfile.write(io.BytesIO(), samples, 44100, format=container, subtype=subtype)
    return time.perf_counter() - start


def timed_blocks(samples: np.ndarray, fmt: str) -> float:
    start = time.perf_counter()
    codec.encode_samples(samples, fmt, 44100)
    return time.perf_counter() - start


def timed_libsndfile_mp3(samples: np.ndarray) -> tuple[float, bytes]:
    start = time.perf_counter()
    data = codec._libsndfile(samples, "mp3", 44100)
    return time.perf_counter() - start, data


def timed_lameenc(samples: np.ndarray) -> tuple[float, bytes]:
    start = time.perf_counter()
    data = mp3.encode(codec.to_pcm16(samples), 44100)
    return time.perf_counter() - start, data


def timed_program(samples: np.ndarray, command: list[str]) -> tuple[float, bytes]:
    """A command reading WAV at {wav} and writing MP3 at {mp3}; the WAV is written first."""
    with tempfile.TemporaryDirectory() as folder:
        wav, out = os.path.join(folder, "in.wav"), os.path.join(folder, "out.mp3")
        soundfile.write(wav, samples, 44100, subtype="PCM_16")
        start = time.perf_counter()
        subprocess.run([part.format(wav=wav, mp3=out) for part in command], check=True,
                       capture_output=True)
        elapsed = time.perf_counter() - start
        with open(out, "rb") as handle:
            return elapsed, handle.read()


PROGRAMS = {"lame": ["lame", "--quiet", "-V", "4", "{wav}", "{mp3}"],
            "ffmpeg": ["ffmpeg", "-loglevel", "error", "-y", "-i", "{wav}", "-codec:a",
                       "libmp3lame", "-q:a", "4", "{mp3}"]}


def snr_db(samples: np.ndarray, data: bytes) -> float:
    decoded, _ = soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True)
    window = samples[44100:44100 * 3, 0]
    lag = int(np.argmax(np.correlate(decoded[44100:44100 * 3 + 4000, 0], window, "valid")))
    frames = min(len(samples), len(decoded) - lag)
    error = decoded[lag:lag + frames] - samples[:frames]
    return float(10 * np.log10((samples[:frames] ** 2).sum() / (error ** 2).sum()))


def mp3_candidates(samples: np.ndarray, seconds: float, runs: int) -> None:
    candidates = {"libsndfile": (timed_libsndfile_mp3, ()),
                  "lameenc": (timed_lameenc, ())}
    for name, command in PROGRAMS.items():
        if shutil.which(command[0]):
            candidates[name] = (timed_program, (command,))
    for name, (func, extra) in candidates.items():
        timings, data = [], b""
        for _ in range(runs):
            elapsed, data = run_isolated(func, samples, *extra)
            timings.append(elapsed)
        frames = soundfile.info(io.BytesIO(data)).frames
        print(f"{seconds:>5g}s  {name:<11}{statistics.median(timings) * 1000:>7.0f} ms"
              f"{len(data) * 8 / seconds / 1000:>8.1f} kbps{snr_db(samples, data):>8.1f} dB"
              f"   decodes to {frames / 44100:.3f} s")
    missing = [name for name, command in PROGRAMS.items() if not shutil.which(command[0])]
    if missing:
        print(f"        (not on PATH here: {', '.join(missing)})")


def row_wise_waveform(audio: np.ndarray, points: int = 200) -> list[float]:
    level = np.abs(audio).max(axis=1)
    edges = np.linspace(0, level.size, points + 1).round().astype(int)
    peaks = np.array([level[a:b].max() for a, b in itertools.pairwise(edges)])
    return [round(float(p) / float(peaks.max()), 4) for p in peaks]


def in_worker(func: Callable[..., float], runs: int, *args: object) -> str:
    try:
        return f"{statistics.median(run_isolated(func, *args) for _ in range(runs)) * 1000:.0f}"
    except IsolatedCrash as crash:
        return "crashed" if crash.exitcode and crash.exitcode < 0 else "failed"


def here(call: Callable[[], object], runs: int) -> str:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        timings.append(time.perf_counter() - start)
    return f"{statistics.median(timings) * 1000:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, nargs="+", default=[30.0, 120.0])
    args = parser.parse_args()
    run_isolated(timed_blocks, np.zeros((10, 2), dtype=np.float32), "wav")  # start a worker
    print(f"encode times (ms, median of {args.runs}); load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'track':>6} {'fmt':<4}{'one write':>10}{'blocks':>8}{'encode()':>10}"
          f"{'transcode()':>12}{'size MB':>9}")
    composer = OfflineComposer()
    for seconds in args.seconds:
        samples = np.clip(composer.compose(PROMPT, duration=seconds, seed=1).audio, -1, 1)
        wav = encode(samples, "wav")
        for fmt in FORMATS:
            size = len(encode(samples, fmt)) / 1e6
            print(f"{seconds:>5g}s {fmt:<4}"
                  f"{in_worker(timed_one_write, args.runs, samples, fmt):>10}"
                  f"{in_worker(timed_blocks, args.runs, samples, fmt):>8}"
                  f"{here(lambda f=fmt, s=samples: encode(s, f), args.runs):>10}"
                  f"{here(lambda f=fmt, w=wav: transcode(w, f), args.runs):>12}{size:>9.2f}")
    print(f"\nMP3 encoders at -V 4 (median of {args.runs}, timed in a worker); "
          f"ours: {run_isolated(codec.mp3_encoder)}")
    print(f"{'track':>6}  {'encoder':<11}{'time':>10}{'bitrate':>13}{'SNR':>8}")
    for seconds in args.seconds:
        samples = np.clip(composer.compose(PROMPT, duration=seconds, seed=1).audio, -1, 1)
        mp3_candidates(samples, seconds, args.runs)
    samples = np.clip(composer.compose(PROMPT, duration=30, seed=1).audio, -1, 1)
    print(f"\nwaveform() of a 30 s track: {here(lambda: waveform(samples), 7)} ms "
          f"(the row-wise max it replaced: {here(lambda: row_wise_waveform(samples), 7)} ms)")


if __name__ == "__main__":
    # Worker processes find functions by module name and never run this file as __main__:
    # run it as the module "encode" (this folder is on their path too).
    import encode as this_script

    this_script.main()
