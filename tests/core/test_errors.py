"""One error mapping: the same outage answers the same way on every endpoint and page."""

from __future__ import annotations

import errno
import json
import os

import pytest
from django.core.files.storage import default_storage
from rest_framework.test import APIClient

from core.errors import PROVIDER_UNAVAILABLE, STORAGE_UNAVAILABLE, StorageUnavailable
from core.storage import MediaFileSystemStorage
from dreams.models import Dream, DreamJob
from stories.models import Story
from tests.uploads.factories import picture
from uploads.models import Upload

pytestmark = pytest.mark.django_db

MODERATION = "core.moderation.moderators.OpenAIModerator"
STORY = {"protagonist": "a frog", "theme": "a rainy day", "age_band": "3-5", "pages": 4}


class RefusingStorage(MediaFileSystemStorage):
    """MEDIA_ROOT as the operating system answers when it cannot write (errno from env)."""

    def _save(self, name, content):
        code = int(os.environ.get("REVERIE_TEST_SAVE_ERRNO", errno.EACCES))
        raise OSError(code, os.strerror(code), os.path.join(self.location, name))


@pytest.fixture
def moderation_down(settings, fake_openai):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS,
                            "moderation": {"BACKEND": MODERATION, "OPTIONS": {}}}
    settings.OPENAI_MAX_RETRIES = 0
    fake_openai.error("moderations", 503, "The server is overloaded.", times=20)
    return fake_openai


@pytest.fixture(params=[errno.EACCES, errno.ENOSPC, errno.EROFS])
def unwritable_media(request, settings, monkeypatch):
    monkeypatch.setenv("REVERIE_TEST_SAVE_ERRNO", str(request.param))
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": f"{__name__}.RefusingStorage"}}
    return request.param


