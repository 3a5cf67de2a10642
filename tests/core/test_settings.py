from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x7!k2p9-q4m8w3z6r1t5y0u-i2o7p4a9s3d8f6g1h5j0k-v8b3n6m1",
    "ALLOWED_HOSTS": "reverie.example",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DEBUG", "SECRET_KEY",
                          "ALLOWED_HOSTS", "GS_BUCKET_NAME", "OPENAI_API_KEY", "VERTEX_PROJECT",
                          "MUSIC_BACKEND", "JOB_RUNNER"}}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
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
