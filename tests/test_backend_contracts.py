"""One contract per backend kind, run against each implementation: what the kind's base class
promises, checked the same way for the offline engine and for the providers (OpenAI and Vertex
through their real SDKs against the loopback fakes in tests/fakes/).

IMPLEMENTATIONS lists every implementation of every kind; a backend missing from it fails
test_every_backend_in_the_project_has_its_contract_run. What is particular to one
implementation (the requests it sends, its retries, its wording) stays in tests/<app>/.
"""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil
from typing import Any

import numpy as np
import pytest
from django.utils.module_loading import import_string
from PIL import Image

from captioning.backends.base import CaptionResult
from core.backends import Backend, BackendError, backend_kinds
from core.contracts import ModerationResult
from core.korean import is_korean
from dreams.backends.base import InterpretationResult, StoryResult, interpretation_check
from music.backends.base import ComposedTrack, Resume
from music.composer.prompts import MODES, TONICS, MusicPrompt
from stories.reading import BANDS
from tests.captioning import pictures
from tests.dreams.conftest import silence, spoken
from tests.dreams.test_backends import DREAM
from tests.fakes.openai_answers import moderation
from tests.stories.books import EASY, MIDDLE, OLDER, book_json, check_book
from tests.test_architecture import APPS

pytestmark = pytest.mark.django_db

# Speech to text and moderation serve dreams and stories alike (core.speech, core.moderation).
TRANSCRIBERS = [
    "core.speech.transcribers.PocketSphinxTranscriber",
    "core.speech.transcribers.OpenAITranscriber",
]
MODERATORS = [
    "core.moderation.moderators.WordListModerator",
    "core.moderation.moderators.OpenAIModerator",
]
IMPLEMENTATIONS: dict[str, list[str]] = {
    "captioning": ["captioning.backends.offline.OfflineCaptioner",
                   "captioning.backends.openai.OpenAICaptioner"],
    "music": ["music.backends.offline.OfflineComposer",
              "music.backends.vertex.VertexLyriaComposer",
              "music.backends.vertex.VertexPipelineComposer"],
    "transcription": TRANSCRIBERS,
    "moderation": MODERATORS,
    "interpretation": ["dreams.backends.interpretation.OfflineInterpreter",
                       "dreams.backends.interpretation.OpenAIInterpreter"],
    "dream_story": ["dreams.backends.story.OfflineDreamStoryteller",
                    "dreams.backends.story.OpenAIDreamStoryteller"],
    "dream_image": ["dreams.backends.image.OfflineDreamPainter",
                    "dreams.backends.image.OpenAIDreamPainter"],
    "story_writer": ["stories.backends.writer.OfflineStoryWriter",
                     "stories.backends.writer.OpenAIStoryWriter"],
    "illustration": ["stories.backends.illustration.OfflineIllustrator",
                     "stories.backends.illustration.OpenAIIllustrator"],
}
# Options that only make a test quicker.
OPTIONS = {"music.backends.vertex.VertexPipelineComposer": {"poll_seconds": 0.01,
                                                            "max_poll_seconds": 0.02}}


def implementations(kind: str) -> list[Any]:
    return [pytest.param(path, id=path.rpartition(".")[2]) for path in IMPLEMENTATIONS[kind]]


def build(path: str, request: pytest.FixtureRequest) -> tuple[Any, Any]:
    """The backend at `path`, and the fake its provider talks to (None for offline ones; a
    provider of another name needs its fake started here)."""
    cls = import_string(path)
    fake = None
    if cls.provider == "openai":
        fake = request.getfixturevalue("fake_openai")
    elif cls.provider.startswith("vertex"):
        fake = request.getfixturevalue("vertex")
    return cls(**OPTIONS.get(path, {})), fake


# The list is complete --------------------------------------------------------------------------

def _concrete_subclasses(base: type) -> set[type]:
    found: set[type] = set()
    for sub in base.__subclasses__():
        found |= _concrete_subclasses(sub)
        if not inspect.isabstract(sub) and not sub.__module__.startswith("tests."):
            found.add(sub)
    return found


