"""The fake OpenAI server says no as the live API does, through the real SDK, and every "no"
reaches a person as a clear, final message: a failed job or a 4xx, never a 500."""

from __future__ import annotations

import io

import numpy as np
import openai
import pytest
import soundfile
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from captioning.backends.openai import SCHEMA as CAPTION_SCHEMA
from core.backends import BackendError
from core.openai_client import openai_client, openai_errors
from dreams.backends.interpretation import SCHEMA as READING_SCHEMA
from dreams.backends.story import STORY_SCHEMA
from stories.backends.writer import BOOK_SCHEMA
from tests.fakes.openai_rules import strict_schema_problem

pytestmark = pytest.mark.django_db
ASK = [{"role": "user", "content": "Say something."}]


def _refused(call) -> BackendError:
    """What a person is told when the fake refuses `call`: it must be final and say why."""
    with pytest.raises(BackendError) as failed:
        with openai_errors("the test service", model="the model"):
            call(openai_client())
    assert failed.value.permanent
    return failed.value


def _wav() -> bytes:
    out = io.BytesIO()
    soundfile.write(out, 0.3 * np.sin(np.arange(16000) / 5.0), 16000, format="WAV")
    return out.getvalue()


# A shut-down model ----------------------------------------------------------------------------

@pytest.mark.parametrize(("endpoint", "call"), [
    ("chat", lambda c: c.chat.completions.create(model="gpt-4.1-nano", messages=ASK)),
    ("images", lambda c: c.images.generate(model="gpt-image-1", prompt="a fox")),
    ("images", lambda c: c.images.generate(model="dall-e-3", prompt="a fox")),
    ("transcriptions", lambda c: c.audio.transcriptions.create(
        model="gpt-5.1-mini", file=("dream.wav", _wav(), "audio/wav"))),
])
def test_a_shut_down_model_is_not_found(fake_openai, endpoint, call):
    with pytest.raises(openai.NotFoundError) as raised:
        call(openai_client())
    assert raised.value.body["code"] == "model_not_found"
    assert "does not exist" in raised.value.body["message"]
    assert _refused(call).message.startswith("The test service could not find the model")


def test_a_model_with_a_shutdown_still_to_come_answers(fake_openai):
    # gpt-4.1-mini is announced for 2027-01-14: deprecated, but not gone yet.
    answer = openai_client().chat.completions.create(model="gpt-4.1-mini", messages=ASK)
    assert answer.choices[0].message.content


def test_a_job_on_a_shut_down_model_fails_naming_the_setting(
        fake_openai, settings, django_capture_on_commit_callbacks):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "dream_image": {
        "BACKEND": "dreams.backends.image.OpenAIDreamPainter", "OPTIONS": {}}}
    settings.OPENAI_IMAGE_MODEL = "gpt-image-1"
    client = APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/api/dreams/", {"text": "I was flying over a city."},
                              format="json").json()
    job = client.get(f"/api/jobs/{created['job']['id']}/").json()
    assert job["status"] == "failed"
    assert "no longer offers the model 'gpt-image-1'" in job["error"]
    assert "Set OPENAI_IMAGE_MODEL to a current model." in job["error"]
    dream = client.get(f"/api/dreams/{created['id']}/").json()
    assert dream["story"]["text"] and dream["image_url"] is None  # what was made is kept
    assert len(fake_openai.calls("images")) == 1  # final: not tried again


def test_a_spoken_theme_on_a_shut_down_model_is_a_400_with_a_message(fake_openai, settings):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "transcription": {
        "BACKEND": "core.speech.transcribers.OpenAITranscriber", "OPTIONS": {}}}
    settings.OPENAI_TRANSCRIPTION_MODEL = "gpt-5.1-mini"
    response = APIClient().post("/api/stories/transcribe/", {"audio": SimpleUploadedFile(
        "theme.wav", _wav(), content_type="audio/wav")}, format="multipart")
    assert response.status_code == 400
    assert "'gpt-5.1-mini'" in response.json()["error"]["message"]


# Reasoning models -----------------------------------------------------------------------------

@pytest.mark.parametrize(("extra", "words"), [
    ({"max_tokens": 200}, "Use 'max_completion_tokens' instead"),
    ({"temperature": 0.7}, "Only the default (1) value is supported"),
])
def test_a_reasoning_model_refuses_what_it_does_not_take(fake_openai, extra, words):
    def call(client):
        return client.chat.completions.create(model="gpt-5.4-mini", messages=ASK, **extra)

    assert words in _refused(call).message
    assert len(fake_openai.calls("chat")) == 1


