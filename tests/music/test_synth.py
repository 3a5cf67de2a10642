"""The instruments and the score, checked where a listener would hear faults: clicks at a
note's edges, seams in a sustained loop, aliasing from partials above Nyquist, notes that
fall outside the key or the piece."""

from __future__ import annotations

import numpy as np
import pytest

from music.composer.composition import assign_roles, compose_score
from music.composer.midi import key_signature
from music.composer.prompts import INSTRUMENTS, MusicPrompt
from music.composer.score import CLOSED_HAT, KICK, SNARE
from music.composer.theory import MODE_STEPS, tonic_class
from music.sound.synth import VOICES, tone

PITCHED = [name for name in INSTRUMENTS if name != "drums"]


def _energy_above(sound: np.ndarray, hz: float) -> float:
    spectrum = np.abs(np.fft.rfft(sound.astype(np.float64))) ** 2
    freqs = np.fft.rfftfreq(sound.size, 1 / 44100)
    return float(spectrum[freqs > hz].sum() / spectrum.sum())


@pytest.mark.parametrize("instrument", PITCHED)
def test_tones_are_clean_and_band_limited(instrument):
    for pitch in (40, 60, 84):
        sound = tone(instrument, pitch)
        assert sound.dtype == np.float32 and np.all(np.isfinite(sound))
        assert not sound.flags.writeable  # shared by every note: nobody may change it
        if VOICES[instrument].kind == "struck":
            assert sound[0] == 0 and abs(sound[-1]) < 1e-6  # starts and ends in silence
        else:
            # A loop read round and round: its wrap is no bigger a step than its others.
            steps = np.abs(np.diff(sound))
            assert abs(sound[0] - sound[-1]) <= steps.max()
        assert _energy_above(sound, 20000) < 1e-6  # nothing folds back from above Nyquist
        assert abs(float(sound.mean())) < 0.01 * float(np.abs(sound).max())


def test_a_tone_sounds_at_its_pitch():
    for instrument in ("piano", "strings", "flute", "bass", "pluck"):
        sound = tone(instrument, 69)[:44100].astype(np.float64)
        spectrum = np.abs(np.fft.rfft(sound * np.hanning(sound.size)))
        freqs = np.fft.rfftfreq(sound.size, 1 / 44100)
        peak = freqs[np.argmax(spectrum * (freqs < 1000))]
        assert abs(peak - 440) < 3, instrument


def test_drums_are_tuned_to_the_key_and_start_from_silence():
    for key in (KICK, SNARE, CLOSED_HAT):
        hit = tone("drums", key, 0)
        assert hit[0] == 0 and hit[-1] == 0
    kick_c, kick_a = tone("drums", KICK, 0), tone("drums", KICK, 9)
    assert not np.array_equal(kick_c, kick_a)
    assert np.array_equal(tone("drums", CLOSED_HAT, 0), tone("drums", CLOSED_HAT, 9))


@pytest.mark.parametrize("mode", sorted(MODE_STEPS))
def test_the_tune_and_bass_stay_in_the_mode_and_end_on_the_tonic(mode):
    prompt = MusicPrompt.parse(f"Piano and strings with bass. Tempo: 90 BPM. Key: F# {mode}.")
    score = compose_score(prompt, duration=40, seed=4)
    scale = {(tonic_class("F#") + step) % 12 for step in MODE_STEPS[mode]}
    for part in ("lead", "bass"):
        notes = [n for n in score.notes if n.part == part]
        assert notes and all(n.pitch % 12 in scale for n in notes)
    last_bass = max((n for n in score.notes if n.part == "bass"), key=lambda n: n.start)
    last_tune = max((n for n in score.notes if n.part == "lead"), key=lambda n: n.start)
    assert last_bass.pitch % 12 == last_tune.pitch % 12 == tonic_class("F#")
    assert all(0 <= n.start < score.beats and n.start + n.length <= score.beats + 1e-9
               for n in score.notes)


def test_long_pieces_have_sections_not_one_loop():
    prompt = MusicPrompt.parse("Upbeat pop with drums, bass, pluck and piano. Tempo: 124 BPM.")
    score = compose_score(prompt, duration=120, seed=2)
    names = [s.name for s in score.sections]
    assert names[0] == "intro" and names[-1] == "outro" and {"A", "B"} <= set(names)
    assert sum(s.bars for s in score.sections) == int(score.beats // 4)
    bars = [sorted((round(n.start % 4, 2), n.pitch) for n in score.notes
                   if n.part == "lead" and int(n.start // 4) == bar)
            for bar in range(int(score.beats // 4))]
    assert len({tuple(bar) for bar in bars if bar}) >= 12  # the tune keeps changing


def test_every_part_finds_a_player():
    rng = np.random.default_rng(0)
    for instruments in (("piano",), ("drums",), ("bells", "flute"), ("bass", "drums"),
                        tuple(INSTRUMENTS)):
        roles = assign_roles(instruments, rng)
        assert {"bass", "chords", "pulse", "lead"} <= set(roles)
        pitched = set(instruments) - {"drums", "bass"} or {"pad"}
        assert set(roles.values()) <= pitched | {"bass"}


def test_the_midi_key_signature_is_the_modes_parent_scale():
    assert key_signature("D", "dorian") == "C"
    assert key_signature("E", "phrygian") == "C"
    assert key_signature("F", "lydian") == "C"
    assert key_signature("A", "minor") == "C"
    assert key_signature("Eb", "major") == "Eb"
    assert key_signature("B", "major") == "B"
