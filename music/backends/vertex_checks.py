"""Vertex AI music for `manage.py providers_check`: one cheap live call each (the settings
are checked at start-up by vertex_common.vertex_settings_check)."""

from __future__ import annotations

from django.conf import settings

from core.backends import BackendError
from core.provider_checks import PROBE_TIMEOUT_SECONDS, CheckResult, provider_probe


@provider_probe
def vertex_probes() -> list[CheckResult]:
    if not settings.VERTEX_PROJECT:
        return []
    results = [_vertex_model_check()]
    if settings.MUSIC_BACKEND == "vertex-pipeline":
        results += [_pipeline_template_check(), _pipeline_jobs_check()]
    return results


def _vertex_model_check() -> CheckResult:
    from google.api_core import exceptions as api
    from google.cloud import aiplatform_v1

    from music.backends.vertex_common import api_endpoint, credentials, vertex_errors

    model = settings.VERTEX_MUSIC_MODEL
    check = f"model {model} (VERTEX_MUSIC_MODEL)"
    try:
        with vertex_errors("The music model"):
            client = aiplatform_v1.ModelGardenServiceClient(
                client_options={"api_endpoint": api_endpoint()}, transport="rest",
                credentials=credentials())
            try:
                client.get_publisher_model(name=f"publishers/google/models/{model}",
                                           timeout=PROBE_TIMEOUT_SECONDS)
            except api.NotFound:
                return CheckResult("Vertex AI", check, False,
                                   f"Vertex AI has no model publishers/google/models/{model}: "
                                   "set VERTEX_MUSIC_MODEL to a Lyria model it lists (e.g. "
                                   "lyria-002).")
    except BackendError as exc:
        return CheckResult("Vertex AI", check, False, str(exc))
    return CheckResult("Vertex AI", check, True)


# What VertexPipelineComposer passes when it submits a run.
TEMPLATE_PARAMETERS = ("duration", "location", "model", "negative_prompt", "project", "prompt",
                       "seed")


def _pipeline_template_check() -> CheckResult:
    from google.cloud.aiplatform.utils import yaml_utils

    from music.backends.vertex import TEMPLATE

    check = f"pipeline template ({TEMPLATE.name})"
    try:
        spec = yaml_utils.load_yaml(str(TEMPLATE))
        parameters = sorted(spec["root"]["inputDefinitions"]["parameters"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return CheckResult("Vertex AI", check, False,
                           f"It does not load as a compiled pipeline ({type(exc).__name__}): "
                           "run `make pipeline` and deploy music/pipelines/ with the code.")
    missing = sorted(set(TEMPLATE_PARAMETERS) - set(parameters))
    if missing:
        return CheckResult("Vertex AI", check, False,
                           f"It lacks the parameters {', '.join(missing)} this code passes: "
                           "run `make pipeline` and deploy music/pipelines/ with the code.")
    return CheckResult("Vertex AI", check, True, f"parameters: {', '.join(parameters)}")


def _pipeline_jobs_check() -> CheckResult:
    from google.cloud import aiplatform_v1

    from music.backends.vertex_common import api_endpoint, credentials, vertex_errors

    parent = f"projects/{settings.VERTEX_PROJECT}/locations/{settings.VERTEX_LOCATION}"
    check = f"pipeline jobs of {parent}"
    try:
        with vertex_errors("The music pipeline service"):
            client = aiplatform_v1.PipelineServiceClient(
                client_options={"api_endpoint": api_endpoint()}, transport="rest",
                credentials=credentials())
            client.list_pipeline_jobs(request={"parent": parent, "page_size": 1},
                                      timeout=PROBE_TIMEOUT_SECONDS)
    except BackendError as exc:
        return CheckResult("Vertex AI", check, False, str(exc))
    return CheckResult("Vertex AI", check, True)
