"""The dream's OpenAI chat backends (reading, story) through the real SDK against the fake:
their model settings, what reasoning models are sent, and why each answer ended."""

from __future__ import annotations

import pytest

from core.backends import BackendError
from dreams.backends.interpretation import OpenAIInterpreter
from dreams.backends.story import OpenAIDreamStoryteller
from tests.dreams.test_backends import DREAM

CHAT_BACKENDS = {
    "interpretation": (lambda: OpenAIInterpreter().interpret(DREAM),
                       {"sections": [{"text": "A reading.", "citations": [1]}]},
                       "OPENAI_INTERPRETATION_MODEL", "declined to read this dream"),
    "dream story": (lambda: OpenAIDreamStoryteller().tell(DREAM),
                    {"title": "The Cliff", "story": "You stood above the ocean."},
                    "OPENAI_DREAM_STORY_MODEL", "declined to retell this dream"),
}


@pytest.mark.parametrize("kind", list(CHAT_BACKENDS))
def test_chat_backends_use_their_model_setting_and_reasoning_model_parameters(
        kind, fake_openai, settings):
    run, good, setting, _ = CHAT_BACKENDS[kind]
    setattr(settings, setting, "gpt-5.5")
    fake_openai.chat(good)
    run()
    sent = fake_openai.last("chat").json
    assert sent["model"] == "gpt-5.5" and sent["max_completion_tokens"] >= 1000
    assert "temperature" not in sent and "max_tokens" not in sent


@pytest.mark.parametrize("kind", list(CHAT_BACKENDS))
def test_a_content_filter_stop_fails_for_good_with_kind_words(kind, fake_openai):
    run, good, _, words = CHAT_BACKENDS[kind]
    fake_openai.chat(good, finish_reason="content_filter")
    with pytest.raises(BackendError) as caught:
        run()
    assert caught.value.permanent and words in caught.value.message
    assert len(fake_openai.calls("chat")) == 1


@pytest.mark.parametrize("kind", list(CHAT_BACKENDS))
def test_a_cut_off_answer_gets_a_larger_allowance_once(kind, fake_openai):
    run, good, _, _ = CHAT_BACKENDS[kind]
    fake_openai.chat('{"sections": [{"te', finish_reason="length")
    fake_openai.chat(good)
    assert run()
    first, second = (r.json["max_completion_tokens"] for r in fake_openai.calls("chat"))
    assert second == 2 * first


@pytest.mark.parametrize("kind", list(CHAT_BACKENDS))
def test_an_answer_cut_off_twice_is_a_clear_permanent_failure(kind, fake_openai):
    run, _, _, _ = CHAT_BACKENDS[kind]
    fake_openai.chat('{"sections": [{"te', finish_reason="length", times=3)
    with pytest.raises(BackendError) as caught:
        run()
    assert caught.value.permanent and "ran out of room" in caught.value.message
    assert "could not read" not in caught.value.message
    assert len(fake_openai.calls("chat")) == 2
