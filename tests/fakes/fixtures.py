"""Fixtures of the loopback fakes, made available to every test by tests/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.openai_server import FakeOpenAI

FAKE_OPENAI_KEY = "sk-test-fake-key"


@pytest.fixture
def fake_openai(settings) -> Iterator[FakeOpenAI]:
    """A fake OpenAI server on loopback; the project's OpenAI client talks to it.

    Only the client is redirected: a test that wants an OpenAI backend chosen still sets
    AI_BACKENDS (or uses the backend class directly).
    """
    fake = FakeOpenAI().start()
    settings.OPENAI_API_KEY = FAKE_OPENAI_KEY
    settings.OPENAI_BASE_URL = fake.base_url
    try:
        yield fake
    finally:
        fake.stop()
