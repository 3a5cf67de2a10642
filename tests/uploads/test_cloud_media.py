"""Upload and listen with media on Cloud Storage configured as a deployer does it: the
emulator, and a service-account key file named by GOOGLE_APPLICATION_CREDENTIALS, read by the
settings (the `gcs` fixture). Every media URL handed out must work for its owner."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from tests.uploads import factories
from uploads.models import Upload

# Transactional: each request commits, so its jobs run inline right then (JOB_RUNNER=inline).
pytestmark = pytest.mark.django_db(transaction=True)


def _signed(url: str, gcs) -> bytes:
    query = parse_qs(urlparse(url).query)
    assert url.startswith(f"{gcs.host}/{gcs.bucket_name}/"), url
    assert query["X-Goog-Credential"][0].startswith(gcs.credentials.service_account_email)
    response = requests.get(url, timeout=5)
    assert response.status_code == 200, response.text
    return response.content


def test_an_upload_answers_201_and_every_media_url_works_for_its_owner(gcs):
    owner = APIClient()
    picture = factories.picture((400, 300))
    response = owner.post("/api/uploads/", {
        "image": SimpleUploadedFile("dusk.jpg", picture, content_type="image/jpeg"),
        "duration": 10, "seed": 3}, format="multipart")
    assert response.status_code == 201, response.content
    created = response.json()

    stored = Upload.objects.get(pk=created["id"]).image.name
    image = _signed(created["image_url"], gcs)
    assert image == gcs.read(stored)
    assert Image.open(io.BytesIO(image)).size == (400, 300)

    upload = owner.get(f"/api/uploads/{created['id']}/").json()
    assert _signed(upload["image_url"], gcs) == image
    [track] = upload["tracks"]
    urls = {fmt: url for fmt, url in track["audio"].items() if url}
    assert {"wav", "mp3", "ogg"} <= set(urls)
    stranger = APIClient()
    for fmt, url in urls.items():
        redirect = owner.get(url)
        assert redirect.status_code == 302, (fmt, redirect.content)
        audio = _signed(redirect["Location"], gcs)
        assert len(audio) > 1000, fmt
        # The address is the credential: without its signature it is nobody's.
        assert stranger.get(url.split("?")[0]).status_code == 404, fmt
    assert any(name.startswith("tracks/") for name in gcs.names())