def test_a_reasoning_model_takes_the_default_temperature_and_an_allowance(fake_openai):
    client = openai_client()
    assert client.chat.completions.create(model="gpt-5.4-mini", messages=ASK, temperature=1,
                                          max_completion_tokens=50).choices
    # An older chat model still takes both.
    assert client.chat.completions.create(model="gpt-4.1", messages=ASK, temperature=0.7,
                                          max_tokens=50).choices


# Strict structured outputs --------------------------------------------------------------------

@pytest.mark.parametrize(("schema", "words"), [
    ({"type": "object", "additionalProperties": False, "required": ["a"],
      "properties": {"a": {"type": "string", "minLength": 2}}}, "'minLength' is not permitted"),
    ({"type": "object", "additionalProperties": False, "required": ["a"],
      "properties": {"a": {"allOf": [{"type": "string"}]}}}, "'allOf' is not permitted"),
    ({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
     "'additionalProperties' is required to be supplied and to be false"),
    ({"type": "object", "additionalProperties": False, "required": ["a"],
      "properties": {"a": {"type": "string"}, "b": {"type": "number"}}}, "Missing 'b'"),
    ({"anyOf": [{"type": "object"}]}, "must be a JSON Schema of 'type: \"object\"'"),
    ({"type": "object", "additionalProperties": False, "required": ["a"],
      "properties": {"a": {"type": "string", "format": "color"}}}, "format 'color'"),
])
def test_strict_mode_refuses_schema_keywords_it_does_not_support(fake_openai, schema, words):
    def call(client):
        return client.chat.completions.create(
            model="gpt-5.4-mini", messages=ASK, response_format={
                "type": "json_schema", "json_schema": {"name": "s", "strict": True,
                                                        "schema": schema}})

    message = _refused(call).message
    assert "Invalid schema for response_format 's'" in message and words in message


@pytest.mark.parametrize("schema", [CAPTION_SCHEMA, READING_SCHEMA["schema"],
                                    STORY_SCHEMA["schema"], BOOK_SCHEMA["schema"]])
def test_every_schema_we_send_is_one_strict_mode_takes(schema):
    assert strict_schema_problem(schema) is None


# Images ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("model", "extra", "words"), [
    ("gpt-image-2", {"response_format": "b64_json"}, "Unknown parameter: 'response_format'"),
    ("gpt-image-2", {"style": "vivid"}, "Unknown parameter: 'style'"),
    ("gpt-image-2", {"size": "512x512"}, "Invalid value: '512x512'"),
    ("gpt-image-2", {"size": "1000x1000"}, "Invalid value: '1000x1000'"),  # not 16s
    ("gpt-image-2", {"size": "3840x800"}, "Invalid value: '3840x800'"),  # wider than 3:1
    ("gpt-image-1.5", {"size": "1536x864"}, "Invalid value: '1536x864'"),  # standard only
])
def test_gpt_image_models_refuse_legacy_parameters_and_sizes(fake_openai, model, extra, words):
    def call(client):
        return client.images.generate(model=model, prompt="a fox", **extra)

    assert words in _refused(call).message


@pytest.mark.parametrize(("model", "size"), [("gpt-image-2", "1536x864"),
                                             ("gpt-image-2.5-flare", "2560x1440"),
                                             ("gpt-image-1.5", "1024x1536"),
                                             ("gpt-image-1-mini", "auto")])
def test_gpt_image_models_take_the_sizes_the_sdk_lists(fake_openai, model, size):
    assert openai_client().images.generate(model=model, prompt="a fox", size=size).data


def test_a_book_painted_at_a_size_the_model_refuses_fails_once_with_the_reason(
        fake_openai, settings, django_capture_on_commit_callbacks):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "illustration": {
        "BACKEND": "stories.backends.illustration.OpenAIIllustrator",
        "OPTIONS": {"size": "512x512"}}}
    client = APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/api/stories/", {"protagonist": "frog", "theme": "a pond",
                                                "age_band": "3-5", "pages": 4},
                              format="json").json()
    job = client.get(f"/api/jobs/{created['job']['id']}/").json()
    assert job["status"] == "failed"
    assert "could not accept this request: Invalid value: '512x512'" in job["error"]
    assert len(fake_openai.calls("images")) == 1


# Transcriptions -------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "words"), [
    ("dream.aiff", b"FORM\x00\x00\x00\x10AIFF", "Invalid file format. Supported formats:"),
    ("dream", b"RIFF\x00\x00\x00\x00WAVE", "Invalid file format."),
    ("dream.wav", b"\xff\xf3\x88\xc4" + bytes(60), "might be corrupted or unsupported"),
])
def test_transcription_refuses_files_it_cannot_read(fake_openai, name, data, words):
    def call(client):
        return client.audio.transcriptions.create(model="gpt-transcribe",
                                                  file=(name, data, "audio/wav"))

    assert words in _refused(call).message
