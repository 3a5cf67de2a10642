"""Every bad upload answers 4xx in the error shape, with a message a person understands, and
leaves no row and no file behind."""

from __future__ import annotations

import json
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from captioning.models import CaptionJob
from music.models import TrackJob
from tests.uploads import factories
from uploads.models import Upload

pytestmark = pytest.mark.django_db


def _nothing_left(settings) -> None:
    assert not Upload.objects.exists()
    assert not CaptionJob.objects.exists() and not TrackJob.objects.exists()
    media = settings.MEDIA_ROOT
    assert not os.path.exists(media) or not any(files for _, _, files in os.walk(media))


def _post(data: bytes, name: str = "photo.jpg", **extra):
    image = SimpleUploadedFile(name, data, content_type="image/jpeg")
    return APIClient().post("/api/uploads/", {"image": image, **extra}, format="multipart")


def _error(response) -> dict:
    body = response.json()
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


@pytest.mark.parametrize(("data", "status", "words"), [
    (b"", 400, "The file is empty"),
    (b"Dear diary, today I renamed a text file to .jpg\n" * 3, 415, "not a picture we can read"),
    (factories.picture()[:1500], 400, "damaged or incomplete"),
    (factories.png_with_bad_crc(), 400, "damaged or incomplete"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 415,
     "Vector drawings (SVG) are not accepted"),
    (factories.gif_js_polyglot(), 400, "cannot be read"),
    (factories.decompression_bomb(), 413, "more than 40 megapixels"),
    (factories.picture((100000, 1), fmt="PNG"), 400, "100000×1 pixels"),
    (factories.picture(fmt="TIFF"), 415, "TIFF pictures are not supported"),
    (factories.picture(fmt="BMP"), 415, "BMP pictures are not supported"),
])
def test_bad_pictures(settings, data, status, words):
    response = _post(data)
    assert response.status_code == status, response.content
    error = _error(response)
    assert words in error["message"]
    assert error["fields"]["image"] == [error["message"]]
    _nothing_left(settings)


def test_file_over_the_limit_is_413_before_it_is_read(settings):
    settings.UPLOAD_MAX_BYTES = 100_000
    response = _post(os.urandom(300_000))
    assert response.status_code == 413
    assert "at most 97.7\xa0KB" in _error(response)["message"]
    assert "Please choose a smaller one" in _error(response)["message"]
    _nothing_left(settings)


def test_file_just_over_the_limit_is_413(settings):
    data = factories.picture((900, 900), fmt="PNG")
    settings.UPLOAD_MAX_BYTES = len(data) - 10
    response = _post(data, name="a.png")
    assert response.status_code == 413
    assert "the limit is" in _error(response)["message"]
    _nothing_left(settings)


def test_missing_field(settings):
    response = APIClient().post("/api/uploads/", {"duration": 30}, format="multipart")
    assert response.status_code == 400
    error = _error(response)
    assert error["fields"]["image"] == ["Choose a picture to upload."]
    assert error["message"] == "Image: choose a picture to upload."
    _nothing_left(settings)


def test_two_files(settings):
    files = [SimpleUploadedFile(f"{n}.jpg", factories.picture(), content_type="image/jpeg")
             for n in "ab"]
    response = APIClient().post("/api/uploads/", {"image": files}, format="multipart")
    assert response.status_code == 400
    assert _error(response)["message"] == "Image: send one picture at a time."
    _nothing_left(settings)


def test_non_multipart_body(settings):
    response = APIClient().post("/api/uploads/", json.dumps({"image": "aGVsbG8="}),
                                content_type="application/json")
    assert response.status_code == 415
    message = _error(response)["message"]
    assert 'multipart/form-data, in a field named "image"' in message
    _nothing_left(settings)


def test_garbled_multipart_body(settings):
    response = APIClient().post("/api/uploads/", b"--x\r\nnot really\r\n",
                                content_type="multipart/form-data; boundary=x")
    assert response.status_code == 400
    _nothing_left(settings)


@pytest.mark.parametrize(("field", "value"), [("duration", 5), ("duration", 121),
                                              ("duration", "long"), ("seed", -1)])
def test_bad_duration_or_seed(settings, field, value):
    response = _post(factories.picture(), **{field: value})
    assert response.status_code == 400
    assert field in _error(response)["fields"]
    _nothing_left(settings)
