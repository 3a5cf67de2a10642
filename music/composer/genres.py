"""Genres the prompts speak of, each with the tempo it is played at, and the mood map.

The mood map cuts the valence–arousal plane into five bands of arousal (still … intense) and
three of valence (dark, neutral, bright); each cell is a family with its own genre, words and
tempo range, and the tempo moves through that range with arousal. Photographs crowd the
middle of the plane, so the bands are narrower there than at the edges.

Tempo ranges are the ones the genres are usually played at: ambient below 75 BPM, downtempo
and trip-hop under 100, house 118–128, techno 125–140, trance 132–142, drum and bass 165–178.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Genre:
    name: str
    tempo: tuple[int, int]  # BPM, slowest to fastest
    palette: tuple[str, ...]  # offline instruments that carry it (prompts.INSTRUMENTS)
    modes: tuple[str, ...] = ()  # modes that suit it, brightest first; empty: any
    drums: bool = True


GENRES = {genre.name: genre for genre in (
    Genre("dark ambient drone", (56, 66), ("pad", "strings", "bass"), drums=False),
    Genre("ambient soundscape", (58, 70), ("pad", "bells", "strings"), drums=False),
    Genre("new-age ambient", (60, 72), ("pad", "flute", "bells"), drums=False),
    Genre("neoclassical", (62, 80), ("piano", "strings"), drums=False),
    Genre("lo-fi hip hop", (70, 88), ("electric piano", "pad", "bass", "drums")),
    Genre("acoustic folk", (76, 96), ("pluck", "flute", "bass")),
    Genre("trip-hop", (78, 96), ("electric piano", "strings", "bass", "drums")),
    Genre("downtempo", (88, 100), ("electric piano", "pad", "marimba", "bass", "drums")),
    Genre("bossa nova", (100, 118), ("pluck", "electric piano", "flute", "bass", "drums"),
          ("major", "mixolydian", "dorian")),
    Genre("dark synthwave", (100, 118), ("pad", "pluck", "bass", "drums"),
          ("dorian", "minor", "phrygian")),
    Genre("deep house", (118, 125), ("electric piano", "pad", "bass", "drums")),
    Genre("nu-disco", (112, 124), ("pluck", "strings", "electric piano", "bass", "drums")),
    Genre("drum and bass", (168, 176), ("pad", "pluck", "bass", "drums")),
    Genre("driving techno", (126, 136), ("pluck", "pad", "bass", "drums")),
    Genre("euphoric trance", (134, 140), ("pad", "pluck", "bells", "bass", "drums")),
    # Reached only from a requested style.
    Genre("jazz", (92, 140), ("electric piano", "piano", "bass", "drums"),
          ("mixolydian", "dorian")),
    Genre("epic orchestral", (84, 120), ("strings", "pad", "flute", "bass", "drums")),
    Genre("cinematic", (70, 110), ("strings", "piano", "pad", "bass")),
    Genre("classical", (60, 120), ("piano", "strings", "flute"), drums=False),
    Genre("solo piano", (60, 96), ("piano",), drums=False),
    Genre("lullaby", (60, 76), ("bells", "piano", "pad"), ("lydian", "major"), drums=False),
    Genre("techno", (125, 140), ("pluck", "pad", "bass", "drums")),
    Genre("house", (118, 128), ("electric piano", "pad", "bass", "drums")),
    Genre("trance", (132, 142), ("pad", "pluck", "bells", "bass", "drums")),
    Genre("hip hop", (80, 100), ("electric piano", "pad", "bass", "drums")),
    Genre("synthwave", (84, 118), ("pad", "pluck", "bass", "drums")),
    Genre("disco", (110, 128), ("strings", "pluck", "electric piano", "bass", "drums"),
          ("major", "mixolydian", "dorian")),
    Genre("funk", (96, 120), ("electric piano", "pluck", "bass", "drums"),
          ("mixolydian", "dorian")),
    Genre("pop", (100, 128), ("piano", "pluck", "pad", "bass", "drums")),
    Genre("rock", (110, 140), ("pluck", "piano", "bass", "drums")),
    Genre("reggae", (70, 90), ("pluck", "electric piano", "bass", "drums")),
    Genre("blues", (70, 110), ("piano", "electric piano", "bass", "drums"),
          ("mixolydian", "dorian")),
    Genre("chillout", (80, 100), ("electric piano", "pad", "bass", "drums")),
    Genre("ambient", (56, 74), ("pad", "bells", "strings"), drums=False),
    Genre("dubstep", (138, 142), ("pad", "bass", "drums")),
    Genre("waltz", (84, 110), ("piano", "strings"), drums=False),
)}


@dataclass(frozen=True)
class Family:
    genre: str
    descriptors: tuple[str, str]


# Arousal bands from calm to excited, valence bands from dark to bright.
AROUSAL_EDGES = (-0.45, -0.15, 0.15, 0.45)
VALENCE_EDGES = (-0.2, 0.2)
_ROWS = (
    (Family("dark ambient drone", ("bleak", "still")),
     Family("ambient soundscape", ("calm", "weightless")),
     Family("new-age ambient", ("serene", "dreamy"))),
    (Family("neoclassical", ("melancholic", "brooding")),
     Family("lo-fi hip hop", ("mellow", "unhurried")),
     Family("acoustic folk", ("warm", "tender"))),
    (Family("trip-hop", ("moody", "smoky")),
     Family("downtempo", ("steady", "reflective")),
     Family("bossa nova", ("sunny", "easy"))),
    (Family("dark synthwave", ("tense", "nocturnal")),
     Family("deep house", ("restless", "hypnotic")),
     Family("nu-disco", ("cheerful", "bouncy"))),
    (Family("drum and bass", ("urgent", "fierce")),
     Family("driving techno", ("relentless", "charged")),
     Family("euphoric trance", ("joyful", "soaring"))),
)
_ENDS = (-1.0, *AROUSAL_EDGES, 1.0)


def _band(value: float, edges: tuple[float, ...]) -> int:
    return sum(value > edge for edge in edges)


def family_of(valence: float, arousal: float) -> Family:
    return _ROWS[_band(arousal, AROUSAL_EDGES)][_band(valence, VALENCE_EDGES)]


def families() -> list[Family]:
    return [family for row in _ROWS for family in row]


def tempo_in(genre: Genre, position: float) -> int:
    """The tempo at `position` (0 slowest … 1 fastest) of the genre's range."""
    low, high = genre.tempo
    return round(low + max(0.0, min(1.0, position)) * (high - low))


def arousal_position(arousal: float) -> float:
    """Where arousal sits inside its band, 0 … 1: the tempo within the family's range."""
    band = _band(arousal, AROUSAL_EDGES)
    low, high = _ENDS[band], _ENDS[band + 1]
    return (arousal - low) / (high - low)
