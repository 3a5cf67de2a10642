"""Configured for OpenAI as production is (OPENAI_API_KEY set, every model at its default), with
the fake OpenAI server behind the real SDK: a caption, a dream's reading, story and picture,
and a storybook's illustrations all come from OpenAI, and no request names a model the pinned
SDK lists as deprecated."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from rest_framework.test import APIClient

from core.model_deprecations import MODEL_SETTINGS, sdk_deprecations
from tests.fakes.fixtures import FAKE_OPENAI_KEY
from tests.fakes.openai_answers import chat_completion
from tests.stories.books import EASY, book_json
from tests.uploads import factories

pytestmark = pytest.mark.django_db

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "config" / "settings.py"


@pytest.fixture
def on_openai(fake_openai, settings, monkeypatch):
    """settings.AI_BACKENDS and the model settings as config/settings.py makes them when only
    OPENAI_API_KEY is set."""
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_OPENAI_KEY)
    for name in MODEL_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    configured = runpy.run_path(str(SETTINGS_FILE))
    settings.AI_BACKENDS = configured["AI_BACKENDS"]
    for name in MODEL_SETTINGS:
        setattr(settings, name, configured[name])
    assert {kind for kind, conf in settings.AI_BACKENDS.items()
            if ".OpenAI" not in conf["BACKEND"]} == {"music"}
    yield fake_openai
    # Whatever the flow, nothing we sent names a model the SDK deprecates.
    models = [(r.endpoint, (r.json or {}).get("model") or r.form.get("model"))
              for r in fake_openai.requests]
    assert models and all(model for _, model in models)
    assert [m for m in models if m[1] in sdk_deprecations()] == []


def _models(fake, endpoint: str) -> set[str]:
    return {(r.json or {}).get("model") or r.form.get("model") for r in fake.calls(endpoint)}


def test_an_upload_gets_its_caption_from_openai(on_openai, settings,
                                               django_capture_on_commit_callbacks):
    on_openai.chat({"caption": "A red kite over green hills.", "music_prompt": "Bright folk",
                    "valence": 0.6, "arousal": 0.3, "tags": ["kite", "hills"]})
    client = APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/uploads/", {
            "image": SimpleUploadedFile("kite.jpg", factories.picture((320, 240)),
                                        content_type="image/jpeg"),
            "duration": 10}, format="multipart")
    assert response.status_code == 201, response.content
    created = response.json()
    assert client.get(f"/api/jobs/{created['job']['id']}/").json()["status"] == "succeeded"
    caption = client.get(f"/api/uploads/{created['id']}/").json()["caption"]
    assert caption["provider"] == "openai"
    assert caption["text"] == "A red kite over green hills."
    assert _models(on_openai, "chat") == {settings.OPENAI_CAPTION_MODEL}


def test_a_dream_gets_its_reading_story_and_picture_from_openai(
        on_openai, settings, django_capture_on_commit_callbacks):
    call_command("loaddata", "initial_symbols", verbosity=0)

    def reading(request):
        entries = json.loads(request.json["messages"][1]["content"])["dictionary_entries"]
        return chat_completion({"sections": [
            {"text": f"{e['name']} may stand for something of yours.", "citations": [e["id"]]}
            for e in entries]}, model=request.json["model"])

    on_openai.queue("chat", reading)
    on_openai.chat({"title": "The Night Sea", "story": "You swam out under the stars."})
    client = APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/dreams/", {"text": "I was swimming in the ocean at "
                                                "night with a dog."}, format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    job = client.get(f"/api/jobs/{created['job']['id']}/").json()
    assert job["status"] == "succeeded", job["error"]
    dream = client.get(f"/api/dreams/{created['id']}/").json()
    assert dream["interpretation"]["citations"]
    assert dream["story"]["text"] == "You swam out under the stars."
    assert dream["image_url"]
    assert client.get(dream["image_url"]).status_code == 200
    interpretation, story = on_openai.calls("chat")
    assert interpretation.json["model"] == settings.OPENAI_INTERPRETATION_MODEL
    assert story.json["model"] == settings.OPENAI_DREAM_STORY_MODEL
    assert _models(on_openai, "images") == {settings.OPENAI_IMAGE_MODEL}
    assert _models(on_openai, "moderations") == {settings.OPENAI_MODERATION_MODEL}


def test_a_four_page_storybook_gets_four_openai_illustrations(
        on_openai, settings, django_capture_on_commit_callbacks):
    on_openai.chat(book_json(EASY, 4))
    client = APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/stories/", {"protagonist": "frog", "theme": "a rainy day",
                                                 "age_band": "3-5", "pages": 4}, format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    job = client.get(f"/api/jobs/{created['job']['id']}/").json()
    assert job["status"] == "succeeded", job["error"]
    story = client.get(f"/api/stories/{created['id']}/").json()
    assert [page["number"] for page in story["pages"]] == [1, 2, 3, 4]
    assert all(page["image_url"] for page in story["pages"])
    images = on_openai.calls("images")
    assert len(images) == 4
    assert all(r.json["prompt"].startswith(f"Main character: {story['character_sheet']}")
               for r in images)
    assert _models(on_openai, "images") == {settings.OPENAI_IMAGE_MODEL}
    assert _models(on_openai, "chat") == {settings.OPENAI_STORY_MODEL}
