"""OpenAICaptioner with the real SDK against the loopback fake OpenAI server."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from captioning.analysis import analyse
from captioning.backends.openai import REFUSED, UNUSABLE, OpenAICaptioner
from core.backends import BackendError
from core.models import ProviderCall
from music.composer.prompts import MusicPrompt, prompt_for_mood, tempo_for
from tests.captioning import pictures

pytestmark = pytest.mark.django_db

BEACH = {"caption": "A golden beach  under a bright sun.", "valence": 0.8, "arousal": 0.5,
         "music_prompt": "Joyful, playful summer pop in A minor at 200 BPM with ukulele",
         "tags": ["Beach", "sun", "sand", "sun", " "]}


@pytest.fixture
def beach() -> Image.Image:
    return pictures.sunny_beach()


def test_a_description_becomes_a_structured_musical_prompt(fake_openai, beach, settings):
    settings.OPENAI_CAPTION_MODEL = "gpt-5.5"
    fake_openai.chat(BEACH)
    result = OpenAICaptioner().caption(beach)

    assert result.text == "A golden beach under a bright sun."
    assert (result.mood.valence, result.mood.arousal) == (0.8, 0.5)
    assert result.tags == ["beach", "sun", "sand"]
    analysis = analyse(beach)
    assert {k: result.features[k] for k in ("hue", "warmth", "texture")} == {
        k: analysis.features()[k] for k in ("hue", "warmth", "texture")}
    assert result.features["model_music_prompt"] == BEACH["music_prompt"]

    # The model's key, tempo and instrument are not trusted; the mood and colours decide.
    expected = prompt_for_mood(valence=0.8, arousal=0.5, hue=analysis.hue,
                               warmth=analysis.warmth, texture=analysis.texture)
    parsed = MusicPrompt.parse(result.music_prompt)
    assert (parsed.tempo_bpm, parsed.tonic, parsed.mode, parsed.instruments) == (
        tempo_for(0.5, valence=0.8), expected.tonic, "lydian", expected.instruments)
    # Exactly what the music service will read back: nothing of the model's prose leaks in.
    assert result.music_prompt == expected.text
    assert MusicPrompt.parse(result.music_prompt).text == result.music_prompt

    request = fake_openai.last("chat").json
    assert request["model"] == "gpt-5.5"
    # What a reasoning model takes: a completion allowance, no max_tokens, no temperature.
    assert request["max_completion_tokens"] > 0
    assert "max_tokens" not in request and "temperature" not in request
    schema = request["response_format"]["json_schema"]
    assert schema["strict"] is True
    assert set(schema["schema"]["required"]) == {"caption", "music_prompt", "valence",
                                                 "arousal", "tags"}
    image_part = request["messages"][1]["content"][1]["image_url"]
    assert image_part["url"].startswith("data:image/jpeg;base64,")
    sent = Image.open(io.BytesIO(base64.b64decode(image_part["url"].split(",", 1)[1])))
    assert sent.format == "JPEG" and sent.size == beach.size

    call = ProviderCall.objects.get()
    assert (call.provider, call.model, call.operation, call.status) == (
        "openai", "gpt-5.5", "caption", "succeeded")


def test_the_default_fake_answer_is_accepted(fake_openai, beach):
    # The fake answers with a value of the request's own schema: each field lands in its place.
    from tests.fakes.openai_answers import example_of

    result = OpenAICaptioner(model="gpt-5.4").caption(beach)
    request = fake_openai.last("chat").json
    assert request["model"] == "gpt-5.4"
    schema = request["response_format"]["json_schema"]["schema"]
    answer = example_of(schema, schema)
    assert result.text == answer["caption"]
    assert result.features["model_music_prompt"] == answer["music_prompt"]
    assert list(result.tags) == [tag.lower() for tag in answer["tags"]] != []


def test_large_pictures_are_sent_smaller(fake_openai):
    OpenAICaptioner(max_side=512).caption(pictures.photo((1600, 1200)))
    url = fake_openai.last("chat").json["messages"][1]["content"][1]["image_url"]["url"]
    sent = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))
    assert sent.size == (512, 384)


def test_rate_limit_then_success_waits_for_retry_after(fake_openai, beach):
    fake_openai.error("chat", 429, headers={"Retry-After": "0.5"})
    fake_openai.chat(BEACH)
    result = OpenAICaptioner().caption(beach)
    first, second = fake_openai.calls("chat")
    assert 0.5 <= second.received_at - first.received_at < 0.9
    assert result.mood.valence == 0.8


def test_server_errors_that_persist_fail_as_temporary(fake_openai, beach, settings):
    settings.OPENAI_MAX_RETRIES = 2
    fake_openai.error("chat", 500, times=3, headers={"retry-after-ms": "50"})
    with pytest.raises(BackendError) as failed:
        OpenAICaptioner().caption(beach)
    assert not failed.value.permanent
    assert failed.value.message == "The captioning service had a problem (HTTP 500)."
    assert len(fake_openai.calls("chat")) == 3


def test_a_timeout_is_retried(fake_openai, beach, settings):
    settings.OPENAI_TIMEOUT_SECONDS = 0.3
    fake_openai.chat(BEACH, delay=3)
    fake_openai.chat(BEACH)
    assert OpenAICaptioner().caption(beach).tags == ["beach", "sun", "sand"]
    assert len(fake_openai.calls("chat")) == 2


def test_a_timeout_every_time_is_temporary(fake_openai, beach, settings):
    settings.OPENAI_TIMEOUT_SECONDS = 0.2
    settings.OPENAI_MAX_RETRIES = 0
    fake_openai.chat(BEACH, delay=3)
    with pytest.raises(BackendError) as failed:
        OpenAICaptioner().caption(beach)
    assert not failed.value.permanent and "did not answer in time" in failed.value.message


def test_invalid_json_is_asked_for_once_more(fake_openai, beach):
    fake_openai.chat('{"caption": "A beach", "valence": ')
    fake_openai.chat(BEACH)
    assert OpenAICaptioner().caption(beach).text.startswith("A golden beach")
    assert len(fake_openai.calls("chat")) == 2
    assert list(ProviderCall.objects.order_by("created_at", "id")
                .values_list("status", flat=True)) == ["failed", "succeeded"]


@pytest.mark.parametrize("bad", [
    "{not json",
    {**BEACH, "valence": 1.7},
    {**BEACH, "arousal": "high"},
    {**BEACH, "caption": "  "},
    {**BEACH, "tags": []},
    {key: value for key, value in BEACH.items() if key != "music_prompt"},
    ["a list"],
])
def test_unusable_answers_twice_fail_permanently(fake_openai, beach, bad):
    fake_openai.chat(bad, times=2)
    fake_openai.chat(BEACH)  # never reached
    with pytest.raises(BackendError) as failed:
        OpenAICaptioner().caption(beach)
    assert failed.value.permanent and failed.value.message == UNUSABLE
    assert len(fake_openai.calls("chat")) == 2


def test_a_cut_short_answer_is_asked_again_with_a_larger_allowance(fake_openai, beach):
    fake_openai.chat('{"caption": "A gold', finish_reason="length")
    fake_openai.chat(BEACH)
    assert OpenAICaptioner().caption(beach).text.startswith("A golden beach")
    first, second = fake_openai.calls("chat")
    assert second.json["max_completion_tokens"] == 2 * first.json["max_completion_tokens"]
    assert list(ProviderCall.objects.order_by("created_at", "id")
                .values_list("status", flat=True)) == ["failed", "succeeded"]


def test_an_answer_cut_short_twice_fails_clearly(fake_openai, beach):
    fake_openai.chat('{"caption": "A gold', finish_reason="length", times=3)
    with pytest.raises(BackendError) as failed:
        OpenAICaptioner().caption(beach)
    assert failed.value.permanent
    assert "ran out of room before finishing its answer" in failed.value.message
    assert len(fake_openai.calls("chat")) == 2


def test_a_content_filter_stop_fails_kindly_without_retrying(fake_openai, beach):
    fake_openai.chat('{"caption": "A', finish_reason="content_filter", times=2)
    with pytest.raises(BackendError) as failed:
        OpenAICaptioner().caption(beach)
    assert failed.value.permanent and failed.value.message == REFUSED
    assert len(fake_openai.calls("chat")) == 1


def test_a_refusal_fails_kindly_without_retrying(fake_openai, beach):
    fake_openai.chat(refusal="I'm sorry, I can't help with that.")
    with pytest.raises(BackendError) as failed:
        OpenAICaptioner().caption(beach)
    assert failed.value.permanent and failed.value.message == REFUSED
    assert len(fake_openai.calls("chat")) == 1
    assert ProviderCall.objects.get().error == REFUSED


def test_a_rejected_key_is_permanent_and_says_so(fake_openai, beach):
    fake_openai.error("chat", 401, "Incorrect API key provided: sk-test***.")
    with pytest.raises(BackendError) as failed:
        OpenAICaptioner().caption(beach)
    assert failed.value.permanent
    assert failed.value.message == ("The captioning service rejected the API key; check "
                                    "OPENAI_API_KEY.")
    assert len(fake_openai.calls("chat")) == 1


@pytest.mark.parametrize("status", [400, 403])
def test_other_refused_requests_are_permanent(fake_openai, beach, status):
    fake_openai.error("chat", status, "Invalid image.")
    with pytest.raises(BackendError) as failed:
        OpenAICaptioner().caption(beach)
    assert failed.value.permanent and "Invalid image." in failed.value.message
    assert len(fake_openai.calls("chat")) == 1
