"""Score → Standard MIDI File (type 1): a tempo track, then one track per instrument with
its General MIDI program, drums on channel 10. Its notes are exactly the score's notes."""

from __future__ import annotations

import io

import mido

from music.composer.score import Score
from music.composer.theory import tonic_class

TICKS_PER_BEAT = 480
DRUM_CHANNEL = 9  # "channel 10" counting from one
PROGRAMS = {"piano": 0, "electric piano": 4, "bells": 9, "marimba": 12, "strings": 48,
            "flute": 73, "pad": 89, "pluck": 46, "bass": 33}
# Key signatures by the number of sharps (negative: flats) of the scale's parent major.
_SIGNATURES = {0: "C", 1: "G", 2: "D", 3: "A", 4: "E", 5: "B", 6: "F#", -1: "F", -2: "Bb",
               -3: "Eb", -4: "Ab", -5: "Db"}
_MODE_OFFSET = {"lydian": 7, "major": 0, "mixolydian": 5, "dorian": 10, "minor": 3,
                "phrygian": 8}  # semitones from the tonic up to the parent major's tonic


def key_signature(tonic: str, mode: str) -> str:
    """The signature of the mode's parent major scale, as mido names it ("Eb", "F#", …)."""
    parent = (tonic_class(tonic) + _MODE_OFFSET[mode]) % 12
    sharps = (parent * 7) % 12  # steps round the circle of fifths from C
    if sharps > 6:
        sharps -= 12
    return _SIGNATURES[sharps]


def to_midi(score: Score) -> bytes:
    song = mido.MidiFile(type=1, ticks_per_beat=TICKS_PER_BEAT)
    conductor = mido.MidiTrack()
    conductor.append(mido.MetaMessage("track_name", name="Reverie", time=0))
    conductor.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(score.tempo_bpm),
                                      time=0))
    conductor.append(mido.MetaMessage("time_signature", numerator=4, denominator=4, time=0))
    conductor.append(mido.MetaMessage("key_signature",
                                      key=key_signature(score.tonic, score.mode), time=0))
    song.tracks.append(conductor)
    pitched = 0
    for instrument in score.instruments:
        if instrument == "drums":
            channel = DRUM_CHANNEL
        else:
            channel = pitched if pitched < DRUM_CHANNEL else pitched + 1
            pitched += 1
        song.tracks.append(_track(score, instrument, channel))
    buffer = io.BytesIO()
    song.save(file=buffer)
    return buffer.getvalue()


def _track(score: Score, instrument: str, channel: int) -> mido.MidiTrack:
    track = mido.MidiTrack()
    track.append(mido.MetaMessage("track_name", name=instrument.title(), time=0))
    if channel != DRUM_CHANNEL:
        track.append(mido.Message("program_change", channel=channel,
                                  program=PROGRAMS[instrument], time=0))
    events = []
    for note in score.notes:
        if note.instrument != instrument:
            continue
        start = round(note.start * TICKS_PER_BEAT)
        end = max(start + 1, round((note.start + note.length) * TICKS_PER_BEAT))
        # At the same tick a note-off sorts before a note-on, so repeated pitches retrigger.
        events.append((start, 1, note.pitch, note.velocity))
        events.append((end, 0, note.pitch, 0))
    events.sort()
    now = 0
    for tick, is_on, pitch, velocity in events:
        kind = "note_on" if is_on else "note_off"
        track.append(mido.Message(kind, channel=channel, note=pitch, velocity=velocity,
                                  time=tick - now))
        now = tick
    track.append(mido.MetaMessage("end_of_track", time=0))
    return track