def test_every_backend_in_the_project_has_its_contract_run():
    for app in APPS:  # so a class defined anywhere in the project is seen
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name:
                importlib.import_module(module.name)
    kinds = backend_kinds()
    assert set(IMPLEMENTATIONS) == set(kinds)
    for kind, base in kinds.items():
        found = {f"{cls.__module__}.{cls.__qualname__}" for cls in _concrete_subclasses(base)}
        assert found == set(IMPLEMENTATIONS[kind]), kind
    listed = [path for paths in IMPLEMENTATIONS.values() for path in paths]
    assert {f"{cls.__module__}.{cls.__qualname__}"
            for cls in _concrete_subclasses(Backend)} == set(listed)  # each of one kind only


# Captioning -----------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("path", implementations("captioning"))
def test_a_captioner_describes_in_the_language_and_prompts_music_in_english(path, language,
                                                                            request):
    captioner, fake = build(path, request)
    if fake is not None:
        words = {"en": ("A golden beach under a bright sun.", ["beach", "sun"]),
                 "ko": ("밝은 햇살 아래 황금빛 해변.", ["해변", "햇살"])}[language]
        fake.chat({"caption": words[0], "music_prompt": "Sunny pop", "valence": 0.7,
                   "arousal": 0.4, "tags": words[1]})
    result = captioner.caption(pictures.sunny_beach(), language=language)
    assert isinstance(result, CaptionResult) and result.text.strip()
    assert is_korean(result.text) == (language == "ko")
    parsed = MusicPrompt.parse(result.music_prompt)
    assert parsed.text == result.music_prompt and result.music_prompt.isascii()
    assert parsed.tonic in TONICS and parsed.mode in MODES
    assert -1 <= result.mood.valence <= 1 and -1 <= result.mood.arousal <= 1
    assert result.tags and len(set(result.tags)) == len(result.tags) <= 8
    assert all(tag.strip() and tag == tag.lower() for tag in result.tags)
    assert {"hue", "warmth", "texture"} <= set(result.features)


# Music ----------------------------------------------------------------------------------------

PROMPT = "Bright, playful folk. Tempo: 112 BPM. Key: A major. Instruments: guitar, flute."


@pytest.mark.parametrize("path", implementations("music"))
def test_a_composer_makes_the_asked_length_and_says_what_it_made(path, request):
    composer, _ = build(path, request)
    assert composer.min_duration <= 11 <= composer.max_duration
    fractions: list[float] = []
    saved: list[str] = []
    track = composer.compose(PROMPT, duration=11, seed=4, on_progress=fractions.append,
                             resume=Resume(save=saved.append))
    assert isinstance(track, ComposedTrack) and track.provider == composer.provider
    assert track.audio.dtype == np.float32 and track.audio.ndim == 2
    assert track.audio.shape[0] == 11 * track.sample_rate
    assert np.abs(track.audio).max() <= 1.0 and np.abs(track.audio).max() > 0.01
    assert track.tonic in TONICS and track.mode in MODES and track.tempo_bpm > 0
    assert track.midi is None or track.midi.startswith(b"MThd")
    assert fractions and fractions == sorted(fractions) and 0 <= fractions[0] <= fractions[-1] <= 1
    # Only a composer that leaves work running remotely keeps a token, and one at most.
    assert all(isinstance(token, str) for token in saved) and len(set(saved)) <= 1


@pytest.mark.parametrize("path", implementations("music"))
def test_a_composer_works_without_a_resume(path, request):
    composer, _ = build(path, request)
    track = composer.compose(PROMPT, duration=10, seed=4)
    assert track.audio.shape[0] == 10 * track.sample_rate


# Transcription --------------------------------------------------------------------------------

SPEECH = "I was in a house by the ocean. A dog chased me up the stairs."


@pytest.mark.parametrize("path", implementations("transcription"))
def test_a_transcriber_turns_speech_into_words(path, request, tmp_path):
    transcriber, fake = build(path, request)
    if fake is not None:
        fake.queue("transcriptions", {"text": "I was in a house by the ocean."})
    text = transcriber.transcribe(spoken(SPEECH, tmp_path), content_type="audio/wav")
    assert isinstance(text, str)
    assert "house" in text.lower() and "ocean" in text.lower()


@pytest.mark.parametrize("path", implementations("transcription"))
def test_a_transcriber_takes_only_the_languages_it_says_it_understands(path, request,
                                                                       tmp_path):
    transcriber, _ = build(path, request)
    audio = spoken(SPEECH, tmp_path)
    if transcriber.languages is None or "ko" in transcriber.languages:
        assert transcriber.transcribe(audio, content_type="audio/wav", language="ko").strip()
    else:
        with pytest.raises(BackendError) as caught:
            transcriber.transcribe(audio, content_type="audio/wav", language="ko")
        assert caught.value.permanent and caught.value.message


