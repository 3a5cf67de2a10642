"""The score: the one description of a piece that both the audio and the MIDI are made from."""

from __future__ import annotations

from dataclasses import dataclass, field

# General MIDI drum keys the kit plays (channel 10).
KICK, RIM, SNARE, CLAP, CLOSED_HAT, OPEN_HAT, CRASH, RIDE, SHAKER, LOW_TOM, HIGH_TOM = (
    36, 37, 38, 39, 42, 46, 49, 51, 70, 45, 50)


@dataclass(frozen=True, slots=True)
class Note:
    start: float  # beats from the start
    length: float  # beats
    pitch: int  # MIDI note number (a GM drum key for drums)
    velocity: int  # 1–127
    instrument: str  # one of music.composer.prompts.INSTRUMENTS
    part: str  # "bass", "chords", "pulse", "lead", "counter" or "drums"


@dataclass(frozen=True)
class Section:
    name: str  # "intro", "A", "B", "A'", "outro"
    start_bar: int
    bars: int


@dataclass(frozen=True)
class Style:
    """How the score should sound, beyond its notes."""

    valence: float
    arousal: float
    reverb_seconds: float  # RT60 of the room
    reverb_send: float  # overall wetness 0..1
    pump: bool  # duck the sustained parts on every beat (dance music's side-chain)
    fade_in: float  # seconds
    fade_out: float  # seconds


@dataclass
class Score:
    tempo_bpm: float
    tonic: str
    mode: str
    seconds: float
    style: Style
    notes: list[Note] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    @property
    def beat_seconds(self) -> float:
        return 60.0 / self.tempo_bpm

    @property
    def beats(self) -> float:
        return self.seconds / self.beat_seconds

    @property
    def instruments(self) -> list[str]:
        return list(dict.fromkeys(note.instrument for note in self.notes))
