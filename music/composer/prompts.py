"""The musical prompt: the structured bridge between a picture's mood and a music engine.

A raw caption ("a red boat on a lake") makes dull music; a music model (and our offline
composer) does better with mood, genre, tempo, key and instruments in words it knows:

    Serene, hopeful gentle ambient. Tempo: 76 BPM. Key: D major. Instruments: electric piano,
    pad, strings. Energy: low. Mood: valence 0.42, arousal -0.35.

`prompt_for_mood` builds one from a mood (valence/arousal in [-1, 1]) and the picture's colour
features; the genre, its words and its tempo range come from the mood map in music.composer.genres.
`MusicPrompt.with_style` steers it with a person's own words (music.composer.style), and
`MusicPrompt.parse` reads one back (tolerantly: free text gets sensible values).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from music.composer.genres import GENRES, Genre, arousal_position, family_of, tempo_in
from music.composer.style import StyleRequest

# Brightest to darkest: valence picks along this line.
MODES = ("lydian", "major", "mixolydian", "dorian", "minor", "phrygian")
MAJOR_LIKE = {"lydian", "major", "mixolydian"}
TONICS = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
_ENHARMONIC = {"DB": "C#", "D#": "Eb", "GB": "F#", "G#": "Ab", "A#": "Bb", "CB": "B", "E#": "F",
               "FB": "E", "B#": "C"}
# The instruments the offline composer can play; prompts use only these words.
INSTRUMENTS = ("piano", "electric piano", "strings", "pad", "bells", "pluck", "marimba", "flute",
               "bass", "drums")
SOLOS = {name: f"solo {name}" for name in INSTRUMENTS} | {"pluck": "solo plucked strings",
                                                           "pad": "solo synth pad"}
TEMPO_MIN, TEMPO_MAX = 56, 180

# Colour to key, around the circle of fifths (red C, orange G, yellow D, green A, …), the old
# synaesthetes' wheel: neighbouring hues give closely related keys.
_HUE_KEYS = ("C", "G", "D", "A", "E", "B", "F#", "C#", "Ab", "Eb", "Bb", "F")


@dataclass(frozen=True)
class MusicPrompt:
    tempo_bpm: int
    tonic: str
    mode: str
    valence: float
    arousal: float
    instruments: tuple[str, ...]
    genre: str
    descriptors: tuple[str, ...]
    style: str = ""  # the words a person asked for, as they wrote them

    @property
    def energy(self) -> str:
        return "high" if self.arousal > 0.3 else "low" if self.arousal < -0.3 else "medium"

    @property
    def text(self) -> str:
        mood_words = ", ".join(self.descriptors).capitalize()
        text = (
            f"{mood_words} {self.genre}. Tempo: {self.tempo_bpm} BPM. "
            f"Key: {self.tonic} {self.mode}. Instruments: {', '.join(self.instruments)}. "
            f"Energy: {self.energy}. Mood: valence {self.valence:.2f}, arousal {self.arousal:.2f}."
        )
        # Last, so nothing the person wrote can be read back as a tempo, key or instrument.
        return f"{text} Style: {self.style}" if self.style else text

    def with_mood(self, *, valence: float, arousal: float) -> MusicPrompt:
        """The same picture's music in another mood: key colour and timbres stay."""
        valence, arousal = _clamp(valence), _clamp(arousal)
        genre, descriptors = _genre(valence, arousal)
        instruments = tuple(i for i in self.instruments if i not in {"drums", "bass"})
        return replace(self, valence=valence, arousal=arousal,
                       tempo_bpm=tempo_for(arousal, valence=valence),
                       mode=mode_for(valence), genre=genre, descriptors=descriptors,
                       instruments=_with_rhythm(instruments, arousal))

    @classmethod
    def parse(cls, text: str) -> MusicPrompt:
        """Read a prompt; what it does not say is derived from its words (deterministically)."""
        text, _, style = text.partition(" Style: ")
        lowered = text.lower()
        valence = _number(r"valence\s*(-?\d+(?:\.\d+)?)", lowered)
        arousal = _number(r"arousal\s*(-?\d+(?:\.\d+)?)", lowered)
        if valence is None or arousal is None:
            guess_v, guess_a = _mood_from_words(lowered)
            valence = guess_v if valence is None else valence
            arousal = guess_a if arousal is None else arousal
        valence, arousal = _clamp(valence), _clamp(arousal)

        tempo = _number(r"(\d{2,3})\s*bpm", lowered)
        tempo_bpm = (int(min(TEMPO_MAX, max(TEMPO_MIN, tempo))) if tempo
                     else tempo_for(arousal, valence=valence))

        tonic, mode = None, None
        key = re.search(r"\b([a-g])\s*([#♯b♭]?)\s*(lydian|major|mixolydian|dorian|minor|"
                        r"phrygian|aeolian|ionian)\b", lowered)
        if key:
            tonic = normalise_tonic(key.group(1) + key.group(2).replace("♯", "#")
                                    .replace("♭", "b"))
            mode = {"aeolian": "minor", "ionian": "major"}.get(key.group(3), key.group(3))
        if tonic is None:
            digest = hashlib.sha256(lowered.encode()).digest()
            tonic = TONICS[digest[0] % 12]
        mode = mode or mode_for(valence)

        # The instrument list, when there is one: genre names say "bass" and "piano" too.
        listed = re.search(r"instruments:\s*([^.]*)", lowered)
        found, rest = set(), listed.group(1) if listed else lowered
        for name in sorted(INSTRUMENTS, key=len, reverse=True):  # "electric piano" first
            if re.search(rf"\b{name}\b", rest):
                found.add(name)
                rest = re.sub(rf"\b{name}\b", " ", rest)
        instruments = tuple(i for i in INSTRUMENTS if i in found)
        if not instruments:
            instruments = _with_rhythm(("piano", "pad", "strings"), arousal)
        genre, descriptors = _genre(valence, arousal)
        named = _named_genre(lowered)
        if named:
            genre, descriptors = named
        return cls(tempo_bpm=tempo_bpm, tonic=tonic, mode=mode, valence=valence,
                   arousal=arousal, instruments=instruments, genre=genre,
                   descriptors=descriptors, style=style.strip())

    def with_style(self, request: StyleRequest) -> MusicPrompt:
        """The prompt steered by a person's words: genre, instruments, tempo and mode.

        Their mood words move valence (and so the mode); a named genre brings its tempo range
        and instruments; "slow"/"fast" pick the low or high end of that range; named
        instruments replace the picture's (with the genre's bass and drums kept).
        """
        if request.empty:
            return self
        valence = _clamp(self.valence + request.valence_shift)
        arousal = self.arousal
        # "calm" or "fast" is what the person wants whatever the picture: at least that calm.
        if request.pace < 0:
            arousal = min(arousal - 0.45, -0.3)
        elif request.pace > 0:
            arousal = max(arousal + 0.45, 0.3)
        arousal = _clamp(arousal)
        family = family_of(valence, arousal)
        genre = GENRES[request.genre or family.genre]
        position = arousal_position(arousal) if request.pace == 0 else \
            (0.15 if request.pace < 0 else 0.85)
        tempo = request.tempo_bpm or tempo_in(genre, position)
        if not request.genre:  # no genre asked for: the mood map's, or a plain slow/fast
            tempo = request.tempo_bpm or tempo_for(arousal, valence=valence)
        mode = request.mode or mode_for(valence)
        if genre.modes and request.mode is None and mode not in genre.modes:
            mode = min(genre.modes, key=lambda m: abs(MODES.index(m) - MODES.index(mode)))
        instruments = _styled_instruments(self, request, genre, arousal)
        descriptors = family.descriptors if request.genre is None else \
            (family.descriptors[0],)
        return replace(self, valence=round(valence, 3), arousal=round(arousal, 3),
                       tempo_bpm=int(min(TEMPO_MAX, max(TEMPO_MIN, tempo))), mode=mode,
                       genre=genre.name if request.genre or not request.instruments
                       else _solo_genre(instruments, genre.name),
                       descriptors=descriptors, instruments=instruments, style=request.text)


