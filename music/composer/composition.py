"""A prompt and a seed → a score: form, harmony, who plays what, then the parts.

The form is intro / A / B / A' / outro in four-bar phrases, so long pieces develop instead
of looping; the tonic opens and closes the piece (pedal in the intro, cadence and held
tonic chord in the outro) so its key is unmistakable. Everything random comes from one
numpy Generator seeded with the seed, so a prompt and seed always give the same score.
"""

from __future__ import annotations

import numpy as np

from music.composer import grooves, melody, parts
from music.composer.plan import Plan
from music.composer.prompts import MusicPrompt
from music.composer.score import Note, Score, Section, Style
from music.composer.theory import CADENCE, PROGRESSIONS, Key, chord

MIN_SECONDS, MAX_SECONDS = 10.0, 120.0
STRUCK = ("piano", "electric piano", "bells", "pluck", "marimba")
# Who can play each part, best first (the bass part falls back to a keyboard's left hand).
CHORDS = ("pad", "strings", "electric piano", "piano")
PULSE = ("pluck", "marimba", "electric piano", "piano", "bells", "strings")
LEAD = ("flute", "bells", "piano", "electric piano", "marimba", "pluck", "strings", "pad")
BASS = ("bass", "piano", "electric piano", "strings", "pad", "pluck", "marimba")


def check_duration(duration: float) -> float:
    duration = float(duration)
    if not MIN_SECONDS <= duration <= MAX_SECONDS:  # also rejects NaN
        raise ValueError(f"Duration must be between {MIN_SECONDS:g} and {MAX_SECONDS:g} "
                         f"seconds, not {duration:g}.")
    return duration


