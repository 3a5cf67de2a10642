"""Google Cloud Storage on loopback: gcp-storage-emulator in-process, the real client libraries.

    def test_media_in_the_cloud(gcs):
        name = default_storage.save("a.txt", ContentFile(b"hi"))   # lands in gcs.bucket_name
        assert gcs.read(name) == b"hi"
        requests.get(default_storage.url(name))                    # a V4 signed URL

`gcs` (function scope) creates a fresh bucket on the session's emulator, points
STORAGE_EMULATOR_HOST at it, sets GS_BUCKET_NAME and switches STORAGES["default"] to the
project's own GoogleCloudStorage options (read from config/settings.py as production would
build them) with service-account credentials made for the test: an RSA key generated here,
so V4 URLs are really signed, and self-signed JWT access, so nothing asks Google for a token.
"""

from __future__ import annotations

import datetime
import functools
import os
import runpy
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "reverie-test"
SCOPES = ["https://www.googleapis.com/auth/devstorage.read_write"]


@dataclass
class FakeGCS:
    host: str  # what STORAGE_EMULATOR_HOST says: http://127.0.0.1:<port>
    bucket_name: str
    credentials: Any
    client: Any  # a google.cloud.storage.Client on the emulator

    def read(self, name: str) -> bytes | None:
        blob = self.client.bucket(self.bucket_name).get_blob(name)
        return None if blob is None else blob.download_as_bytes()

    def names(self) -> list[str]:
        return sorted(blob.name for blob in self.client.list_blobs(self.bucket_name))


@functools.cache
def service_account_credentials() -> Any:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from google.oauth2 import service_account

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    info = {"type": "service_account", "project_id": PROJECT, "private_key_id": "test-key",
            "private_key": pem, "client_email": f"reverie@{PROJECT}.iam.gserviceaccount.com",
            "client_id": "1", "token_uri": "https://oauth2.googleapis.com/token"}
    credentials = service_account.Credentials.from_service_account_info(
        info, scopes=SCOPES, always_use_jwt_access=True)
    # A known access boundary: otherwise google-auth looks it up on iamcredentials.googleapis
    # .com in the background (a stable hook: the gcloud CLI relies on it).
    far = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=365)
    return credentials._set_regional_access_boundary(
        {"encodedLocations": "0x0", "expiry": far.replace(tzinfo=None)})


def project_storage_options(bucket_name: str, **env: str) -> dict:
    """STORAGES["default"] exactly as config/settings.py builds it for this bucket."""
    changes = {"GS_BUCKET_NAME": bucket_name, "GS_PROJECT_ID": PROJECT, **env}
    saved = {name: os.environ.get(name) for name in changes}
    os.environ.update(changes)
    try:
        values = runpy.run_path(str(ROOT / "config" / "settings.py"))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return values["STORAGES"]["default"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def gcs_emulator() -> Iterator[str]:
    from gcp_storage_emulator.server import create_server

    port = _free_port()
    server = create_server("127.0.0.1", port, in_memory=True)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def gcs(gcs_emulator, settings, monkeypatch) -> FakeGCS:
    from google.cloud import storage

    monkeypatch.setenv("STORAGE_EMULATOR_HOST", gcs_emulator)
    credentials = service_account_credentials()
    client = storage.Client(project=PROJECT, credentials=credentials)
    bucket_name = f"reverie-test-{uuid.uuid4().hex[:10]}"
    client.create_bucket(bucket_name)
    media = project_storage_options(bucket_name)
    settings.GS_BUCKET_NAME = bucket_name
    settings.STORAGES = {**settings.STORAGES, "default": {
        **media, "OPTIONS": {**media["OPTIONS"], "credentials": credentials}}}
    return FakeGCS(host=gcs_emulator, bucket_name=bucket_name, credentials=credentials,
                   client=client)
