"""Media on Google Cloud Storage: django-storages and google-cloud-storage against the emulator."""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from core.checks import environment_check, storage_check
from core.cloud_storage import storage_problem
from tests.fakes.gcs import (
    CLIENT_EMAIL,
    PROJECT,
    authorized_user_key,
    project_storage_options,
)


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


def test_the_key_file_reaches_django_storages_through_the_settings(gcs, settings):
    options = settings.STORAGES["default"]["OPTIONS"]
    assert options["credentials"] is settings.GS_CREDENTIALS is gcs.credentials
    assert options["credentials"].service_account_email == CLIENT_EMAIL
    assert options["project_id"] == PROJECT
    assert options["iam_sign_blob"] is False  # a private key signs locally
    default_storage.save("a.txt", ContentFile(b"x"))
    # The emulator was called with these credentials' token, not anonymously.
    assert [grant["grant_type"] for grant in gcs.tokens] == [
        "urn:ietf:params:oauth:grant-type:jwt-bearer"]


def test_gs_credentials_names_the_storage_key_file_before_the_general_one(gcs, monkeypatch,
                                                                         tmp_path):
    other = tmp_path / "storage-only.json"
    other.write_text(json.dumps({**json.loads(gcs.key_file.read_text()),
                                 "client_email": "media@reverie-test.iam.gserviceaccount.com"}))
    monkeypatch.setenv("GS_CREDENTIALS", str(other))
    built = gcs.configure()
    assert built["GS_CREDENTIALS"].service_account_email == (
        "media@reverie-test.iam.gserviceaccount.com")


@pytest.mark.parametrize(("content", "expected"), [
    (None, "the key file cannot be read"),
    ("{not json", "is not a usable Google Cloud key file"),
    ('{"type": "service_account", "client_email": "a@b.c", "token_uri": "http://x",'
     ' "private_key": "not a key"}', "is not a usable Google Cloud key file"),
])
def test_a_bad_key_file_is_a_settings_error_naming_the_variable(gcs, monkeypatch, tmp_path,
                                                                content, expected):
    path = tmp_path / "key.json"
    if content is not None:
        path.write_text(content)
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(path))
    gcs.configure()
    [error] = environment_check()
    assert error.id == "core.E001"
    assert error.msg.startswith(f"GOOGLE_APPLICATION_CREDENTIALS={str(path)!r}")
    assert expected in error.msg
    assert storage_check() == []  # the one message is enough


def test_without_a_key_file_urls_are_signed_through_iam(monkeypatch):
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    monkeypatch.delenv("GS_CREDENTIALS", raising=False)
    monkeypatch.delenv("GS_IAM_SIGN_BLOB", raising=False)
    options = project_storage_options("b", GS_SA_EMAIL="signer@p.iam.gserviceaccount.com")
    assert options["OPTIONS"]["credentials"] is None  # Application Default Credentials
    assert options["OPTIONS"]["iam_sign_blob"] is True
    assert options["OPTIONS"]["sa_email"] == "signer@p.iam.gserviceaccount.com"
    assert project_storage_options("b", GS_IAM_SIGN_BLOB="false")["OPTIONS"][
        "iam_sign_blob"] is False


def test_a_login_without_a_private_key_signs_through_iam(gcs, monkeypatch, tmp_path):
    path = tmp_path / "login.json"
    path.write_text(json.dumps(authorized_user_key("https://oauth2.googleapis.com/token")))
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(path))
    built = gcs.configure()
    assert built["SETTINGS_ERRORS"] == []
    assert type(built["GS_CREDENTIALS"]).__module__ == "google.oauth2.credentials"
    assert built["STORAGES"]["default"]["OPTIONS"]["iam_sign_blob"] is True


def _token_only_credentials(settings, *, iam_sign_blob: bool) -> None:
    # An access token and nothing else, like Compute Engine credentials: no signer. (Built
    # here: a login file's credentials would ask Google itself for their token.)
    from google.oauth2.credentials import Credentials

    media = settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": {**media, "OPTIONS": {
        **media["OPTIONS"], "credentials": Credentials(token="ya29.token-only"),
        "iam_sign_blob": iam_sign_blob}}}


def test_credentials_that_cannot_sign_stop_start_up_with_the_fix(gcs, settings):
    _token_only_credentials(settings, iam_sign_blob=False)
    with pytest.raises(AttributeError, match="private key"):
        default_storage.url("uploads/a.jpg")  # what every media URL would do: a 500
    [error] = storage_check()
    assert error.id == "core.E011"
    assert error.msg == (f"GS_BUCKET_NAME={gcs.bucket_name!r}: media URLs cannot be signed: "
                         "these credentials cannot sign URLs: they hold no private key.")
    assert "GS_IAM_SIGN_BLOB=true" in error.hint
    assert "roles/iam.serviceAccountTokenCreator" in error.hint
    with pytest.raises(SystemCheckError, match=r"core\.E011"):
        call_command("check")


def test_iam_signing_without_a_service_account_names_gs_sa_email(gcs, settings):
    _token_only_credentials(settings, iam_sign_blob=True)
    [error] = storage_check()
    assert error.id == "core.E011" and "GS_SA_EMAIL" in error.hint


def test_a_refused_bucket_names_a_role_that_can_read_it():
    from google.api_core import exceptions

    message, hint = storage_problem(exceptions.Forbidden("GET b/media: denied"))
    assert message == "these credentials may not use the bucket."
    assert "roles/storage.legacyBucketReader" in hint and "roles/storage.admin" in hint
