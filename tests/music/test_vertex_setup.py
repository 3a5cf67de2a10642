"""Setting up Vertex AI music: start-up checks name each missing variable; the shipped
pipeline template is what its kfp definition compiles to."""

from __future__ import annotations

import pytest
import yaml

from core.checks import backends_check
from music.backends.vertex import TEMPLATE

PIPELINE = {"BACKEND": "music.backends.vertex.VertexPipelineComposer", "OPTIONS": {}}
LYRIA = {"BACKEND": "music.backends.vertex.VertexLyriaComposer", "OPTIONS": {}}


@pytest.fixture
def vertex_settings(settings):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "music": PIPELINE}
    settings.VERTEX_PROJECT = "reverie-prod"
    settings.VERTEX_LOCATION = "us-central1"
    settings.VERTEX_API_ENDPOINT = ""
    settings.VERTEX_PIPELINE_ROOT = ""
    settings.GS_BUCKET_NAME = "reverie-media"
    settings.SETTINGS_ERRORS = []
    return settings


def test_a_complete_setup_passes(vertex_settings):
    assert backends_check() == []


@pytest.mark.parametrize(("changes", "variable", "check_id"), [
    ({"VERTEX_PROJECT": ""}, "VERTEX_PROJECT", "core.E020"),
    ({"VERTEX_LOCATION": ""}, "VERTEX_LOCATION", "core.E021"),
    ({"VERTEX_PIPELINE_ROOT": "/tmp/pipelines"}, "VERTEX_PIPELINE_ROOT", "core.E022"),
    ({"GS_BUCKET_NAME": ""}, "VERTEX_PIPELINE_ROOT", "core.E023"),
])
def test_each_missing_variable_is_named(vertex_settings, changes, variable, check_id):
    for name, value in changes.items():
        setattr(vertex_settings, name, value)
    [error] = backends_check()
    assert error.id == check_id and variable in error.msg + error.hint


def test_the_pipeline_root_error_names_both_ways_to_fix_it(vertex_settings):
    vertex_settings.GS_BUCKET_NAME = ""
    [error] = backends_check()
    assert "VERTEX_PIPELINE_ROOT" in error.msg and "GS_BUCKET_NAME" in error.msg


def test_lyria_needs_no_pipeline_root(vertex_settings):
    vertex_settings.AI_BACKENDS = {**vertex_settings.AI_BACKENDS, "music": LYRIA}
    vertex_settings.GS_BUCKET_NAME = ""
    assert backends_check() == []


def test_a_variable_already_reported_is_not_reported_twice(vertex_settings):
    vertex_settings.VERTEX_PROJECT = ""
    vertex_settings.SETTINGS_ERRORS = [("VERTEX_PROJECT", "MUSIC_BACKEND=... needs it.")]
    assert backends_check() == []


def test_a_plain_http_endpoint_is_a_warning(vertex_settings):
    vertex_settings.VERTEX_API_ENDPOINT = "http://127.0.0.1:9999"
    [warning] = backends_check()
    assert warning.id == "core.W020" and "VERTEX_API_ENDPOINT" in warning.msg


def test_the_offline_composer_needs_nothing(settings):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "music": {
        "BACKEND": "music.backends.offline.OfflineComposer", "OPTIONS": {}}}
    settings.VERTEX_PROJECT = ""
    assert backends_check() == []


def test_the_shipped_template_is_the_compiled_definition(tmp_path):
    from music.pipelines.compose_pipeline import compile_template

    fresh = compile_template(tmp_path / "compose_pipeline.yaml")
    assert fresh.read_text() == TEMPLATE.read_text(), "run `make pipeline` and commit the YAML"
    spec = yaml.safe_load(TEMPLATE.read_text())
    inputs = spec["root"]["inputDefinitions"]["parameters"]
    assert set(inputs) == {"project", "location", "model", "prompt", "negative_prompt",
                           "duration", "seed"}
    # The project is the deployer's to give, never the step's own default credentials' one.
    assert inputs["project"] == {"parameterType": "STRING"}
    step = spec["root"]["dag"]["tasks"]["compose-audio"]["inputs"]["parameters"]
    for name in ("project", "location", "model"):
        assert step[name] == {"componentInputParameter": name}
    source = spec["deploymentSpec"]["executors"]["exec-compose-audio"]["container"]["command"]
    assert "def lyria_request(" in source[-1] and "import google.auth" not in source[-1]
    assert spec["pipelineInfo"]["name"] == "reverie-compose"
