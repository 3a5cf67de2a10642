"""The offline composer, judged by analysers we did not write: librosa hears the tempo and
(through Krumhansl–Schmuckler on its chroma) the key, pyloudnorm measures the loudness, mido
reads the MIDI. Twenty varied prompts are composed once (20 s each) and shared."""

from __future__ import annotations

import io
import itertools
import math

import mido
import numpy as np
import pytest

from music.backends.offline import OfflineComposer
from music.composer.composition import compose_score
from music.composer.prompts import MusicPrompt, prompt_for_mood
from music.sound.audio import true_peak_dbfs
from tests.analysis import estimate_key, estimate_tempo, parent_mode, tempo_matches

SECONDS = 20.0
MOODS = [  # valence, arousal, hue, warmth, texture: spread over the four quadrants
    (0.9, 0.9, 30, 0.9, 0.7), (0.6, 0.5, 75, 0.4, 0.4), (0.3, 0.1, 150, 0.0, 0.2),
    (0.8, -0.4, 200, -0.3, 0.5), (0.5, -0.9, 110, 0.5, 0.1), (0.1, -0.2, None, 0.0, 0.6),
    (-0.1, 0.4, 320, 0.6, 0.8), (-0.25, -0.6, 240, -0.8, 0.3), (-0.4, 0.8, 0, 0.2, 0.9),
    (-0.5, 0.2, 180, -0.5, 0.45), (-0.7, -0.8, None, -0.6, 0.2), (-0.9, 0.6, 280, -0.9, 0.6),
    (0.2, 0.7, 60, 0.3, 0.3), (-0.35, -0.1, 140, 0.8, 0.05),
]
TEXTS = [
    "Solo piano, tender and slow. Tempo: 68 BPM. Key: Eb major.",
    "Marimba and flute dancing in the sun, playful. Tempo: 118 BPM. Key: G mixolydian.",
    "Dark driving techno with drums, bass and pad. Tempo: 128 BPM. Key: F# minor.",
    "Foggy harbour at dawn: bells, strings and pad. Tempo: 72 BPM. Key: E phrygian.",
    "Lo-fi study beat: electric piano, bass and drums. Tempo: 86 BPM. Key: Bb dorian.",
    "A bright fanfare of pluck and strings. Tempo: 140 BPM. Key: D lydian.",
]
PROMPTS = [prompt_for_mood(valence=v, arousal=a, hue=h, warmth=w, texture=t).text
           for v, a, h, w, t in MOODS] + TEXTS


@pytest.fixture(scope="module")
def composer() -> OfflineComposer:
    return OfflineComposer()


@pytest.fixture(scope="module")
def pieces(composer):
    import librosa

    pieces = []
    for number, text in enumerate(PROMPTS):
        track = composer.compose(text, duration=SECONDS, seed=100 + number)
        mono = librosa.resample(track.audio.mean(axis=1), orig_sr=track.sample_rate,
                                target_sr=22050)
        pieces.append({"prompt": MusicPrompt.parse(text), "track": track,
                       "tempo": estimate_tempo(mono, 22050), "key": estimate_key(mono, 22050)})
    return pieces


def test_the_prompts_cover_moods_keys_and_instruments():
    prompts = [MusicPrompt.parse(text) for text in PROMPTS]
    assert len(prompts) == 20
    assert {p.mode for p in prompts} == {"lydian", "major", "mixolydian", "dorian", "minor",
                                         "phrygian"}
    assert len({p.tonic for p in prompts}) >= 8
    assert min(p.tempo_bpm for p in prompts) <= 70 and max(p.tempo_bpm for p in prompts) >= 145
    assert {i for p in prompts for i in p.instruments} == {
        "piano", "electric piano", "strings", "pad", "bells", "pluck", "marimba", "flute",
        "bass", "drums"}


def test_the_track_says_what_it_is(pieces):
    for piece in pieces:
        prompt, track = piece["prompt"], piece["track"]
        assert (track.tempo_bpm, track.tonic, track.mode) == (prompt.tempo_bpm, prompt.tonic,
                                                              prompt.mode)
        assert track.provider == "offline" and track.sample_rate == 44100


def test_every_tempo_is_heard_as_intended(pieces):
    wrong = [(p["prompt"].tempo_bpm, round(p["tempo"], 1)) for p in pieces
             if not tempo_matches(p["tempo"], p["prompt"].tempo_bpm)]
    assert wrong == []


def test_the_key_and_its_major_or_minor_colour_are_heard(pieces):
    right = [p["key"] == (p["prompt"].tonic, parent_mode(p["prompt"].mode)) for p in pieces]
    assert sum(right) >= 16, [(p["prompt"].tonic, p["prompt"].mode, p["key"])
                              for p, ok in zip(pieces, right, strict=True) if not ok]


