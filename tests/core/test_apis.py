from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpRequest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.demo.models import DemoJob

pytestmark = pytest.mark.django_db


def _error(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["message"]
    return body["error"]


def test_job_detail_answers_its_owner_and_404s_anyone_else(django_capture_on_commit_callbacks):
    owner, stranger = APIClient(), APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        created = owner.post("/api/demo/jobs/", {"steps": 2}, format="json")
    assert created.status_code == 201
    job_id = created.json()["job"]["id"]

    response = owner.get(f"/api/jobs/{job_id}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"id", "kind", "status", "progress", "error", "result_url",
                         "page_url", "created_at", "finished_at"}
    assert body["status"] == "succeeded" and body["progress"] == 100
    assert body["result_url"] == f"http://testserver/demo/{job_id}/"
    assert body["page_url"] is None  # the demo job has no page

    stranger.get("/api/schema/")  # a visitor with a session of their own
    response = stranger.get(f"/api/jobs/{job_id}/")
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


def test_session_objects_move_to_the_user_on_login(django_capture_on_commit_callbacks):
    user = get_user_model().objects.create_user("ann", password="pw-ann-123")
    client = APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        job_id = client.post("/api/demo/jobs/", {"steps": 1}, format="json").json()["job"]["id"]
    assert client.login(request=HttpRequest(), username="ann", password="pw-ann-123")
    # Log-in cycles the session key; what the visitor made is the user's now.
    assert DemoJob.objects.get(pk=job_id).user == user
    assert client.get(f"/api/jobs/{job_id}/").status_code == 200
    token = Token.objects.create(user=user)
    program = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert program.get(f"/api/jobs/{job_id}/").status_code == 200


def test_validation_errors_name_the_fields():
    response = APIClient().post("/api/demo/jobs/", {"steps": 99, "note": "x" * 50}, format="json")
    assert response.status_code == 400
    error = _error(response)
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"steps", "note"}
    # One sentence, the field named by its label, the range said as a range.
    assert error["message"] == "Steps: choose between 1 and 10."
    assert error["fields"]["steps"] == ["Choose between 1 and 10."]
    assert not DemoJob.objects.exists()


def test_malformed_json_is_a_400_in_the_error_shape():
    response = APIClient().post("/api/demo/jobs/", "{nope", content_type="application/json")
    assert response.status_code == 400
    assert _error(response)["code"] == "parse_error"


def test_unsupported_media_type_is_415():
    response = APIClient().post("/api/demo/jobs/", "steps=1", content_type="text/plain")
    assert response.status_code == 415
    error = _error(response)
    assert error["code"] == "unsupported_media_type"
    assert "JSON or multipart" in error["message"]


def test_wrong_method_is_405():
    response = APIClient().delete("/api/demo/jobs/")
    assert response.status_code == 405
    assert _error(response)["code"] == "method_not_allowed"


def test_missing_and_bad_credentials_are_401_or_403():
    response = APIClient().get("/api/demo/private/")
    assert response.status_code in {401, 403}
    assert _error(response)["code"] == "not_authenticated"
    response = APIClient(HTTP_AUTHORIZATION="Token not-a-token").get("/api/demo/private/")
    assert response.status_code == 401
    assert _error(response)["code"] == "authentication_failed"


def test_throttled_is_429_with_the_wait():
    cache.clear()
    client = APIClient()
    assert client.get("/api/demo/throttled/").status_code == 200
    response = client.get("/api/demo/throttled/")
    assert response.status_code == 429
    error = _error(response)
    assert error["code"] == "throttled"
    # Counted per fixed window: the wait is whatever is left of it, "1 second" included.
    waited = re.search(r"(\d+) seconds?", error["message"])
    assert waited and 1 <= int(waited.group(1)) <= 3600
    assert int(response["Retry-After"]) >= 1


def test_oversized_body_is_413(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"steps": 1, "note": "x" * 5000})
    response = APIClient().post("/api/demo/jobs/", body, content_type="application/json")
    assert response.status_code == 413
    assert _error(response)["code"] == "too_large"


def test_unknown_api_address_is_a_json_404():
    response = APIClient().get("/api/nothing-here/")
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


def test_anonymous_writes_with_a_session_need_csrf(django_capture_on_commit_callbacks):
    client = APIClient(enforce_csrf_checks=True)
    client.get("/")  # the page sets the CSRF cookie and...
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/api/demo/jobs/", {"steps": 1}, format="json")
    assert first.status_code == 201  # ...a first write starts the session
    response = client.post("/api/demo/jobs/", {"steps": 1}, format="json")
    assert response.status_code == 403
    assert "CSRF" in _error(response)["message"]
    token = client.cookies["csrftoken"].value
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/demo/jobs/", {"steps": 1}, format="json",
                               HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201