def _styled_instruments(prompt: MusicPrompt, request: StyleRequest, genre: Genre,
                        arousal: float) -> tuple[str, ...]:
    if request.instruments:
        chosen = request.instruments
        if all(i in ("bass", "drums") for i in chosen):  # a bassline still needs harmony
            chosen += (genre.palette if request.genre else prompt.instruments)
        if request.genre:
            chosen += tuple(i for i in genre.palette if i in ("bass", "drums"))
        elif len([i for i in chosen if i not in ("bass", "drums")]) > 1:
            chosen = _with_rhythm(chosen, arousal)
    elif request.genre:
        chosen = genre.palette
    else:
        chosen = prompt.instruments
    kept = tuple(i for i in INSTRUMENTS if i in chosen and i not in request.without)
    return kept or ("piano",)


def _solo_genre(instruments: tuple[str, ...], genre: str) -> str:
    pitched = [i for i in instruments if i not in ("bass", "drums")]
    return SOLOS[pitched[0]] if len(instruments) == 1 and pitched else genre


def _named_genre(text: str) -> tuple[str, tuple[str, ...]] | None:
    first = text.split(". tempo:", 1)[0]
    for name in sorted([*GENRES, *SOLOS.values()], key=len, reverse=True):
        if first.endswith(" " + name) or first == name:
            words = first[: -len(name)].strip()
            return name, tuple(w.strip() for w in words.split(",") if w.strip())
    return None