def compose_score(prompt: MusicPrompt, *, duration: float, seed: int) -> Score:
    duration = check_duration(duration)
    rng = np.random.default_rng(seed % 2**63)
    key = Key(prompt.tonic, prompt.mode)
    beats = duration * prompt.tempo_bpm / 60
    bar_count = max(2, int(beats // 4))
    sections = _form(bar_count)
    plan = _plan(key, prompt, beats, sections, rng)
    roles = assign_roles(prompt.instruments, rng)

    notes: list[Note] = []
    notes += parts.bass(plan, roles["bass"], rng)
    notes += parts.chords(plan, roles["chords"], rng)
    notes += parts.pulse(plan, roles["pulse"], rng)
    notes += melody.lead(plan, roles["lead"], rng)
    if roles.get("counter"):
        notes += parts.counter(plan, roles["counter"], rng)
    if "drums" in prompt.instruments:
        notes += grooves.drums(plan, rng)
    notes = _fit(notes, beats)
    energy = (prompt.arousal + 1) / 2
    style = Style(valence=prompt.valence, arousal=prompt.arousal,
                  reverb_seconds=round(1.3 + 1.7 * (1 - energy), 1),
                  reverb_send=0.3 + 0.5 * (1 - energy),
                  pump="drums" in prompt.instruments and prompt.arousal > 0.45,
                  fade_in=0.05 + 0.9 * (1 - energy), fade_out=min(6.0, 0.1 * duration + 1.0))
    return Score(tempo_bpm=float(prompt.tempo_bpm), tonic=prompt.tonic, mode=prompt.mode,
                 seconds=duration, style=style, notes=notes, sections=sections)


def assign_roles(instruments: tuple[str, ...], rng: np.random.Generator) -> dict[str, str]:
    """Give every part an instrument from the prompt; an instrument can take two parts."""
    pitched = [i for i in instruments if i not in ("bass", "drums")] or ["pad"]
    free = list(pitched)

    def take(candidates: tuple[str, ...], *, struck_only: bool = False) -> str | None:
        for name in candidates:
            if name in free and (not struck_only or name in STRUCK):
                free.remove(name)
                return name
        return None

    roles: dict[str, str] = {}
    roles["chords"] = take(CHORDS) or pitched[0]
    roles["pulse"] = take(PULSE, struck_only=True) or take(("strings",)) or \
        next((i for i in pitched if i in STRUCK), roles["chords"])
    roles["lead"] = take(LEAD) or next((i for i in LEAD if i in pitched and i != "pad"),
                                       roles["pulse"])
    if free:
        roles["counter"] = free[int(rng.integers(len(free)))]
    bass_options = ("bass", *tuple(i for i in BASS if i in pitched))
    roles["bass"] = next((i for i in bass_options if i in instruments or i in pitched),
                         roles["chords"])
    return roles


def _form(bars: int) -> list[Section]:
    intro = 0 if bars < 4 else 1 if bars < 12 else 2 if bars < 40 else 4
    outro = 1 if bars < 10 else 2 if bars < 40 else 4
    middle = bars - intro - outro
    phrases = [4] * (middle // 4) + ([middle % 4] if middle % 4 else [])
    labels = {1: ["A"], 2: ["A", "A"], 3: ["A", "B", "A"], 4: ["A", "A", "B", "A"],
              5: ["A", "A", "B", "B", "A"]}.get(len(phrases))
    if labels is None:
        cycle = ["A", "A", "B", "B"] * len(phrases)
        labels = [*cycle[:len(phrases) - 2], "A", "A"]
    sections, bar = [], 0
    if intro:
        sections.append(Section("intro", 0, intro))
        bar = intro
    for label, length in zip(labels, phrases, strict=True):
        if sections and sections[-1].name == label:
            last = sections.pop()
            sections.append(Section(label, last.start_bar, last.bars + length))
        else:
            sections.append(Section(label, bar, length))
        bar += length
    sections.append(Section("outro", bar, outro))
    return sections


def _plan(key: Key, prompt: MusicPrompt, beats: float, sections: list[Section],
          rng: np.random.Generator) -> Plan:
    options = PROGRESSIONS[key.mode]
    chosen = {label: options[label][int(rng.integers(len(options[label])))]
              for label in ("A", "B")}
    sevenths = prompt.valence > -0.3 and -0.4 < prompt.arousal < 0.4 and rng.random() < 0.6
    harmony, labels, energy, phrase_bar, phrase, closing, breakdown = [], [], [], [], [], [], []
    seen = {"A": 0, "B": 0}
    for number, section in enumerate(sections):
        base = {"intro": 0.35, "outro": 0.45}.get(section.name)
        for offset in range(section.bars):
            bar_in = offset % 4
            if section.name in ("A", "B"):
                count = seen[section.name] + offset // 4
                token = chosen[section.name][bar_in]
                level = min(1.0, (0.6 if section.name == "A" else 0.75) + 0.12 * count
                            + (0.15 if number > 2 else 0.0))
            elif section.name == "outro" and offset == 0 and section.bars > 1:
                count, token, level = 0, CADENCE[key.mode], base
            else:  # the intro's pedal and the outro's final tonic
                count, token, level = 0, 0, base
            harmony.append(chord(key, token, seventh=sevenths and section.name in ("A", "B")))
            labels.append(section.name)
            energy.append(level)
            phrase_bar.append(bar_in)
            phrase.append(count)
            ends_section = offset == section.bars - 1
            closing.append(bar_in == 3 and (count % 2 == 1 or ends_section))
            # Long pieces breathe: the second B section opens with a phrase held back.
            quiet = section.name == "B" and count == 2
            breakdown.append(quiet)
            if quiet:
                energy[-1] = 0.5
        if section.name in seen:
            seen[section.name] += -(-section.bars // 4)
    return Plan(key=key, arousal=prompt.arousal, valence=prompt.valence, beats=beats,
                harmony=harmony, labels=labels, energy=energy, phrase_bar=phrase_bar,
                phrase=phrase, closing=closing, breakdown=breakdown,
                drums="drums" in prompt.instruments, tempo=float(prompt.tempo_bpm))


def _fit(notes: list[Note], beats: float) -> list[Note]:
    """Drop what starts after the end, shorten what runs past it, order by time."""
    fitted = []
    for note in notes:
        if note.start >= beats - 1e-6:
            continue
        if note.start + note.length > beats:
            note = Note(note.start, beats - note.start, note.pitch, note.velocity,
                        note.instrument, note.part)
        fitted.append(note)
    fitted.sort(key=lambda n: (n.start, n.part, n.pitch))
    return fitted
