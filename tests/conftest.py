from __future__ import annotations

import os
import shutil
import socket

import pytest

from tests.fakes.fixtures import fake_openai, vertex  # noqa: F401  (fixtures for every test)
from tests.fakes.gcs import gcs, gcs_emulator  # noqa: F401

CI = os.getenv("CI", "").lower() in {"1", "true", "yes"}


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _integration_ready() -> str | None:
    """Why the integration tests cannot run here, or None when they can."""
    if not os.getenv("DATABASE_URL", "").startswith("postgres"):
        return "they run on PostgreSQL: `make test` runs them with DATABASE_URL and REDIS_URL set"
    if not (_port_open("127.0.0.1", 5432) and _port_open("127.0.0.1", 6379)):
        return ("PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) is not running; "
                "start them (see .ci/run) or run with CI=true")
    return None


def _browser_ready() -> str | None:
    if not shutil.which("chromium"):
        return "Chromium is not installed: apt-get install -y chromium (CI=true installs it)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # With CI=true nothing is skipped: a missing service fails the run loudly instead.
    if CI:
        return
    reasons = {"integration": _integration_ready(), "e2e": _browser_ready()}
    for item in items:
        for marker, reason in reasons.items():
            if reason and marker in item.keywords:
                item.add_marker(pytest.mark.skip(reason=f"{marker} test skipped: {reason}"))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _fresh_backends():
    from core.backends import backends_reset

    backends_reset()
    yield
    backends_reset()


@pytest.fixture(autouse=True)
def _default_language():
    # A request answered by LocaleMiddleware leaves its language active in this thread; the
    # next test starts from the default again, whatever order the tests run in.
    from django.utils import translation

    yield
    translation.deactivate()

