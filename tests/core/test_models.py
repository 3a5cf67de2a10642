"""Our default models against the pinned openai SDK's own "Deprecated values" notes: an SDK
upgrade that deprecates a default turns this red. And the start-up warning core.W030."""

from __future__ import annotations

import ast
import runpy
from datetime import date
from pathlib import Path

import pytest
from django.core import checks

from core.checks import openai_models_check
from core.model_deprecations import (
    MODEL_SETTINGS,
    file_deprecations,
    notes_parse,
    sdk_deprecations,
    sdk_model_files,
)

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "config" / "settings.py"


@pytest.fixture
def default_models(monkeypatch) -> dict[str, str]:
    """The model settings as config/settings.py sets them with nothing in the environment."""
    for name in MODEL_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    namespace = runpy.run_path(str(SETTINGS_FILE))
    return {name: namespace[name] for name in MODEL_SETTINGS}


def test_no_default_model_is_listed_as_deprecated_by_the_pinned_sdk(default_models):
    deprecated = sdk_deprecations()
    listed = {name: f"{model}: {deprecated[model].note}"
              for name, model in default_models.items() if model in deprecated}
    assert listed == {}, "the pinned openai SDK deprecates these default models"
    assert set(default_models) == set(MODEL_SETTINGS) and all(default_models.values())


def test_the_sdk_notes_are_read_and_every_name_is_one_of_the_files_models():
    files = sdk_model_files()
    assert any(path.name == "image_model.py" for path in files)
    found = {}
    for path in files:
        literal = _literal_names(path)
        for deprecation in file_deprecations(path):
            # Each parsed name is a model the same file offers: the parser reads names, not
            # fragments of prose.
            assert deprecation.model in literal, (path, deprecation.model)
            found[deprecation.model] = deprecation
    assert found.keys() == sdk_deprecations().keys()
    assert len(found) >= 10
    assert sum(d.shutdown is not None for d in found.values()) >= len(found) - 3


def _literal_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def test_notes_are_parsed_with_either_date_form_and_names_across_lines():
    notes = notes_parse('''Deprecated values:

- "old-image": Old Image was shut down on October 23, 2026. Use
  new-image instead.
- "chat-a", "chat-a-2025-01-01",
  "chat-b": Announced shutdown date: 2027-01-14. See
  https://example.invalid/deprecations for details.
- "ghost": Not a supported model ID. Retained for SDK compatibility.
''', source="x.py")
    by_name = {n.model: n for n in notes}
    assert list(by_name) == ["old-image", "chat-a", "chat-a-2025-01-01", "chat-b", "ghost"]
    assert by_name["old-image"].shutdown == date(2026, 10, 23)
    assert by_name["old-image"].note.endswith("Use new-image instead.")
    assert {by_name[m].shutdown for m in ("chat-a", "chat-a-2025-01-01", "chat-b")} == {
        date(2027, 1, 14)}
    assert by_name["ghost"].shutdown is None
    today = date(2026, 12, 1)
    assert [n.model for n in notes if n.gone(today)] == ["old-image", "ghost"]


# The start-up check ----------------------------------------------------------------------------

def test_the_default_models_raise_no_warning():
    assert openai_models_check() == []


def test_a_deprecated_model_is_named_with_its_variable_and_shutdown_date(settings):
    settings.OPENAI_TEXT_MODEL = "gpt-4o-mini"
    settings.OPENAI_STORY_MODEL = "gpt-4o-mini"
    settings.OPENAI_IMAGE_MODEL = "gpt-image-1"
    warnings = openai_models_check()
    assert [w.id for w in warnings] == ["core.W030", "core.W030"]
    assert all(isinstance(w, checks.Warning) for w in warnings)
    text, image = (w for w in warnings)
    assert text.msg.startswith("OPENAI_TEXT_MODEL, OPENAI_STORY_MODEL = 'gpt-4o-mini'")
    assert "shuts down on 2027-01-14" in text.msg
    assert text.hint.startswith("Set OPENAI_TEXT_MODEL, OPENAI_STORY_MODEL to a current model")
    assert "OPENAI_IMAGE_MODEL = 'gpt-image-1'" in image.msg
    assert "was shut down on 2026-10-23, so every call to it fails" in image.msg
    assert "Use gpt-image-2.5-sunburst or gpt-image-2.5-flare instead." in image.hint


def test_a_backend_option_naming_a_deprecated_model_is_reported(settings):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "transcription": {
        "BACKEND": "core.speech.transcribers.OpenAITranscriber",
        "OPTIONS": {"model": "whisper-1"}}}
    [warning] = openai_models_check()
    assert warning.msg.startswith(
        "AI_BACKENDS['transcription']['OPTIONS']['model'] = 'whisper-1'")
    assert "shuts down on 2027-02-26" in warning.msg


def test_manage_py_check_shows_the_warning(settings, capsys):
    from django.core.management import call_command

    settings.OPENAI_CAPTION_MODEL = "dall-e-3"
    call_command("check")
    out = capsys.readouterr()
    assert "core.W030" in out.err + out.out and "OPENAI_CAPTION_MODEL" in out.err + out.out


def test_every_status_is_either_active_or_finished():
    from core.models import Job

    assert set(Job.ACTIVE) | Job.FINISHED == set(Job.Status.values)
    assert not set(Job.ACTIVE) & Job.FINISHED
