from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x7!k2p9-q4m8w3z6r1t5y0u-i2o7p4a9s3d8f6g1h5j0k-v8b3n6m1",
    "ALLOWED_HOSTS": "reverie.example",
}


_VAR_DIR = tempfile.mkdtemp(prefix="reverie-settings-var-")
SHOWN = ["DEBUG", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE",
         "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "SECRET_KEY"]


def _settings(**env: str) -> dict:
    code = ("import json; from django.conf import settings; "
            f"print(json.dumps({{n: getattr(settings, n) for n in {SHOWN!r}}}))")
    result = _manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DEBUG", "SECRET_KEY",
                          "ALLOWED_HOSTS", "GS_BUCKET_NAME", "OPENAI_API_KEY", "VERTEX_PROJECT",
                          "MUSIC_BACKEND", "JOB_RUNNER"}}
    # The local secret key is made under VAR_DIR: a throwaway one, not the checkout's var/.
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings", "VAR_DIR": _VAR_DIR, **env})
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=clean,
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_defaults_pass_the_checks_with_nothing_set():
    result = _manage("check")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("env", "variable"), [
    ({"DEBUG": "false", "ALLOWED_HOSTS": "reverie.example"}, "SECRET_KEY"),
    ({**PRODUCTION, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
    ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
    ({"REDIS_URL": "http://127.0.0.1:6379"}, "REDIS_URL"),
    ({"MUSIC_BACKEND": "vertex-lyria"}, "VERTEX_PROJECT"),
    ({"MUSIC_BACKEND": "synth9000"}, "MUSIC_BACKEND"),
    ({"JOB_RUNNER": "celery"}, "CELERY_BROKER_URL"),
    ({"DEBUG": "maybe"}, "DEBUG"),
])
def test_inconsistent_settings_stop_start_up_naming_the_variable(env, variable):
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "core.E001" in result.stderr
    assert variable in result.stderr


def test_nothing_set_serves_plain_http_on_this_machine_with_debug_off(tmp_path):
    first = _settings(VAR_DIR=str(tmp_path))
    assert first["DEBUG"] is False
    assert {"127.0.0.1", "localhost"} <= set(first["ALLOWED_HOSTS"])
    assert first["SECURE_SSL_REDIRECT"] is False
    assert first["SESSION_COOKIE_SECURE"] is False and first["CSRF_COOKIE_SECURE"] is False
    assert first["SECURE_HSTS_SECONDS"] == 0
    # A key of this machine's own, kept under VAR_DIR for the next start, readable by its
    # owner only.
    key_file = tmp_path / "secret_key"
    assert len(first["SECRET_KEY"]) >= 50
    assert key_file.read_text().strip() == first["SECRET_KEY"]
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert _settings(VAR_DIR=str(tmp_path))["SECRET_KEY"] == first["SECRET_KEY"]


def test_a_deployment_gets_the_strict_defaults():
    values = _settings(**PRODUCTION)
    assert values["DEBUG"] is False and values["ALLOWED_HOSTS"] == ["reverie.example"]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECRET_KEY"] == PRODUCTION["SECRET_KEY"]
