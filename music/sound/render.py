"""Score → stereo audio: notes into buses, buses panned and sent to the room, then mastered
to -14 LUFS with peaks under -1 dBFS.

Notes are mixed by adding cached instrument tones into a bus, a slice at a time (a
one-shot cut by its release, or a loop read round under an attack/release envelope), so
the work grows with the notes' total length, not with per-sample Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np

from music.composer.score import (
    CLAP,
    CLOSED_HAT,
    CRASH,
    HIGH_TOM,
    KICK,
    LOW_TOM,
    OPEN_HAT,
    RIDE,
    RIM,
    SHAKER,
    SNARE,
    Note,
    Score,
)
from music.composer.theory import tonic_class
from music.sound import effects
from music.sound.loudness import normalise_channels
from music.sound.synth import VOICES, chiff, tone
from music.sound.synth.sustained import LOOP

SAMPLE_RATE = 44100
TAIL_FRAMES = 6 * SAMPLE_RATE  # room for the longest one-shot past the last note
# part → (level, pan -1..1, reverb send)
PARTS = {"bass": (0.7, 0.0, 0.0), "chords": (0.36, 0.0, 0.55), "pulse": (0.75, 0.3, 0.35),
         "lead": (0.85, 0.0, 0.4), "counter": (0.4, -0.35, 0.5)}
# drum key → (level, pan, reverb send); the dry centre of the kit shares the bass's bus
KIT_MIX = {KICK: (0.68, 0.0, 0.0), SNARE: (0.59, 0.0, 0.25), CLAP: (0.51, 0.0, 0.25),
           RIM: (0.42, 0.0, 0.25), CLOSED_HAT: (0.27, 0.3, 0.05), OPEN_HAT: (0.24, 0.3, 0.05),
           RIDE: (0.24, -0.3, 0.15), CRASH: (0.30, -0.3, 0.15), SHAKER: (0.30, 0.3, 0.05),
           LOW_TOM: (0.51, 0.0, 0.25), HIGH_TOM: (0.47, 0.0, 0.25)}
CHORD_SPREAD = 0.4  # chord notes alternate this far left and right
CHUNK = 1 << 16


def render(score: Score, *, sample_rate: int = SAMPLE_RATE,
           on_progress: Callable[[float], None] = lambda fraction: None) -> np.ndarray:
    """float32 (frames, 2), exactly round(score.seconds × sample_rate) frames long."""
    if sample_rate != SAMPLE_RATE:
        raise ValueError("The instruments are built at 44.1 kHz.")
    frames = round(score.seconds * sample_rate)
    frames_per_beat = score.beat_seconds * sample_rate
    mix = np.zeros((2, frames), dtype=np.float32)
    send = np.zeros(effects.send_frames(frames), dtype=np.float32)
    bus = np.zeros(frames + TAIL_FRAMES, dtype=np.float32)
    scratch = np.empty(CHUNK, dtype=np.float32)
    groups = _groups(score.notes)
    pumped = effects.pump(frames, frames_per_beat) if score.style.pump else None
    envelopes: dict[tuple, np.ndarray] = {}
    tonic = tonic_class(score.tonic)
    for done, ((pan, wet, ducked), notes) in enumerate(groups.items()):
        first, touched = frames, 0
        for level, note in notes:
            start = round(note.start * frames_per_beat)
            held = max(1, round(note.length * frames_per_beat))
            end = start + _add_note(bus, note, start, held, level, tonic, envelopes)
            first, touched = min(first, start), max(touched, end)
        last = min(touched, frames)
        if last > first:
            if ducked and pumped is not None:
                bus[first:last] *= pumped[first:last]
            angle = (pan + 1) * np.pi / 4  # constant-power pan, unity in the centre
            gains = (np.cos(angle) * np.sqrt(2), np.sin(angle) * np.sqrt(2), wet)
            # A chunk at a time through a small scratch buffer: cache-sized, no big temporaries.
            for begin in range(first, last, CHUNK):
                end = min(begin + CHUNK, last)
                dry, out = bus[begin:end], scratch[: end - begin]
                for target, gain in ((mix[0], gains[0]), (mix[1], gains[1]), (send, wet)):
                    if gain:
                        np.multiply(dry, np.float32(gain), out=out)
                        target[begin:end] += out
        bus[first:touched] = 0.0
        on_progress(0.75 * (done + 1) / len(groups))
    effects.add_reverb(mix, send, score.style.reverb_seconds, sample_rate,
                       score.style.reverb_send)
    del bus, send, pumped  # long pieces: free them before mastering needs its own buffers
    on_progress(0.85)
    mix -= mix.mean(axis=1, keepdims=True)  # no DC offset
    effects.fade(mix, sample_rate, score.style.fade_in, score.style.fade_out)
    mastered = normalise_channels(mix, sample_rate, target=-14.0, peak_dbfs=-1.0,
                                  interleave=True)
    on_progress(0.97)
    return mastered


def _groups(notes: list[Note]) -> dict[tuple, list[tuple[float, Note]]]:
    """Notes (with their part's level) grouped by how they are mixed: (pan, send, ducked)."""
    groups: dict[tuple, list[tuple[float, Note]]] = defaultdict(list)
    for note in notes:
        if note.part == "drums":
            level, pan, wet = KIT_MIX.get(note.pitch, KIT_MIX[SNARE])
            groups[(pan, wet, False)].append((level, note))
            continue
        level, pan, wet = PARTS[note.part]
        if note.part == "chords":
            pan = CHORD_SPREAD if note.pitch % 2 else -CHORD_SPREAD
        groups[(pan, wet, note.part in ("chords", "counter"))].append((level, note))
    return dict(sorted(groups.items(), key=lambda item: item[0]))


def tone_key(note: Note, tonic: int) -> tuple[str, int, int]:
    """The arguments of music.sound.synth.tone for `note` in a piece on pitch class `tonic`."""
    drums = VOICES[note.instrument].kind == "drums"
    return note.instrument, note.pitch, tonic if drums else 0


def _add_note(bus: np.ndarray, note: Note, start: int, held: int, level: float, tonic: int,
              envelopes: dict[tuple, np.ndarray]) -> int:
    """Mix one note into `bus` from `start`; the number of frames it sounds for."""
    voice = VOICES[note.instrument]
    sound = tone(*tone_key(note, tonic))
    amplitude = np.float32(level * voice.gain * (note.velocity / 127) ** 1.6)
    if voice.kind == "drums":
        bus[start:start + sound.size] += sound * amplitude
        return sound.size
    release = round(voice.release * SAMPLE_RATE)
    if voice.kind == "struck":
        count = min(sound.size, held + release)
        segment = sound[:count] * amplitude
        if held < count:
            segment[held:] *= _release_curve(count - held, release, envelopes)
        bus[start:start + count] += segment
        return count
    attack, decay = voice.attack, voice.decay
    if note.part == "pulse":  # sustained instruments played short: spiccato
        attack, decay, release = 0.015, 0.08, round(0.12 * SAMPLE_RATE)
    count = held + release
    envelope = _envelope(held, round(attack * SAMPLE_RATE), round(decay * SAMPLE_RATE),
                         voice.sustain, release, envelopes)
    envelope *= amplitude
    # Read the loop round from a note-dependent place, so repeated notes are not identical.
    offset = (note.pitch * 7919 + start * 31) % LOOP
    written = 0
    while written < count:
        take = min(count - written, LOOP - offset)
        envelope[written:written + take] *= sound[offset:offset + take]
        written, offset = written + take, 0
    bus[start:start + count] += envelope
    # A breath or bow noise opens the note; played short as the pulse, even a pad gets one,
    # or its beat would be felt by no one.
    level = max(voice.chiff, 0.3) if note.part == "pulse" else voice.chiff
    if level:
        noise = chiff(note.instrument)[:count]
        bus[start:start + noise.size] += noise * np.float32(level * amplitude)
    return count


def _release_curve(count: int, release: int, cache: dict[tuple, np.ndarray]) -> np.ndarray:
    key = ("release", release)
    if key not in cache:
        cache[key] = np.cos(np.linspace(0, np.pi / 2, release, dtype=np.float32)) ** 2
    return cache[key][:count]


def _envelope(held: int, attack: int, decay: int, sustain: float, release: int,
              cache: dict[tuple, np.ndarray]) -> np.ndarray:
    """ADSR as a fresh float32 array (callers write into it): a sine-shaped rise over
    `attack` frames, an exponential settle to `sustain` over about `decay` frames, the
    sustain, then a cosine fall to silence over `release` frames from the note's end."""
    key = (held, attack, decay, sustain, release)
    if key not in cache:
        envelope = np.ones(held + release, dtype=np.float32)
        if decay and sustain < 1:
            after = np.arange(held + release - attack, dtype=np.float32)
            envelope[attack:] = sustain + (1 - sustain) * np.exp(-after / (decay / 3))
        rise = min(attack, held + release)
        envelope[:rise] = np.sin(np.linspace(0, np.pi / 2, attack, dtype=np.float32)[:rise]) ** 2
        level = envelope[held - 1] if held else 0.0
        envelope[held:] = level * np.cos(np.linspace(0, np.pi / 2, release,
                                                     dtype=np.float32)) ** 2
        cache[key] = envelope
    return cache[key].copy()
