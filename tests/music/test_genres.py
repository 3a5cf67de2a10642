"""The mood map: many families over the plane, each genre at a tempo it is played at."""

from __future__ import annotations

import itertools

from music.composer.genres import GENRES, families, family_of
from music.composer.prompts import TEMPO_MAX, TEMPO_MIN, prompt_for_mood, tempo_for

# What each genre is usually played at, from general practice (not from music.composer.genres).
PRACTICE = {
    "ambient": (50, 80), "drone": (50, 75), "neoclassical": (55, 90), "lo-fi": (65, 92),
    "folk": (70, 110), "trip-hop": (70, 100), "downtempo": (70, 102), "bossa nova": (95, 140),
    "synthwave": (80, 120), "deep house": (115, 126), "disco": (108, 130),
    "drum and bass": (160, 180), "techno": (120, 150), "trance": (128, 145),
}
POINTS = [(v, a) for v in (-0.9, -0.5, -0.1, 0.1, 0.5, 0.9)
          for a in (-0.9, -0.6, -0.3, -0.05, 0.05, 0.3, 0.6, 0.9)]


def _practice(genre: str) -> tuple[int, int]:
    matches = [(len(word), span) for word, span in PRACTICE.items() if word in genre]
    assert matches, f"{genre} has no reference tempo"
    return max(matches)[1]


def test_a_spread_of_moods_gives_at_least_eight_families():
    genres = {family_of(v, a).genre for v, a in POINTS}
    assert len(genres) >= 8
    assert len(families()) == len({f.genre for f in families()}) == 15


def test_every_family_plays_at_its_genres_tempo_everywhere_on_the_plane():
    for valence, arousal in itertools.product([x / 20 for x in range(-20, 21)], repeat=2):
        prompt = prompt_for_mood(valence=valence, arousal=arousal, hue=None, warmth=0,
                                 texture=0.3)
        low, high = _practice(prompt.genre)
        assert low <= prompt.tempo_bpm <= high, (prompt.genre, prompt.tempo_bpm)
        assert TEMPO_MIN <= prompt.tempo_bpm <= TEMPO_MAX
        assert GENRES[prompt.genre].tempo[0] <= prompt.tempo_bpm <= GENRES[prompt.genre].tempo[1]


def test_downtempo_is_never_fast_and_livelier_moods_are_not_slower_within_a_family():
    for valence in (-0.6, 0.0, 0.6):
        tempos = [tempo_for(a / 10, valence=valence) for a in range(-10, 11)]
        genres = [family_of(valence, a / 10).genre for a in range(-10, 11)]
        for (g1, t1), (g2, t2) in itertools.pairwise(zip(genres, tempos, strict=True)):
            if g1 == g2:
                assert t2 >= t1
    assert all(tempo_for(a / 10, valence=0) <= 100 for a in range(-10, 11)
               if family_of(0, a / 10).genre == "downtempo")


def test_a_dark_calm_picture_and_a_bright_lively_one_differ_in_kind():
    dark = prompt_for_mood(valence=-0.5, arousal=-0.05, hue=230, warmth=-0.5, texture=0.2)
    bright = prompt_for_mood(valence=0.6, arousal=0.6, hue=40, warmth=0.6, texture=0.4)
    assert dark.genre == "trip-hop" and "pensive" not in dark.descriptors
    assert bright.genre == "euphoric trance" and bright.tempo_bpm > 130
