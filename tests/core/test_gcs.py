"""Media on Google Cloud Storage: django-storages and google-cloud-storage against the emulator."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from core.checks import storage_check
from tests.fakes.gcs import project_storage_options


def test_the_project_stores_media_privately_with_expiring_urls():
    options = project_storage_options("any-bucket", GS_SIGNED_URL_SECONDS="900")["OPTIONS"]
    assert options["bucket_name"] == "any-bucket"
    assert options["querystring_auth"] is True and options["default_acl"] is None
    assert options["file_overwrite"] is False
    assert options["expiration"] == timedelta(seconds=900)
    assert project_storage_options("b")["OPTIONS"]["expiration"] == timedelta(seconds=3600)


def test_an_upload_lands_in_the_bucket(gcs):
    name = default_storage.save("uploads/picture.jpg", ContentFile(b"\xff\xd8 not really"))
    assert type(default_storage._wrapped).__name__ == "GoogleCloudMediaStorage"
    assert gcs.names() == [name]
    assert gcs.read(name) == b"\xff\xd8 not really"
    with default_storage.open(name, "rb") as handle:
        assert handle.read() == b"\xff\xd8 not really"


def test_a_name_is_never_overwritten(gcs):
    first = default_storage.save("tracks/a.wav", ContentFile(b"one"))
    second = default_storage.save("tracks/a.wav", ContentFile(b"two"))
    assert first == "tracks/a.wav" and second != first
    assert gcs.read(first) == b"one" and gcs.read(second) == b"two"


def test_the_signed_url_fetches_the_bytes_and_expires(gcs, settings):
    name = default_storage.save("tracks/song.wav", ContentFile(b"RIFF....WAVE"))
    url = default_storage.url(name)
    query = parse_qs(urlparse(url).query)
    assert url.startswith(f"{gcs.host}/{gcs.bucket_name}/tracks/")
    assert query["X-Goog-Algorithm"] == ["GOOG4-RSA-SHA256"]
    assert query["X-Goog-Expires"] == ["3600"]
    assert len(query["X-Goog-Signature"][0]) == 512  # hex of a 2048-bit RSA signature
    assert query["X-Goog-Credential"][0].startswith(gcs.credentials.service_account_email)
    response = requests.get(url, timeout=5)
    assert response.status_code == 200 and response.content == b"RIFF....WAVE"


def test_delete_removes_the_object(gcs):
    name = default_storage.save("tracks/gone.wav", ContentFile(b"x"))
    assert default_storage.exists(name)
    default_storage.delete(name)
    assert gcs.read(name) is None and not default_storage.exists(name)


def test_the_start_up_check_passes_for_an_existing_bucket(gcs):
    assert storage_check() == []


def test_a_missing_bucket_stops_start_up_naming_the_variable(gcs, settings):
    settings.GS_BUCKET_NAME = "no-such-bucket"
    settings.STORAGES = {**settings.STORAGES, "default": {
        **settings.STORAGES["default"], "OPTIONS": {
            **settings.STORAGES["default"]["OPTIONS"], "bucket_name": "no-such-bucket"}}}
    [error] = storage_check()
    assert error.id == "core.E010"
    assert error.msg == "GS_BUCKET_NAME='no-such-bucket': the bucket does not exist."
    with pytest.raises(SystemCheckError, match="GS_BUCKET_NAME='no-such-bucket'"):
        call_command("check")


def test_an_unreachable_storage_service_is_reported(gcs, settings, monkeypatch):
    monkeypatch.setenv("STORAGE_EMULATOR_HOST", "http://127.0.0.1:9")  # nothing listens
    settings.STORAGES = {**settings.STORAGES}  # a new storage object, on the new host
    [error] = storage_check()
    assert error.msg.startswith(f"GS_BUCKET_NAME={gcs.bucket_name!r}: Google Cloud Storage "
                                "could not be reached")


def test_no_bucket_means_no_cloud_check(settings):
    settings.GS_BUCKET_NAME = ""
    assert storage_check() == []


def test_a_signed_url_lifetime_beyond_seven_days_is_a_settings_error(monkeypatch):
    import runpy

    from tests.fakes.gcs import ROOT

    monkeypatch.setenv("GS_SIGNED_URL_SECONDS", str(8 * 24 * 3600))
    errors = runpy.run_path(str(ROOT / "config" / "settings.py"))["SETTINGS_ERRORS"]
    assert "GS_SIGNED_URL_SECONDS" in [name for name, _ in errors]


def test_missing_credentials_are_reported_naming_the_variable(gcs, settings, monkeypatch):
    monkeypatch.delenv("STORAGE_EMULATOR_HOST")
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", "/nonexistent/reverie-key.json")
    media = settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": {
        **media, "OPTIONS": {**media["OPTIONS"], "credentials": None}}}
    [error] = storage_check()
    assert error.msg.endswith("no Google Cloud credentials were found.")
    assert "GOOGLE_APPLICATION_CREDENTIALS" in error.hint
