"""`manage.py providers_check` against the loopback fakes, driven by the real SDKs."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.provider_checks import OPENAI_MODEL_SETTINGS, CheckResult, format_table, run_checks
from tests.fakes.gcs import ROOT
from tests.fakes.vertex_catalog import serve_catalog


def _run() -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("providers_check", stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def _rows(provider: str) -> dict[str, CheckResult]:
    return {r.check: r for r in run_checks() if r.provider == provider}


def test_nothing_configured_means_nothing_to_check(settings):
    settings.OPENAI_API_KEY = settings.GS_BUCKET_NAME = settings.VERTEX_PROJECT = ""
    out, failed = _run()
    assert failed is None
    assert out.startswith("No provider is configured")


# OpenAI ----------------------------------------------------------------------------------------

def test_openai_every_configured_model_exists_and_one_moderation_runs(fake_openai, settings):
    settings.OPENAI_STORY_MODEL = "gpt-5.4"  # an override of the shared text model
    out, failed = _run()
    assert failed is None, out
    models = {getattr(settings, name) for name in OPENAI_MODEL_SETTINGS}
    asked = [r.path.removeprefix("/v1/models/") for r in fake_openai.calls("models")]
    assert sorted(asked) == sorted(models)  # each distinct model once
    moderation = fake_openai.last("moderations").json
    assert moderation == {"model": settings.OPENAI_MODERATION_MODEL, "input": "hello"}
    rows = _rows("OpenAI")
    assert rows["model gpt-5.4 (OPENAI_STORY_MODEL)"].ok
    assert all(r.ok for r in rows.values()) and len(rows) == len(OPENAI_MODEL_SETTINGS) + 1
    assert "All 8 checks passed." in out
    assert f"OpenAI    model {settings.OPENAI_CAPTION_MODEL} (OPENAI_CAPTION_MODEL)" in out


def test_openai_a_model_it_does_not_have_fails_naming_its_setting(fake_openai, settings):
    settings.OPENAI_IMAGE_MODEL = "gpt-image-0"
    out, failed = _run()
    assert str(failed) == "1 of 8 checks failed."
    row = _rows("OpenAI")["model gpt-image-0 (OPENAI_IMAGE_MODEL)"]
    assert not row.ok
    assert row.fix.startswith("OpenAI has no model 'gpt-image-0' for this key: set "
                              "OPENAI_IMAGE_MODEL to a model")
    assert "FAILED" in out and "OPENAI_IMAGE_MODEL to a model" in out


def test_openai_a_rejected_key_says_so(fake_openai):
    fake_openai.error("models", 401, "Incorrect API key provided.", times=20)
    fake_openai.error("moderations", 401, "Incorrect API key provided.")
    rows = _rows("OpenAI")
    assert {r.fix for r in rows.values()} == {
        "OpenAI rejected the API key: set OPENAI_API_KEY to a valid key."}


# Cloud Storage ---------------------------------------------------------------------------------

def test_storage_writes_signs_fetches_and_deletes_a_probe(gcs, settings):
    settings.OPENAI_API_KEY = ""
    out, failed = _run()
    assert failed is None, out
    rows = list(_rows("Cloud Storage"))
    assert rows[0].startswith("write a probe object (providers-check/")
    assert rows[1:] == ["sign its URL", "fetch it through the signed URL", "delete it"]
    assert gcs.names() == []  # nothing left behind


def test_storage_a_bucket_that_does_not_exist_fails_with_the_fix(gcs, settings, monkeypatch):
    monkeypatch.setenv("GS_BUCKET_NAME", "no-such-bucket")
    gcs.configure()
    [row] = _rows("Cloud Storage").values()
    assert (row.check, row.ok) == ("write a probe object", False)
    assert row.fix.startswith("The bucket does not exist. Create it, or set GS_BUCKET_NAME")


def test_storage_credentials_that_cannot_sign_fail_the_sign_step(gcs, settings):
    from google.oauth2.credentials import Credentials

    media = settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": {**media, "OPTIONS": {
        **media["OPTIONS"], "credentials": Credentials(token="ya29.token-only"),
        "iam_sign_blob": False}}}
    rows = _rows("Cloud Storage")
    assert not rows["sign its URL"].ok
    assert "GS_IAM_SIGN_BLOB=true" in rows["sign its URL"].fix
    assert "fetch it through the signed URL" not in rows
    assert rows["delete it"].ok and gcs.names() == []


# Vertex AI -------------------------------------------------------------------------------------

@pytest.fixture
def vertex_music(vertex, settings):
    serve_catalog(vertex, models={"lyria-002"})
    settings.MUSIC_BACKEND = "vertex-pipeline"
    settings.VERTEX_MUSIC_MODEL = "lyria-002"
    return vertex


def test_vertex_the_model_and_the_pipeline_are_reachable_and_nothing_is_made(vertex_music):
    rows = _rows("Vertex AI")
    assert list(rows) == ["model lyria-002 (VERTEX_MUSIC_MODEL)",
                          "pipeline template (compose_pipeline.yaml)",
                          "pipeline jobs of projects/reverie-test/locations/us-central1"]
    assert all(r.ok for r in rows.values()), rows
    assert rows["pipeline template (compose_pipeline.yaml)"].fix == (
        "parameters: duration, location, model, negative_prompt, project, prompt, seed")
    [lookup] = vertex_music.calls("publisher-model")
    assert lookup.path == "/v1/publishers/google/models/lyria-002"
    assert [r.path for r in vertex_music.calls("list")] == [
        "/v1/projects/reverie-test/locations/us-central1/pipelineJobs"]
    assert vertex_music.calls("create") == [] and vertex_music.calls("predict") == []


def test_vertex_a_model_it_does_not_have_fails_naming_the_setting(vertex_music, settings):
    settings.VERTEX_MUSIC_MODEL = "lyria-999"
    row = _rows("Vertex AI")["model lyria-999 (VERTEX_MUSIC_MODEL)"]
    assert not row.ok
    assert row.fix.startswith("Vertex AI has no model publishers/google/models/lyria-999: set "
                              "VERTEX_MUSIC_MODEL")


def test_vertex_a_refused_lookup_names_the_role(vertex_music):
    vertex_music.error("publisher-model", 403, "Permission 'aiplatform.models.get' denied.")
    row = _rows("Vertex AI")["model lyria-002 (VERTEX_MUSIC_MODEL)"]
    assert not row.ok and "Vertex AI User role on VERTEX_PROJECT" in row.fix


def test_vertex_without_credentials_fails_with_the_fix(vertex_music, settings, monkeypatch,
                                                       tmp_path):
    # A real endpoint gets Application Default Credentials; there are none here.
    settings.VERTEX_API_ENDPOINT = "us-central1-aiplatform.googleapis.com"
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(tmp_path / "missing.json"))
    # What vertex_common.credentials gives a real endpoint (the fixture signs in the fake's).
    from music.backends import vertex_common

    monkeypatch.setattr(vertex_common, "credentials", lambda: None)
    rows = _rows("Vertex AI")
    for check in ("model lyria-002 (VERTEX_MUSIC_MODEL)",
                  "pipeline jobs of projects/reverie-test/locations/us-central1"):
        assert not rows[check].ok
        assert "no Google Cloud credentials; set GOOGLE_APPLICATION_CREDENTIALS" in (
            rows[check].fix)
    assert vertex_music.requests == []


# The command -------------------------------------------------------------------------------------

def test_the_table_wraps_long_fixes_under_their_column():
    table = format_table([CheckResult("OpenAI", "model x", False, "word " * 40),
                          CheckResult("Cloud Storage", "delete it", True)], width=80)
    lines = table.splitlines()
    assert lines[0].split() == ["provider", "check", "result", "fix"]
    assert lines[1].startswith("OpenAI         model x    FAILED  word word")
    assert lines[2].startswith(" " * 34 + "word") and len(max(lines, key=len)) <= 80
    assert lines[-1] == "Cloud Storage  delete it  OK"


def test_the_table_puts_a_fix_under_a_wide_row():
    table = format_table([CheckResult("OpenAI", "m" * 60, False, "Set OPENAI_X. " * 10)])
    lines = table.splitlines()
    assert lines[1] == "OpenAI    " + "m" * 60 + "  FAILED"
    assert lines[2].startswith("    Set OPENAI_X. Set") and max(map(len, lines)) <= 100


def test_the_command_exits_non_zero_on_a_failure(fake_openai, tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "VAR_DIR": str(tmp_path),
           "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": fake_openai.base_url,
           "OPENAI_CAPTION_MODEL": "gpt-2-retired", "PYTHONPATH": str(ROOT)}
    for name in ("GS_BUCKET_NAME", "VERTEX_PROJECT", "MUSIC_BACKEND"):
        env.pop(name, None)
    done = subprocess.run([sys.executable, "manage.py", "providers_check"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"^OpenAI +model gpt-2-retired \(OPENAI_CAPTION_MODEL\) +FAILED\n"
                     r"    OpenAI has no model 'gpt-2-retired'", done.stdout, re.M), done.stdout
    assert "1 of 8 checks failed." in done.stderr


def test_an_unreadable_key_file_is_one_settings_row_and_no_storage_call(gcs, monkeypatch):
    monkeypatch.setenv("GS_CREDENTIALS", "/nonexistent/reverie-sa.json")
    gcs.configure()
    rows = [r for r in run_checks() if r.provider in {"settings", "Cloud Storage"}]
    assert rows == [CheckResult("settings", "GS_CREDENTIALS", False,
                                "GS_CREDENTIALS='/nonexistent/reverie-sa.json': the key file "
                                "cannot be read (No such file or directory).")]
