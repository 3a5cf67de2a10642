"""A person's words for the music become tempo, mode, genre and instruments in the prompt."""

from __future__ import annotations

import numpy as np
import pytest

from music.composer.composition import assign_roles, compose_score
from music.composer.genres import GENRES
from music.composer.prompts import MAJOR_LIKE, MusicPrompt, prompt_for_mood
from music.composer.style import lemma, parse_style

BASE = prompt_for_mood(valence=0.1, arousal=0.0, hue=200.0, warmth=-0.2, texture=0.3)


def styled(words: str) -> MusicPrompt:
    return BASE.with_style(parse_style(words))


@pytest.mark.parametrize(("word", "expected"), [
    ("jazzy", "jazz"), ("cellos", "cello"), ("orchestral", "orchestra"), ("slower", "slow"),
    ("drums", "drum"), ("happier", "happy"), ("funky", "funk"), ("classical", "classic"),
    ("guitars", "guitar"), ("rainy", "rainy"),  # an unknown word stays as written
])
def test_words_are_lemmatised_onto_the_vocabulary(word, expected):
    assert lemma(word) == expected


def test_calm_piano_is_slow_solo_piano_and_fast_techno_is_techno_tempo():
    calm, fast = styled("calm piano"), styled("Fast TECHNO!")
    assert calm.instruments == ("piano",) and calm.genre == "solo piano"
    assert calm.tempo_bpm < BASE.tempo_bpm
    assert fast.genre == "techno" and 125 <= fast.tempo_bpm <= 140
    assert fast.tempo_bpm > GENRES["techno"].tempo[0]  # "fast": the top of the range
    assert "drums" in fast.instruments and "bass" in fast.instruments
    assert calm.tempo_bpm + 50 < fast.tempo_bpm


def test_sad_cello_is_minor_strings_and_jazzy_is_jazz():
    sad = styled("a sad cello")
    assert sad.instruments == ("strings",) and sad.mode in {"minor", "dorian", "phrygian"}
    assert sad.valence < BASE.valence
    jazz = styled("jazzy")
    assert jazz.genre == "jazz" and jazz.mode in GENRES["jazz"].modes
    assert "electric piano" in jazz.instruments
    assert GENRES["jazz"].tempo[0] <= jazz.tempo_bpm <= GENRES["jazz"].tempo[1]


def test_any_wording_of_the_same_wish_gives_the_same_music():
    phrasings = ["lo-fi with rain", "LoFi, rainy", "some lofi please, with rain"]
    prompts = {(p.genre, p.tempo_bpm, p.instruments) for p in map(styled, phrasings)}
    assert len(prompts) == 1
    assert next(iter(prompts))[0] == "lo-fi hip hop"


def test_phrases_negations_explicit_tempo_and_modes():
    dnb = styled("slow drum & bass without drums")
    assert dnb.genre == "drum and bass" and 165 <= dnb.tempo_bpm <= 178
    assert "drums" not in dnb.instruments
    assert styled("100 bpm funky bassline").tempo_bpm == 100
    assert styled("dreamy music box").mode == "lydian"
    assert styled("dreamy music box").instruments == ("bells",)
    assert styled("happy ukulele").mode in MAJOR_LIKE
    epic = styled("epic orchestral")
    assert epic.genre == "epic orchestral" and "strings" in epic.instruments
    assert epic.tempo_bpm > BASE.tempo_bpm


def test_the_styled_prompt_reads_back_whole_and_keeps_the_words():
    for words in ("calm piano", "fast techno", "sad cello", "jazzy", "lo-fi with rain"):
        prompt = styled(words)
        assert prompt.text.endswith(f"Style: {words}")
        assert MusicPrompt.parse(prompt.text) == prompt
    # Words in the style are never read as the prompt's tempo or instruments.
    sneaky = styled("like 90 bpm marimba? no: calm piano at 60 bpm")
    assert MusicPrompt.parse(sneaky.text).instruments == sneaky.instruments


def test_an_empty_style_changes_nothing():
    assert BASE.with_style(parse_style("   ")) == BASE


def test_the_composer_honours_tempo_mode_and_instruments():
    prompt = MusicPrompt.parse(styled("sad cello").text)
    score = compose_score(prompt, duration=12, seed=3)
    assert score.tempo_bpm == prompt.tempo_bpm and score.mode == prompt.mode
    assert {note.instrument for note in score.notes} == {"strings"}
    techno = compose_score(MusicPrompt.parse(styled("fast techno").text), duration=12, seed=3)
    assert "drums" in {note.instrument for note in techno.notes}
    assert set(assign_roles(("piano",), np.random.default_rng(0)).values()) == {"piano"}