def test_schema_is_valid_openapi_3(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--urlconf", "config.urls",
                 "--file", str(out))
    text = out.read_text()
    assert text.startswith("openapi: 3.")
    assert "/api/jobs/{job_id}/" in text


def test_docs_and_admin_pages_answer(client):
    assert client.get("/api/docs/").status_code == 200
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200 and b"Log in" in response.content
    assert client.get("/").status_code == 200


def test_curators_group_exists_after_migrate():
    from django.contrib.auth.models import Group

    assert Group.objects.filter(name="curators").exists()


def test_cancel_api_answers_the_owner_only(django_capture_on_commit_callbacks):
    owner, stranger = APIClient(), APIClient()
    with django_capture_on_commit_callbacks(execute=False):
        job_id = owner.post("/api/demo/jobs/", {"steps": 1}, format="json").json()["job"]["id"]
    assert stranger.post(f"/api/jobs/{job_id}/cancel/").status_code == 404
    response = owner.post(f"/api/jobs/{job_id}/cancel/")
    assert response.status_code == 202
    assert response.json()["status"] == "cancelled"
    assert response.json()["error"] == "Cancelled at your request."


def test_api_root_lists_every_group_with_absolute_links():
    response = APIClient().get("/api/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"uploads", "music", "jobs", "dreams", "stories", "api"}
    links = [url for group in body.values() for url in group.values()]
    assert all(url.startswith("http://testserver/api/") and url.endswith("/") for url in links)
    assert body["jobs"]["job"] == "http://testserver/api/jobs/{id}/"
    assert body["stories"]["story_pdf"] == "http://testserver/api/stories/{id}/pdf/"
    assert body["api"] == {"schema": "http://testserver/api/schema/",
                           "docs": "http://testserver/api/docs/"}
    # Every plain link answers (the {id} ones need an object).
    for url in links:
        if "{id}" not in url and not url.endswith("/docs/"):
            assert APIClient().get(url).status_code in {200, 405}, url


def test_a_choice_error_lists_the_choices():
    response = APIClient().post("/api/dreams/", {"text": "I flew", "emotions": ["fear"]},
                                format="json")
    assert response.status_code == 400
    error = _error(response)
    choices = ('"fear" is not a valid choice; choose one of: anger, apprehension, sadness, '
               "confusion, happiness.")
    assert error["fields"] == {"emotions.0": [choices]}
    assert error["message"] == f"Emotions: {choices}"


@pytest.mark.parametrize(("body", "message"), [
    ({"pages": 2}, "Pages: choose between 4 and 12."),
    ({"age_band": "1-2"}, 'Age band: "1-2" is not a valid choice; choose one of: 3-5, 6-8, 9-12.'),
    ({"protagonist": None}, "Protagonist: this field may not be null."),
])
def test_story_errors_are_one_sentence_naming_the_label(body, message):
    story = {"protagonist": "a cat", "theme": "a lost hat", "age_band": "3-5", "pages": 4, **body}
    response = APIClient().post("/api/stories/", story, format="json")
    assert response.status_code == 400
    assert _error(response)["message"] == message


def test_a_missing_field_is_said_once_with_its_label():
    response = APIClient().post("/api/stories/", {"theme": "a hat", "age_band": "3-5"},
                                format="json")
    assert _error(response)["message"] == "Protagonist: this is required."


def test_schema_documents_job_links_and_the_error_component(tmp_path):
    out = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--urlconf", "config.urls",
                 "--file", str(out))
    schema = json.loads(out.read_text())
    job = schema["components"]["schemas"]["Job"]["properties"]
    assert {"result_url", "page_url"} <= set(job)
    assert job["page_url"]["format"] == "uri" and job["page_url"]["nullable"] is True
    error = schema["components"]["schemas"]["Error"]
    assert error["properties"]["error"]["$ref"].endswith("/ErrorDetail")
    detail = schema["components"]["schemas"]["ErrorDetail"]["properties"]
    assert set(detail) == {"code", "message", "fields"}
    create = schema["paths"]["/api/stories/"]["post"]["responses"]
    assert create["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    detail_get = schema["paths"]["/api/jobs/{job_id}/"]["get"]["responses"]
    assert detail_get["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    assert "/api/" in schema["paths"]
    assert "/api/stories/{story_id}/pdf/" in schema["paths"]
    assert "/api/stories/{story_id}/pdf" not in schema["paths"]  # the old address, unlisted
