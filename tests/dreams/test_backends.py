"""What is particular to each dream engine (the kinds' shared contracts are in
tests/test_backend_contracts.py; the OpenAI ones run against the loopback fake)."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
import soundfile
from PIL import Image

from core.backends import BackendError
from core.moderation.moderators import WordListModerator
from core.speech.transcribers import OpenAITranscriber
from dreams.backends.base import DreamContext, InterpretationResult, SymbolEntry
from dreams.backends.image import OfflineDreamPainter, OpenAIDreamPainter
from dreams.backends.interpretation import OfflineInterpreter, OpenAIInterpreter
from dreams.backends.story import OfflineDreamStoryteller, OpenAIDreamStoryteller
from tests.dreams.conftest import spoken, tone

FALLING = SymbolEntry(id=1, name="Falling", category="activity", matched=("started falling",),
                      text="A fall often arrives when something feels less steady.")
OCEAN = SymbolEntry(id=7, name="Ocean", category="setting", matched=("the ocean",),
                    text="The ocean can carry a sense of something much larger.")
MOTHER = SymbolEntry(id=9, name="Mother", category="character", matched=("my mother",),
                     text="A mother may carry feelings about care.")
DREAM = DreamContext(
    text="I was standing on a cliff above the ocean at night with my mother. I slipped and "
         "started falling, and I was terrified.",
    emotions=("apprehension",), symbols=(FALLING, OCEAN, MOTHER), seed=42)


# Transcription --------------------------------------------------------------------------------

@pytest.mark.parametrize(("fmt", "said", "name", "mime"), [
    ("WAV", "audio/wav", "dream.wav", "audio/wav"),
    ("MP3", "audio/wav", "dream.mp3", "audio/mpeg"),
    ("FLAC", "", "dream.flac", "audio/flac"),
    ("OGG", "audio/mpeg", "dream.ogg", "audio/ogg"),
    ("WAV", "application/octet-stream", "dream.wav", "audio/wav"),
])
def test_openai_transcription_sends_a_file_named_for_what_its_bytes_are(
        fake_openai, settings, fmt, said, name, mime):
    settings.OPENAI_TRANSCRIPTION_MODEL = "gpt-transcribe"
    audio = tone(fmt=fmt)
    assert OpenAITranscriber().transcribe(audio, content_type=said)
    request = fake_openai.last("transcriptions")
    assert request.files["file"] == (name, audio, mime)
    assert request.form["model"] == "gpt-transcribe"


@pytest.mark.parametrize("fmt", ["AIFF", "CAF", "AU"])
def test_openai_transcription_converts_formats_openai_does_not_take_to_flac(fake_openai,
                                                                            fmt):
    audio = tone(seconds=1.5, rate=22050, fmt=fmt)
    assert OpenAITranscriber().transcribe(audio, content_type=f"audio/{fmt.lower()}")
    name, sent, mime = fake_openai.last("transcriptions").files["file"]
    assert (name, mime) == ("dream.flac", "audio/flac")
    samples, rate = soundfile.read(io.BytesIO(sent), dtype="float32")
    original, _ = soundfile.read(io.BytesIO(audio), dtype="float32")
    assert rate == 22050 and samples.shape == original.shape
    assert np.abs(samples - original).max() < 1e-3


def test_openai_transcription_falls_back_to_wav_when_flac_cannot_hold_the_rate(fake_openai):
    audio = tone(seconds=0.5, rate=700_000, fmt="AU")
    assert OpenAITranscriber().transcribe(audio)
    name, sent, mime = fake_openai.last("transcriptions").files["file"]
    assert (name, mime, sent[:4]) == ("dream.wav", "audio/wav", b"RIFF")
    assert soundfile.info(io.BytesIO(sent)).samplerate == 700_000


def test_openai_transcription_with_no_words_is_a_clear_failure(fake_openai, tmp_path):
    fake_openai.queue("transcriptions", {"text": "  "})
    with pytest.raises(BackendError, match="could not hear any words"):
        OpenAITranscriber().transcribe(spoken("hello there", tmp_path), content_type="audio/wav")


# Moderation -----------------------------------------------------------------------------------

def test_word_list_matches_inflections_and_case_but_not_parts_of_words():
    check = WordListModerator().check
    assert not check("He was KILLING MYSELF, she said").allowed
    assert check("A popcorn stand by the cumulus clouds.").allowed


# Interpretation -------------------------------------------------------------------------------

def _cited(result: InterpretationResult) -> set[int]:
    return {pk for section in result.sections for pk in section.citations}


def test_offline_interpretation_ties_each_symbol_claim_to_its_entry():
    result = OfflineInterpreter().interpret(DREAM)
    for entry in DREAM.symbols:
        claims = [s for s in result.sections if entry.text in s.text]
        assert claims and all(s.citations == (entry.id,) for s in claims)
    text = " ".join(s.text for s in result.sections)
    assert "you are the one who knows" in text
    assert "diagnos" not in text and "will happen" not in text


def test_offline_interpretation_of_a_dream_without_symbols_still_reads_it():
    result = OfflineInterpreter().interpret(DreamContext(text="Blue.", emotions=("sadness",)))
    assert _cited(result) == set()
    assert "Sadness" in " ".join(s.text for s in result.sections)


def test_openai_interpretation_sends_the_entries_and_asks_for_json(fake_openai):
    fake_openai.chat({"sections": [{"text": "A reading.", "citations": [1]}]})
    OpenAIInterpreter().interpret(DREAM)
    body = fake_openai.last("chat").json
    assert body["response_format"]["type"] == "json_schema"
    prompt = json.loads(body["messages"][1]["content"])
    assert [e["id"] for e in prompt["dictionary_entries"]] == [1, 7, 9]
    assert prompt["dictionary_entries"][0]["dream_words"] == ["started falling"]
    assert "predict" in body["messages"][0]["content"]


@pytest.mark.parametrize("answer", [
    {"sections": [{"text": "Snakes mean change.", "citations": [999]}]},  # uncited entry
    {"sections": []},
    "{not json",
])
def test_openai_interpretation_refuses_an_answer_it_cannot_trust(fake_openai, answer):
    for _ in range(4):  # the SDK does not retry these; one would do
        fake_openai.chat(answer)
    with pytest.raises(BackendError):
        OpenAIInterpreter().interpret(DREAM)


def test_openai_interpretation_refusal_is_permanent(fake_openai):
    fake_openai.chat(refusal="I can't help with that.")
    with pytest.raises(BackendError) as caught:
        OpenAIInterpreter().interpret(DREAM)
    assert caught.value.permanent


# Story ----------------------------------------------------------------------------------------

def test_offline_story_is_in_the_second_person_with_its_people_and_mood():
    story = OfflineDreamStoryteller().tell(DREAM)
    assert "You were standing on a cliff above the ocean" in story.text
    assert "your mother" in story.text
    assert " I " not in story.text
    assert "fear" in story.text.split("\n\n")[-1]  # an apprehensive dream's close
    assert story == OfflineDreamStoryteller().tell(DREAM)  # the same dream, the same story


def test_openai_story_with_an_unreadable_answer_fails(fake_openai):
    for _ in range(2):
        fake_openai.chat("{oops")
    with pytest.raises(BackendError):
        OpenAIDreamStoryteller().tell(DREAM)


# Image ----------------------------------------------------------------------------------------

def test_offline_image_follows_the_dream_palette_and_seed():
    def pixels(context: DreamContext) -> Image.Image:
        return Image.open(io.BytesIO(OfflineDreamPainter().paint(context))).convert("RGB")

    night = pixels(DREAM)
    assert pixels(DREAM).tobytes() == night.tobytes()  # deterministic
    happy = pixels(DreamContext(text="A sunny day at the beach.", emotions=("happiness",),
                                seed=42))

    def brightness(image: Image.Image) -> float:
        return float(np.asarray(image).mean())

    assert brightness(happy) > brightness(night) + 40


def test_openai_image_prompt_carries_the_dream_and_a_non_png_answer_fails(fake_openai):
    OpenAIDreamPainter().paint(DREAM)
    assert "cliff above the ocean" in fake_openai.last("images").json["prompt"]
    fake_openai.queue("images", {"created": 1, "data": [{"b64_json": "bm90IGFuIGltYWdl"}]})
    with pytest.raises(BackendError):
        OpenAIDreamPainter().paint(DREAM)


def _entry(pk: int, name: str, category: str, matched: str) -> SymbolEntry:
    return SymbolEntry(id=pk, name=name, category=category, matched=(matched,),
                       text=f"What {name.lower()} may mean ({pk}).")


MANY = DreamContext(
    text="I was at school. My teacher and my mother watched me lose a key by the sea. "
         "A dog ran past and I was falling.",
    emotions=("confusion",), seed=3,
    symbols=(_entry(20, "School", "setting", "teacher"), _entry(37, "Mother", "character",
             "my mother"), _entry(1, "Falling", "activity", "falling"),
             _entry(107, "Teacher", "character", "teacher"), _entry(30, "Key", "object", "key"),
             _entry(6, "Ocean", "setting", "sea"), _entry(14, "Dog", "animal", "dog")))


def test_offline_interpretation_reads_every_symbol_grouped_strongest_first():
    sections = OfflineInterpreter().interpret(MANY).sections
    cited = [s.citations[0] for s in sections if len(s.citations) == 1]
    assert sorted(cited) == sorted(e.id for e in MANY.symbols)  # all seven, not four
    # Grouped: the places first (the strongest is a place), the people together after them.
    assert cited == [20, 6, 37, 107, 1, 30, 14]
    texts = {s.citations[0]: s.text for s in sections if len(s.citations) == 1}
    assert texts[20].startswith("First, the places it happened in. ")
    assert texts[37].startswith("Then, the people and figures in it. ")
    assert not texts[6].startswith(("First", "Then"))  # a group is introduced once
    overview = sections[0].text
    assert "places (school and ocean), people and figures (mother and teacher)" in overview


def test_offline_story_slots_are_typed_and_read_as_sentences():
    story = OfflineDreamStoryteller().tell(MANY).text
    opening = story.split("\n\n")[0]
    assert "at school" in opening and "in a teacher" not in story
    assert "your mother, your teacher and a dog were" in story.lower()
    assert "a key was part of it too" in story.lower() or "a key caught your eye" in story
