"""The fake OpenAI server answers the real SDK as the real API would."""

from __future__ import annotations

import base64
import io
import json
import time

import openai
import pytest
from PIL import Image

from core.openai_client import openai_client
from tests.fakes.fixtures import FAKE_OPENAI_KEY
from tests.fakes.openai_answers import moderation
from tests.fakes.openai_server import Reply

SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["title", "score", "tags"],
    "properties": {"title": {"type": "string"},
                   "score": {"type": "number", "minimum": -1, "maximum": 0.5},
                   "tags": {"type": "array", "items": {"type": "string"}, "minItems": 2}},
}


def test_default_chat_answer_follows_the_json_schema_and_records_the_request(fake_openai):
    image_part = {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,AAAA"}}
    completion = openai_client().chat.completions.create(
        model="gpt-5.4-mini",
        messages=[{"role": "user", "content": [{"type": "text", "text": "Describe"},
                                               image_part]}],
        response_format={"type": "json_schema",
                         "json_schema": {"name": "t", "strict": True, "schema": SCHEMA}},
    )
    data = json.loads(completion.choices[0].message.content)
    assert set(data) == {"title", "score", "tags"}
    assert -1 <= data["score"] <= 0.5 and len(data["tags"]) == 2
    assert completion.model == "gpt-5.4-mini" and completion.usage.total_tokens > 0

    request = fake_openai.last("chat")
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == f"Bearer {FAKE_OPENAI_KEY}"
    assert request.json["messages"][0]["content"][1] == image_part


def test_queued_answers_come_first_then_the_default_resumes(fake_openai):
    fake_openai.chat({"a": 1})
    fake_openai.chat(refusal="No.")
    client = openai_client()
    ask = [{"role": "user", "content": "hi"}]
    first = client.chat.completions.create(model="m", messages=ask).choices[0].message
    second = client.chat.completions.create(model="m", messages=ask).choices[0].message
    third = client.chat.completions.create(model="m", messages=ask).choices[0].message
    assert json.loads(first.content) == {"a": 1}
    assert second.refusal == "No." and second.content is None
    assert third.content and third.refusal is None
    assert len(fake_openai.calls("chat")) == 3


def test_errors_carry_status_headers_and_openai_error_bodies(fake_openai, settings):
    settings.OPENAI_MAX_RETRIES = 0
    fake_openai.error("chat", 429, headers={"Retry-After": "7"})
    fake_openai.error("chat", 401, "Incorrect API key provided.")
    client = openai_client()
    with pytest.raises(openai.RateLimitError) as limited:
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
    assert limited.value.response.headers["retry-after"] == "7"
    with pytest.raises(openai.AuthenticationError) as rejected:
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
    assert rejected.value.body["code"] == "invalid_api_key"


def test_a_delayed_answer_times_the_client_out(fake_openai, settings):
    settings.OPENAI_MAX_RETRIES = 0
    settings.OPENAI_TIMEOUT_SECONDS = 0.3
    fake_openai.chat("late", delay=2)
    started = time.monotonic()
    with pytest.raises(openai.APITimeoutError):
        openai_client().chat.completions.create(
            model="m", messages=[{"role": "user", "content": "x"}])
    assert time.monotonic() - started < 1.5


def test_transcription_multipart_is_parsed(fake_openai):
    result = openai_client().audio.transcriptions.create(
        model="gpt-transcribe", file=("dream.wav", b"RIFF0000WAVE", "audio/wav"))
    assert "flying" in result.text
    request = fake_openai.last("transcriptions")
    assert request.form["model"] == "gpt-transcribe"
    assert request.files["file"][0] == "dream.wav"
    assert request.files["file"][1] == b"RIFF0000WAVE"


def test_image_generation_returns_a_real_png(fake_openai):
    result = openai_client().images.generate(model="gpt-image-2", prompt="a fox",
                                             size="1536x1024")
    image = Image.open(io.BytesIO(base64.b64decode(result.data[0].b64_json)))
    assert image.format == "PNG" and image.size == (96, 64)
    assert fake_openai.last("images").json["prompt"] == "a fox"


def test_moderation_default_and_scripted(fake_openai):
    fake_openai.queue("moderations", moderation(flagged=["violence"]))
    client = openai_client()
    flagged = client.moderations.create(model="omni-moderation-latest", input="x").results[0]
    clean = client.moderations.create(model="omni-moderation-latest", input=["a", "b"])
    assert flagged.flagged and flagged.categories.violence
    assert not flagged.categories.hate
    assert len(clean.results) == 2 and not clean.results[0].flagged


def test_callables_and_raw_bodies(fake_openai, settings):
    settings.OPENAI_MAX_RETRIES = 0
    fake_openai.queue("chat", lambda request: Reply(body=b"<html>bad gateway</html>",
                                                    status=502))
    with pytest.raises(openai.InternalServerError) as failed:
        openai_client().chat.completions.create(
            model="m", messages=[{"role": "user", "content": "x"}])
    assert failed.value.status_code == 502
