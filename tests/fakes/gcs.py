"""Google Cloud Storage on loopback: gcp-storage-emulator in-process, the real client libraries,
configured the way a deployer configures production: environment variables that
config/settings.py reads.

    def test_media_in_the_cloud(gcs):
        name = default_storage.save("a.txt", ContentFile(b"hi"))   # lands in gcs.bucket_name
        assert gcs.read(name) == b"hi"
        requests.get(default_storage.url(name))                    # a V4 signed URL

`gcs` (function scope) creates a fresh bucket on the session's emulator and sets
STORAGE_EMULATOR_HOST, GOOGLE_APPLICATION_CREDENTIALS (a service-account key file written for
the test run, with an RSA key generated here, so V4 URLs are really signed), GS_BUCKET_NAME and
GS_PROJECT_ID in the environment. It then runs config/settings.py and takes the GS_* values,
STORAGES["default"] and SETTINGS_ERRORS from what it built: the credentials reach
django-storages through the settings, as in production. After changing the environment, a test
calls `gcs.configure()` to build the settings again.

The key files' token_uri is a loopback OAuth token endpoint (`gcs.tokens` lists the grants it
answered), so nothing asks Google for an access token.
"""

from __future__ import annotations

import functools
import json
import os
import runpy
import socket
import tempfile
import threading
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

# Tests never look for the Compute Engine metadata server (a non-loopback address), whatever
# credentials a test leaves unset. Read once, when google-auth is first imported.
os.environ.setdefault("NO_GCE_CHECK", "true")

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "reverie-test"
CLIENT_EMAIL = f"reverie@{PROJECT}.iam.gserviceaccount.com"
# What the tests take from a fresh run of config/settings.py.
STORAGE_SETTINGS = ("GS_BUCKET_NAME", "GS_PROJECT_ID", "GS_CREDENTIALS", "GS_IAM_SIGN_BLOB",
                    "GS_SA_EMAIL", "SETTINGS_ERRORS")


@dataclass
class FakeGCS:
    host: str  # what STORAGE_EMULATOR_HOST says: http://127.0.0.1:<port>
    bucket_name: str
    key_file: Path
    tokens: list[dict[str, str]]  # the token grants answered, newest last
    configure: Callable[[], dict[str, Any]]  # environment → settings again
    client: Any = None  # a google.cloud.storage.Client on the emulator
    credentials: Any = field(default=None)  # what the settings loaded from the key file

    def read(self, name: str) -> bytes | None:
        blob = self.client.bucket(self.bucket_name).get_blob(name)
        return None if blob is None else blob.download_as_bytes()

    def names(self) -> list[str]:
        return sorted(blob.name for blob in self.client.list_blobs(self.bucket_name))


@functools.cache
def _private_key_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def service_account_key(token_uri: str) -> dict[str, str]:
    """The JSON of a service-account key file, as the Cloud console hands it out."""
    return {"type": "service_account", "project_id": PROJECT, "private_key_id": "test-key",
            "private_key": _private_key_pem(), "client_email": CLIENT_EMAIL,
            "client_id": "1", "token_uri": token_uri}


def authorized_user_key(token_uri: str) -> dict[str, str]:
    """The JSON of a person's login (`gcloud auth application-default login`): no private key."""
    return {"type": "authorized_user", "client_id": "1.apps.googleusercontent.com",
            "client_secret": "secret", "refresh_token": "refresh", "token_uri": token_uri}


def settings_from_env(**env: str) -> dict[str, Any]:
    """Everything config/settings.py builds from the environment with `env` added."""
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        return runpy.run_path(str(ROOT / "config" / "settings.py"))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def project_storage_options(bucket_name: str, **env: str) -> dict:
    """STORAGES["default"] exactly as config/settings.py builds it for this bucket."""
    env = {"GS_BUCKET_NAME": bucket_name, "GS_PROJECT_ID": PROJECT, **env}
    return settings_from_env(**env)["STORAGES"]["default"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _TokenEndpoint:
    """OAuth 2.0 token endpoint: answers every grant (JWT bearer, refresh token) with a token."""

    def __init__(self) -> None:
        self.grants: list[dict[str, str]] = []
        grants = self.grants

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                grants.append({name: values[0] for name, values in form.items()})
                body = json.dumps({"access_token": f"token-{len(grants)}", "expires_in": 3600,
                                   "token_type": "Bearer"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/token"


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


@functools.cache
def token_endpoint() -> _TokenEndpoint:
    """One per test run, like the emulator: it lives as long as the process."""
    return _TokenEndpoint()


@functools.cache
def key_file() -> Path:
    path = Path(tempfile.mkdtemp(prefix="reverie-gcs-")) / "reverie-sa.json"
    path.write_text(json.dumps(service_account_key(token_endpoint().url)))
    return path


@pytest.fixture
def gcs(gcs_emulator, settings, monkeypatch) -> FakeGCS:
    from google.cloud import storage

    tokens = token_endpoint()
    bucket_name = f"reverie-test-{uuid.uuid4().hex[:10]}"
    for name, value in {"STORAGE_EMULATOR_HOST": gcs_emulator,
                        "GOOGLE_APPLICATION_CREDENTIALS": str(key_file()),
                        "GS_BUCKET_NAME": bucket_name, "GS_PROJECT_ID": PROJECT}.items():
        monkeypatch.setenv(name, value)
    for name in ("GS_CREDENTIALS", "GS_IAM_SIGN_BLOB", "GS_SA_EMAIL"):
        monkeypatch.delenv(name, raising=False)

    def configure() -> dict[str, Any]:
        built = settings_from_env()
        for name in STORAGE_SETTINGS:
            setattr(settings, name, built[name])
        settings.STORAGES = {**settings.STORAGES, "default": built["STORAGES"]["default"]}
        return built

    built = configure()
    tokens.grants.clear()
    client = storage.Client(project=PROJECT, credentials=built["GS_CREDENTIALS"])
    client.create_bucket(bucket_name)
    return FakeGCS(host=gcs_emulator, bucket_name=bucket_name, key_file=key_file(),
                   tokens=tokens.grants, configure=configure, client=client,
                   credentials=built["GS_CREDENTIALS"])