def prompt_for_mood(*, valence: float, arousal: float, hue: float | None, warmth: float,
                    texture: float) -> MusicPrompt:
    """Build the prompt for a picture.

    valence, arousal: the mood, each in [-1, 1].
    hue: the dominant chromatic hue in degrees (None for a greyish picture) → the key.
    warmth: -1 (blue) … 1 (orange) → instrument colour; texture: 0 (smooth) … 1 (busy).
    """
    valence, arousal = _clamp(valence), _clamp(arousal)
    if hue is None:
        tonic = "A" if valence < 0 else "F"
    else:
        tonic = _HUE_KEYS[int(((hue % 360) + 15) // 30) % 12]
    if warmth > 0.15:
        colour = ("electric piano", "strings")
    elif warmth < -0.15:
        colour = ("bells", "pad")
    else:
        colour = ("piano", "pad")
    surface = ("pluck",) if texture > 0.55 else ("marimba",) if texture > 0.35 else ("strings",)
    if arousal < -0.5 and valence > 0:
        surface = ("flute",)
    instruments = tuple(dict.fromkeys(colour + surface))
    genre, descriptors = _genre(valence, arousal)
    return MusicPrompt(tempo_bpm=tempo_for(arousal, valence=valence), tonic=tonic,
                       mode=mode_for(valence),
                       valence=valence, arousal=arousal,
                       instruments=_with_rhythm(instruments, arousal), genre=genre,
                       descriptors=descriptors)


def tempo_for(arousal: float, *, valence: float = 0.0) -> int:
    """The tempo of the mood's family, further along its range the livelier the mood."""
    genre = GENRES[family_of(_clamp(valence), _clamp(arousal)).genre]
    return tempo_in(genre, arousal_position(_clamp(arousal)))


def mode_for(valence: float) -> str:
    for threshold, mode in ((0.55, "lydian"), (0.15, "major"), (-0.05, "mixolydian"),
                            (-0.3, "dorian"), (-0.65, "minor")):
        if valence >= threshold:
            return mode
    return "phrygian"


def normalise_tonic(name: str) -> str | None:
    name = name.strip()
    if not name:
        return None
    upper = name[0].upper() + name[1:].lower().replace("♯", "#").replace("♭", "b")
    key = upper.upper()
    if key in _ENHARMONIC:
        return _ENHARMONIC[key]
    return upper if upper in TONICS else None


def _with_rhythm(instruments: tuple[str, ...], arousal: float) -> tuple[str, ...]:
    rhythm = ("bass", "drums") if arousal > -0.1 else ("bass",)
    return tuple(dict.fromkeys(instruments + rhythm))


def _genre(valence: float, arousal: float) -> tuple[str, tuple[str, ...]]:
    family = family_of(valence, arousal)
    return family.genre, family.descriptors


_HAPPY = ("happy", "joy", "bright", "sunny", "cheer", "uplift", "hope", "warm", "playful", "love")
_SAD = ("sad", "dark", "melanchol", "gloom", "grief", "lonely", "somber", "sombre", "cold", "fear")
_ENERGETIC = ("energetic", "fast", "upbeat", "dance", "driving", "excit", "intense", "party", "run")
_CALM = ("calm", "slow", "gentle", "quiet", "peace", "serene", "sleep", "soft", "ambient")


def _mood_from_words(text: str) -> tuple[float, float]:
    def score(words: tuple[str, ...]) -> int:
        return sum(text.count(word) for word in words)

    valence = (score(_HAPPY) - score(_SAD)) / 3
    arousal = (score(_ENERGETIC) - score(_CALM)) / 3
    return _clamp(valence), _clamp(arousal)


def _number(pattern: str, text: str) -> float | None:
    match = re.search(pattern, text)
    return float(match.group(1)) if match else None


def _clamp(value: float) -> float:
    return max(-1.0, min(1.0, float(value)))