def _error(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def _media_files(settings) -> list[str]:
    return [os.path.join(d, f) for d, _, files in os.walk(settings.MEDIA_ROOT) for f in files]


def test_a_moderation_outage_is_the_same_503_on_dreams_and_stories(moderation_down):
    client = APIClient()
    dream = client.post("/api/dreams/", {"text": "I was flying over the sea"}, format="json")
    story = client.post("/api/stories/", STORY, format="json")
    for response in (dream, story):
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        error = _error(response)
        assert error == {"code": "provider_unavailable", "message": PROVIDER_UNAVAILABLE,
                         "fields": {}}
    assert len(moderation_down.calls("moderations")) == 2  # the provider was really asked
    assert not Dream.objects.exists() and not Story.objects.exists()


def test_a_moderation_outage_on_the_dream_page_form_says_the_same(client, moderation_down):
    response = client.post("/dreams/new/", {"text": "I was flying over the sea"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert PROVIDER_UNAVAILABLE in page
    assert 'class="site-header"' in page  # the site's own page, not a bare error
    assert not Dream.objects.exists()


def test_rejected_input_stays_on_the_form_beside_what_was_typed(client):
    response = client.post("/dreams/new/", {"text": "x" * 30_000})
    assert response.status_code == 400
    page = response.content.decode()
    assert "a dream may be at most" in page
    assert "x" * 30_000 in page  # the text is still in the form
    assert not Dream.objects.exists()


def test_unwritable_media_is_a_503_on_upload_with_nothing_left(settings, unwritable_media):
    response = APIClient().post("/api/uploads/", {"image": _jpeg()}, format="multipart")
    assert response.status_code == 503
    error = _error(response)
    assert error["code"] == "storage_unavailable"
    assert error["message"] == STORAGE_UNAVAILABLE
    assert not Upload.objects.exists()
    assert _media_files(settings) == []


def test_unwritable_media_on_the_upload_page_is_the_friendly_503(client, settings,
                                                                  unwritable_media):
    response = client.post("/", {"image": _jpeg(), "duration": 30})
    assert response.status_code == 503
    assert STORAGE_UNAVAILABLE in response.content.decode()
    assert not Upload.objects.exists()
    assert _media_files(settings) == []


def test_a_dream_picture_on_unwritable_media_fails_saying_so(settings, unwritable_media,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = APIClient().post("/api/dreams/", {"text": "A red door in a white wall"},
                                    format="json")
    assert response.status_code == 201
    job = DreamJob.objects.get()
    assert job.status == "failed"
    assert job.error == STORAGE_UNAVAILABLE
    assert not Dream.objects.get().image
    assert _media_files(settings) == []


@pytest.mark.parametrize("debug", [True, False])
def test_api_errors_are_json_whatever_debug_says(settings, debug):
    settings.DEBUG = debug
    client = APIClient(raise_request_exception=False)

    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"

    big = json.dumps({"text": "x" * (5 * 1024 * 1024)})
    response = client.post("/api/dreams/", big, content_type="application/json")
    assert response.status_code == 413
    assert _error(response)["code"] == "too_large"

    response = client.get("/api/demo/broken/")
    assert response.status_code == 500
    error = _error(response)
    assert error["code"] == "server_error"
    assert "Traceback" not in response.content.decode()

    response = client.get("/api/demo/broken-page/")  # a plain Django view under /api/
    assert response.status_code == 500
    assert _error(response)["code"] == "server_error"


def test_with_debug_off_a_revoked_share_link_is_the_friendly_404(client, settings):
    settings.DEBUG = False
    owner = APIClient()
    story_id = owner.post("/api/stories/", STORY, format="json").json()["id"]
    share_url = owner.post(f"/api/stories/{story_id}/share").json()["share_url"]
    path = share_url.removeprefix("http://testserver")
    assert client.get(path).status_code == 200
    assert owner.delete(f"/api/stories/{story_id}/share").status_code == 204
    _assert_friendly_404(client.get(path))


def test_with_debug_off_another_owners_results_are_the_friendly_404(settings):
    from django.test import Client

    settings.DEBUG = False
    owner, stranger = Client(), Client()
    created = owner.post("/api/uploads/", {"image": _jpeg()})
    assert created.status_code == 201
    upload_id = created.json()["id"]
    assert owner.get(f"/results/{upload_id}/").status_code == 200
    _assert_friendly_404(stranger.get(f"/results/{upload_id}/"))


def test_favicon_is_served_and_linked(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page = client.get("/").content.decode()
    assert 'href="/favicon.ico"' in page and "favicon.svg" in page
    assert client.get("/static/favicon.svg").status_code == 200


def _assert_friendly_404(response) -> None:
    assert response.status_code == 404
    page = response.content.decode()
    assert "Nothing here" in page
    assert 'class="site-header"' in page
    for leak in ("URLconf", "urlpatterns", "api/", "Technical"):
        assert leak not in page.split("<footer")[0], leak


def _jpeg():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("beach.jpg", picture(), content_type="image/jpeg")



def test_a_bucket_that_refuses_the_upload_is_the_same_503(gcs):
    gcs.client.bucket(gcs.bucket_name).delete(force=True)  # the bucket is gone
    response = APIClient().post("/api/uploads/", {"image": _jpeg()}, format="multipart")
    assert response.status_code == 503
    assert _error(response) == {"code": "storage_unavailable", "message": STORAGE_UNAVAILABLE,
                                "fields": {}}
    assert not Upload.objects.exists()


def test_a_stale_form_is_the_friendly_csrf_page(settings):
    from django.test import Client

    settings.DEBUG = False
    response = Client(enforce_csrf_checks=True).post("/dreams/new/", {"text": "a dream"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Please try that again" in page and 'class="site-header"' in page
    assert "CSRF verification failed" not in page


@pytest.fixture
def media_replaced_by_a_file(settings, tmp_path):
    """MEDIA_ROOT's path is a regular file (a volume swapped out): ENOTDIR under it, even
    for root, which chmod would not stop."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media").write_text("not a directory")
    return tmp_path / "media"


def test_media_root_that_is_not_a_directory_is_the_storage_503(settings,
                                                               media_replaced_by_a_file):
    response = APIClient().post("/api/uploads/", {"image": _jpeg()}, format="multipart")
    assert response.status_code == 503
    assert _error(response)["code"] == "storage_unavailable"
    assert _error(response)["message"] == STORAGE_UNAVAILABLE
    assert not Upload.objects.exists()
    assert media_replaced_by_a_file.read_text() == "not a directory"


def test_reading_under_a_media_root_that_is_not_a_directory_is_storage_unavailable(
        media_replaced_by_a_file):
    with pytest.raises(StorageUnavailable):
        default_storage.open("uploads/picture.jpg")


def test_a_file_simply_missing_is_still_not_found(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    with pytest.raises(FileNotFoundError):
        default_storage.open("uploads/picture.jpg")