def test_loudness_is_minus_14_lufs_with_headroom(pieces):
    import pyloudnorm

    meter = pyloudnorm.Meter(44100)
    for piece in pieces:
        audio = piece["track"].audio
        assert audio.dtype == np.float32 and audio.shape == (round(SECONDS * 44100), 2)
        assert abs(meter.integrated_loudness(audio.astype(np.float64)) + 14.0) <= 1.0
        assert np.abs(audio).max() <= 10 ** (-1 / 20)
        assert true_peak_dbfs(audio, 44100) <= -1.0  # between the samples too
        assert np.sqrt(np.mean(audio**2)) > 0.05  # far from silent


def test_a_bright_warm_picture_is_faster_and_major_next_to_a_dark_grey_one(composer):
    import librosa

    bright = prompt_for_mood(valence=0.85, arousal=0.8, hue=45, warmth=0.9, texture=0.6)
    dark = prompt_for_mood(valence=-0.8, arousal=-0.7, hue=None, warmth=-0.6, texture=0.2)
    heard = {}
    for name, prompt in (("bright", bright), ("dark", dark)):
        track = composer.compose(prompt.text, duration=SECONDS, seed=5)
        mono = librosa.resample(track.audio.mean(axis=1), orig_sr=44100, target_sr=22050)
        heard[name] = (estimate_tempo(mono, 22050), estimate_key(mono, 22050)[1])
    assert heard["bright"][0] > heard["dark"][0] * 1.3
    assert heard["bright"][1] == "major" and heard["dark"][1] == "minor"


def test_the_same_seed_gives_the_same_bytes_and_another_a_new_tune(composer):
    text = PROMPTS[1]
    first = composer.compose(text, duration=12, seed=42)
    again = composer.compose(text, duration=12, seed=42)
    other = composer.compose(text, duration=12, seed=43)
    assert first.audio.tobytes() == again.audio.tobytes() and first.midi == again.midi
    assert not np.array_equal(first.audio, other.audio)

    def tune(seed: int) -> list[tuple[float, int]]:
        score = compose_score(MusicPrompt.parse(text), duration=12, seed=seed)
        return [(n.start, n.pitch) for n in score.notes if n.part == "lead"]

    assert tune(42) and tune(42) == tune(42) and tune(42) != tune(43)


@pytest.mark.parametrize("seconds", [10.0, 120.0, 33.3])
def test_the_length_is_exact(composer, seconds):
    track = composer.compose(PROMPTS[0], duration=seconds, seed=1)
    assert track.audio.shape == (round(seconds * 44100), 2)
    assert np.all(np.isfinite(track.audio))


@pytest.mark.parametrize("seconds", [9.99, 120.01, 0, -5, math.nan, math.inf])
def test_durations_outside_10_to_120_seconds_are_refused(composer, seconds):
    with pytest.raises(ValueError, match="between 10 and 120"):
        composer.compose(PROMPTS[0], duration=seconds, seed=1)


def test_progress_climbs_to_one(composer):
    seen: list[float] = []
    composer.compose(PROMPTS[2], duration=10, seed=3, on_progress=seen.append)
    assert len(seen) >= 5
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert all(later >= earlier for earlier, later in itertools.pairwise(seen))


def test_the_midi_is_the_score(composer):
    text = PROMPTS[0]  # drums, bass, strings, electric piano, pluck
    track = composer.compose(text, duration=15, seed=9)
    score = compose_score(MusicPrompt.parse(text), duration=15, seed=9)
    song = mido.MidiFile(file=io.BytesIO(track.midi))
    tempos = [m.tempo for m in song.tracks[0] if m.type == "set_tempo"]
    assert [round(mido.tempo2bpm(t)) for t in tempos] == [score.tempo_bpm]
    notes = [m for t in song.tracks for m in t if m.type == "note_on" and m.velocity > 0]
    assert len(notes) == len(score.notes) > 0
    by_track = {t.name: t for t in song.tracks[1:]}
    assert set(by_track) == {i.title() for i in score.instruments}
    drums = [m for m in by_track["Drums"] if m.type == "note_on"]
    assert drums and all(m.channel == 9 for m in drums)
    programs = {t.name: next(m.program for m in t if m.type == "program_change")
                for t in song.tracks[1:] if t.name != "Drums"}
    assert programs["Bass"] in range(32, 40) and programs["Strings"] in range(40, 56)
    pitched = sorted(m.note for t in song.tracks[1:] if t.name != "Drums" for m in t
                     if m.type == "note_on" and m.velocity > 0)
    assert pitched == sorted(n.pitch for n in score.notes if n.instrument != "drums")


def test_the_audio_is_clean(pieces):
    for piece in pieces:
        audio = piece["track"].audio
        assert np.all(audio[0] == 0) and np.abs(audio[-1]).max() < 1e-4  # faded, no clicks
        assert np.abs(audio.mean(axis=0)).max() < 2e-3  # no DC offset
        assert not np.array_equal(audio[:, 0], audio[:, 1])  # a stereo image
