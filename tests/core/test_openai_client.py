"""The shared OpenAI client against the loopback fake: retries, errors people can act on, and
one ProviderCall row per call."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from core.backends import BackendError
from core.models import ProviderCall
from core.openai_client import (
    openai_chat_answer,
    openai_client,
    openai_errors,
    openai_image_png,
)
from tests.fakes.openai_answers import image_generation
from tests.fakes.openai_server import Reply

pytestmark = pytest.mark.django_db
ASK = [{"role": "user", "content": "Say something."}]


def _ask(model: str = "gpt-5.4-mini") -> str:
    with openai_errors("the test service", model=model, operation="ask"):
        return openai_client().chat.completions.create(model=model, messages=ASK) \
            .choices[0].message.content


def test_a_call_is_logged_with_model_tokens_and_latency(fake_openai):
    assert _ask()
    call = ProviderCall.objects.get()
    assert (call.provider, call.model, call.operation, call.status) == (
        "openai", "gpt-5.4-mini", "ask", "succeeded")
    assert call.input_tokens == 10 and call.output_tokens and call.output_tokens > 0
    assert call.latency_ms >= 0 and call.error == ""


def test_usage_is_read_even_when_the_backend_names_no_model(fake_openai):
    with openai_errors("the test service"):
        openai_client().chat.completions.create(model="gpt-5.5", messages=ASK)
    call = ProviderCall.objects.get()
    assert call.model == "gpt-5.5" and call.operation == "the test service"
    assert call.input_tokens == 10


def test_rate_limit_waits_as_long_as_retry_after_says(fake_openai):
    fake_openai.error("chat", 429, headers={"Retry-After": "0.6"})
    assert _ask()
    first, second = fake_openai.calls("chat")
    waited = second.received_at - first.received_at
    assert 0.6 <= waited < 1.0, waited
    assert second.headers["x-stainless-retry-count"] == "1"
    assert ProviderCall.objects.get().status == "succeeded"


def test_server_errors_back_off_then_fail_as_temporary(fake_openai, settings):
    settings.OPENAI_MAX_RETRIES = 2
    fake_openai.error("chat", 500, times=3)
    with pytest.raises(BackendError) as failed:
        _ask()
    assert not failed.value.permanent
    assert "HTTP 500" in failed.value.message and "The test service" in failed.value.message
    times = [r.received_at for r in fake_openai.calls("chat")]
    assert len(times) == 3
    # 0.5 s then 1 s, each shortened by up to a quarter (jitter).
    assert 0.37 <= times[1] - times[0] <= 0.6 and 0.75 <= times[2] - times[1] <= 1.1
    call = ProviderCall.objects.get()
    assert call.status == "failed" and "HTTP 500" in call.error


@pytest.mark.parametrize(("status", "code", "permanent", "words"), [
    (401, None, True, "rejected the API key; check OPENAI_API_KEY"),
    (403, None, True, "permission denied"),
    (404, None, True, "could not find the model 'gpt-5.4-mini'"),
    (400, None, True, "could not accept this request: Fake OpenAI error 400."),
    (429, "insufficient_quota", True, "run out of credit"),
    (429, None, False, "busy (rate limited)"),
])
def test_errors_become_messages_a_person_can_act_on(fake_openai, settings, status, code,
                                                    permanent, words):
    settings.OPENAI_MAX_RETRIES = 0
    fake_openai.error("chat", status, code=code)
    with pytest.raises(BackendError) as failed:
        _ask()
    assert failed.value.permanent is permanent
    assert words in failed.value.message


def test_a_timeout_is_temporary(fake_openai, settings):
    settings.OPENAI_MAX_RETRIES = 0
    settings.OPENAI_TIMEOUT_SECONDS = 0.2
    fake_openai.chat("too late", delay=1)
    with pytest.raises(BackendError) as failed:
        _ask()
    assert not failed.value.permanent and "did not answer in time" in failed.value.message


def test_an_unreachable_server_names_the_setting(settings):
    settings.OPENAI_API_KEY = "sk-anything"
    settings.OPENAI_BASE_URL = "http://127.0.0.1:9/v1"  # discard port: nothing listens
    settings.OPENAI_MAX_RETRIES = 0
    with pytest.raises(BackendError) as failed:
        _ask()
    assert "OPENAI_BASE_URL" in failed.value.message and not failed.value.permanent


def test_a_missing_key_is_a_permanent_configuration_error(settings):
    settings.OPENAI_API_KEY = ""
    with pytest.raises(BackendError) as failed:
        _ask()
    assert failed.value.permanent and "OPENAI_API_KEY" in failed.value.message
    assert ProviderCall.objects.get().status == "failed"


def test_the_client_follows_settings_changes(fake_openai, settings):
    first = openai_client()
    settings.OPENAI_TIMEOUT_SECONDS = 5
    second = openai_client()
    assert first is not second
    assert second.timeout.read == 5 and second.timeout.connect == 5
    assert str(second.base_url).rstrip("/") == fake_openai.base_url


def test_curators_can_list_provider_calls_but_not_change_them(fake_openai):
    _ask()
    curator = User.objects.create_user("cora", password="pw", is_staff=True)
    curator.groups.add(Group.objects.get(name="curators"))
    client = Client()
    client.force_login(curator)
    listing = client.get("/admin/core/providercall/?provider__exact=openai&status__exact="
                         "succeeded")
    assert listing.status_code == 200 and b"gpt-5.4-mini" in listing.content
    call = ProviderCall.objects.get()
    detail = client.get(f"/admin/core/providercall/{call.pk}/change/")
    assert detail.status_code == 200 and b'name="_save"' not in detail.content
    assert client.get("/admin/core/providercall/add/").status_code == 403


# Chat answers: why they ended ----------------------------------------------------------------

def _answer(**kwargs) -> str:
    return openai_chat_answer(service="the test service", operation="ask",
                              model="gpt-5.4-mini", messages=ASK, max_completion_tokens=100,
                              refused="We could not do that one, sorry.", **kwargs)


def test_a_chat_answer_sends_only_what_reasoning_models_take(fake_openai):
    fake_openai.chat("Fine.")
    assert _answer() == "Fine."
    sent = fake_openai.last("chat").json
    assert sent["max_completion_tokens"] == 100
    assert "max_tokens" not in sent and "temperature" not in sent


def test_a_length_cut_answer_is_asked_again_with_twice_the_allowance(fake_openai):
    fake_openai.chat("Half an ans", finish_reason="length")
    fake_openai.chat("A whole answer.")
    assert _answer(read=str.upper) == "A WHOLE ANSWER."
    assert [r.json["max_completion_tokens"] for r in fake_openai.calls("chat")] == [100, 200]
    first, second = ProviderCall.objects.order_by("created_at", "id")
    assert (first.status, second.status) == ("failed", "succeeded")
    assert "allowance of 100 tokens" in first.error


def test_a_content_filter_stop_is_permanent_and_kind(fake_openai):
    fake_openai.chat("Something", finish_reason="content_filter")
    with pytest.raises(BackendError) as failed:
        _answer()
    assert failed.value.permanent and failed.value.message == "We could not do that one, sorry."
    assert len(fake_openai.calls("chat")) == 1


# Pictures: their own timeout, one retry at most -------------------------------------------------

def _picture(**options) -> bytes:
    return openai_image_png(service="the image service", operation="picture", prompt="a fox",
                            options=options)


def test_a_picture_uses_the_image_model_setting_and_no_response_format(fake_openai, settings):
    settings.OPENAI_IMAGE_MODEL = "gpt-image-2.5-flare"
    assert _picture()[:8] == b"\x89PNG\r\n\x1a\n"
    sent = fake_openai.last("images").json
    assert sent["model"] == "gpt-image-2.5-flare" and sent["size"] == "1536x1024"
    assert "response_format" not in sent
    assert fake_openai.last("images").headers["x-stainless-read-timeout"] == str(
        float(settings.OPENAI_IMAGE_TIMEOUT_SECONDS))
    call = ProviderCall.objects.get()
    assert (call.model, call.operation, call.output_tokens) == ("gpt-image-2.5-flare",
                                                                "picture", 100)


def test_a_picture_may_take_longer_than_a_text_answer(fake_openai, settings):
    settings.OPENAI_TIMEOUT_SECONDS = 0.2
    settings.OPENAI_IMAGE_TIMEOUT_SECONDS = 5
    fake_openai.queue("images", Reply(body=image_generation(), delay=0.5))
    assert _picture()[:4] == b"\x89PNG"
    assert len(fake_openai.calls("images")) == 1


def test_a_timed_out_picture_is_tried_once_more_then_fails_for_good(fake_openai, settings):
    settings.OPENAI_MAX_RETRIES = 3
    settings.OPENAI_IMAGE_TIMEOUT_SECONDS = 0.3
    fake_openai.queue("images", *[Reply(body=image_generation(), delay=2)] * 3)
    with pytest.raises(BackendError) as failed:
        _picture()
    assert failed.value.permanent
    assert "did not finish the picture within 0.3 seconds" in failed.value.message
    assert len(fake_openai.calls("images")) == 2


def test_a_shut_down_model_names_the_setting_to_change(fake_openai, settings):
    settings.OPENAI_IMAGE_MODEL = "gpt-image-1"
    with pytest.raises(BackendError) as failed:
        _picture()
    assert failed.value.permanent
    assert failed.value.message == (
        "The image service no longer offers the model 'gpt-image-1' (GPT Image 1 was shut "
        "down on October 23, 2026. Use gpt-image-2.5-sunburst or gpt-image-2.5-flare "
        "instead.) Set OPENAI_IMAGE_MODEL to a current model.")
    assert fake_openai.last("images").json["model"] == "gpt-image-1"