@pytest.mark.parametrize("audio", [silence(), b"not audio at all", b""],
                         ids=["silence", "not-audio", "empty"])
@pytest.mark.parametrize("path", implementations("transcription"))
def test_a_transcriber_refuses_silence_and_unreadable_audio(path, audio, request):
    transcriber, _ = build(path, request)
    with pytest.raises(BackendError) as caught:
        transcriber.transcribe(audio, content_type="audio/wav")
    assert caught.value.permanent


# Moderation -----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", implementations("moderation"))
def test_a_moderator_allows_an_ordinary_frightening_dream(path, request):
    moderator, _ = build(path, request)
    result = moderator.check("A monster chased me and I died in the dream.")
    assert isinstance(result, ModerationResult)
    assert result.allowed and result.categories == []


@pytest.mark.parametrize("policy", ["adult", "children"])
@pytest.mark.parametrize("path", implementations("moderation"))
def test_a_moderator_refuses_with_categories_for_every_audience(path, policy, request):
    moderator, fake = build(path, request)
    if fake is not None:
        fake.queue("moderations", moderation(flagged=["self-harm", "self-harm/intent"]))
    result = moderator.check("I want to kill myself.", policy=policy,
                             context="a lost balloon at the beach")
    assert not result.allowed
    assert "self-harm" in result.categories
    assert all(isinstance(category, str) for category in result.categories)


# The dream engines ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", implementations("interpretation"))
def test_an_interpretation_cites_only_the_entries_it_was_given(path, request):
    interpreter, fake = build(path, request)
    if fake is not None:
        fake.chat({"sections": [
            {"text": "Falling may mirror a loss of footing.", "citations": [1]},
            {"text": "The ocean may hold a feeling larger than you.", "citations": [7]},
            {"text": "What felt unsteady lately?", "citations": []}]})
    result = interpreter.interpret(DREAM)
    assert isinstance(result, InterpretationResult)
    assert result.sections and all(section.text.strip() for section in result.sections)
    interpretation_check(result, DREAM)
    cited = {pk for section in result.sections for pk in section.citations}
    assert {1, 7} <= cited <= {1, 7, 9}


@pytest.mark.parametrize("path", implementations("dream_story"))
def test_a_story_retells_the_dream_under_a_title(path, request):
    storyteller, fake = build(path, request)
    if fake is not None:
        fake.chat({"title": "The Cliff", "story": "You stood above the ocean with your mother."})
    story = storyteller.tell(DREAM)
    assert isinstance(story, StoryResult) and story.title.strip()
    assert "ocean" in story.text and "mother" in story.text


def _png(data: bytes) -> Image.Image:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    image.load()
    return image


@pytest.mark.parametrize("path", implementations("dream_image"))
def test_a_dream_picture_is_a_png(path, request):
    painter, _ = build(path, request)
    image = _png(painter.paint(DREAM))
    assert image.width >= 64 and image.height >= 64


# Storybooks -----------------------------------------------------------------------------------

BAND_TEXT = {"3-5": EASY, "6-8": MIDDLE, "9-12": OLDER}


@pytest.mark.parametrize("pages", [4, 8, 12])
@pytest.mark.parametrize("age_band", list(BANDS))
@pytest.mark.parametrize("path", implementations("story_writer"))
def test_a_writer_makes_a_book_of_the_pages_and_band_asked(path, age_band, pages, request):
    writer, fake = build(path, request)
    if fake is not None:
        fake.chat(book_json(BAND_TEXT[age_band], pages))
    book = writer.write(protagonist="rabbit", theme="learning to ride a bike",
                        age_band=age_band, pages=pages, style="crayon")
    check_book(book, pages=pages, age_band=age_band)
    assert book.language == "en"


@pytest.mark.parametrize("path", implementations("illustration"))
def test_an_illustration_is_a_landscape_png(path, request):
    illustrator, _ = build(path, request)
    prompt = ("Main character: Pip, an orange cat. Colours: orange, blue.\n"
              "Scene: Pip on the beach (seaside), in the morning.\nStyle: soft storybook.")
    image = _png(illustrator.draw(prompt, seed=3))
    assert image.width > image.height > 32
