"""Settings for the test suite: the project's own, plus a demo app with a trivial job."""

from __future__ import annotations

import os
import tempfile

# A fixed key, so that importing the settings does not make one under var/.
os.environ.setdefault("SECRET_KEY", "reverie-tests-only-" + "k" * 40)

from config.settings import *  # noqa: F403
from config.settings import DATABASES, INSTALLED_APPS, STORAGES

INSTALLED_APPS = [*INSTALLED_APPS, "tests.demo"]

# Unit tests run jobs right where they are enqueued; tests of the runners choose their own.
JOB_RUNNER = os.getenv("JOB_RUNNER", "inline")
JOB_RETRY_BASE_SECONDS = 0.01
MEDIA_ROOT = tempfile.mkdtemp(prefix="reverie-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="reverie-test-static-")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {  # noqa: F405
    "anon": "10000/hour", "user": "10000/hour", "poll": "10000/hour"}}
ROOT_URLCONF = "tests.urls"

# A file database (not SQLite's shared in-memory one), so the browser tests' server thread and
# the job threads can write while the test reads.
_TEST_DB_DIR = tempfile.mkdtemp(prefix="reverie-test-db-")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(_TEST_DB_DIR, "test.sqlite3")}
# Static files straight from the source folders (no collectstatic before tests).
WHITENOISE_USE_FINDERS = True
STORAGES = {**STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_AUTOREFRESH = True
