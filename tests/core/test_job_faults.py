"""Faults with real processes: a serving process killed with jobs running and queued behind
them, then started again; MEDIA_ROOT unwritable for 15 s under the real pipeline's jobs; every
job must finish, and no file may be left that no row names. (The Celery worker's faults, which need
PostgreSQL and Redis, are in test_celery_faults.py; benchmarks/faults.py runs longer ones.)"""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from core.errors import STORAGE_UNAVAILABLE
from core.job_monitor import CRASHED_MESSAGE
from tests.fakes.processes import MediaSwap, Process, free_port, media_audit, migrate, start_server
from tests.uploads.factories import picture

FAST_RECOVERY = {"JOB_HEARTBEAT_SECONDS": "0.3", "JOB_STALE_AFTER_SECONDS": "2"}


def statuses(db: Path) -> dict[str, tuple[str, int, int, str]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=20) as conn:
        rows = conn.execute("SELECT id, status, attempts, crashes, error FROM demo_demojob")
        return {row[0]: row[1:] for row in rows}


def wait_until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


@pytest.fixture
def serving(tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    env = {"DJANGO_SETTINGS_MODULE": "tests.settings", "VAR_DIR": str(var_dir),
           "MEDIA_ROOT": str(var_dir / "media"), "JOB_RUNNER": "inprocess", "JOB_THREADS": "2",
           "DATABASE_URL": "", "REDIS_URL": "", "CELERY_BROKER_URL": "", **FAST_RECOVERY}
    migrate(env, tmp_path / "migrate.log")
    servers = []

    def start():
        servers.append(start_server(env, tmp_path / "server.log", free_port()))
        return servers[-1]

    yield start, var_dir / "db.sqlite3"
    for server in servers:
        if server.process.poll() is None:
            server.stop()


def test_a_killed_server_finishes_its_running_and_queued_jobs_once_started_again(serving):
    start, db = serving
    server = start()
    port = server.process.args[server.process.args.index("--port") + 1]
    for _ in range(6):  # two run at once, four wait behind them in the server's memory
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/demo/jobs/", method="POST",
            data=json.dumps({"steps": 8, "step_seconds": 0.5}).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 201
    assert wait_until(lambda: sum(1 for s in statuses(db).values() if s[0] == "running") == 2,
                      timeout=20)
    server.kill()  # SIGKILL: no clean-up of any kind
    before = statuses(db)
    assert sorted(s[0] for s in before.values()) == ["queued"] * 4 + ["running"] * 2

    start()
    assert wait_until(lambda: all(s[0] == "succeeded" for s in statuses(db).values()),
                      timeout=90), statuses(db)
    after = statuses(db)
    killed = [job_id for job_id, s in before.items() if s[0] == "running"]
    assert all(after[job_id][1:3] == (2, 1) for job_id in killed)  # a second attempt, 1 death
    assert all(after[job_id][1:3] == (1, 0) for job_id in before if job_id not in killed)
    assert media_audit(server.env) == {"orphans": [], "missing": []}


def test_work_that_kills_its_server_is_failed_after_two_deaths_not_retried_for_ever(serving,
                                                                                   tmp_path):
    start, db = serving
    server = start()
    port = server.process.args[server.process.args.index("--port") + 1]
    env = {**dict(server.env)}
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/demo/jobs/", method="POST",
        data=json.dumps({"steps": 1, "kill_process": True}).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 201
    deaths = 0
    for _ in range(4):  # a supervisor starting the server again each time it dies
        assert wait_until(lambda proc=server.process: proc.poll() is not None
                          or all(s[0] == "failed" for s in statuses(db).values()), timeout=60)
        if server.process.poll() is None:
            break
        deaths += 1
        server = Process(server.process.args, env, tmp_path / "server.log")
    [(status, attempts, crashes, error)] = statuses(db).values()
    assert deaths == 2
    assert (status, attempts, crashes) == ("failed", 2, 2)
    assert error == CRASHED_MESSAGE
    time.sleep(1)
    assert server.process.poll() is None  # the last start stays up
    server.stop()


PIPELINE_TABLES = ("captioning_captionjob", "music_trackjob", "music_encodejob")


def pipeline_jobs(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=20) as conn:
        return [row for table in PIPELINE_TABLES
                for row in conn.execute(f"SELECT status, error FROM {table}")]


def post_upload(port: str, colour: tuple[int, int, int]) -> tuple[int, dict]:
    boundary = "reverie-fault-boundary"
    body = b"".join([
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"duration\"\r\n\r\n10\r\n"
        .encode(),
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"p.jpg\""
        "\r\nContent-Type: image/jpeg\r\n\r\n".encode(),
        picture(colour=colour), f"\r\n--{boundary}--\r\n".encode()])
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/uploads/", method="POST", data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_media_unwritable_for_15_s_refuses_uploads_and_the_jobs_finish_after(tmp_path):
    # The real pipeline (caption → track → MP3/OGG) under `make run`'s settings, offline.
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    media = var_dir / "media"
    env = {"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true", "VAR_DIR": str(var_dir),
           "MEDIA_ROOT": str(media), "JOB_RUNNER": "inprocess", "DATABASE_URL": "",
           "REDIS_URL": "", "CELERY_BROKER_URL": "", "OPENAI_API_KEY": "", "GS_BUCKET_NAME": "",
           "VERTEX_PROJECT": "", "JOB_MAX_ATTEMPTS": "5", "JOB_RETRY_BASE_SECONDS": "2",
           **FAST_RECOVERY}
    migrate(env, tmp_path / "migrate.log")
    port = str(free_port())
    server = start_server(env, tmp_path / "server.log", int(port))
    try:
        for colour in ((200, 90, 40), (40, 160, 90), (60, 80, 210)):
            assert post_upload(port, colour)[0] == 201
        swap = MediaSwap(media)  # the jobs just queued now meet the outage
        status, body = post_upload(port, (120, 120, 120))
        assert status == 503
        assert body["error"]["code"] == "storage_unavailable"
        assert body["error"]["message"] == STORAGE_UNAVAILABLE
        assert wait_until(lambda: any(s == "queued" for s, _ in pipeline_jobs(var_dir
                                                                             / "db.sqlite3")),
                          timeout=10)
        time.sleep(15)
        swap.restore()
        db = var_dir / "db.sqlite3"
        assert wait_until(lambda: len(pipeline_jobs(db)) == 3 * 4 and all(
            s in {"succeeded", "failed"} for s, _ in pipeline_jobs(db)), timeout=120), \
            pipeline_jobs(db)
    finally:
        server.stop()
    jobs = pipeline_jobs(db)
    assert all(error for status, error in jobs if status == "failed")
    assert [s for s, _ in jobs].count("succeeded") >= len(jobs) - 1, jobs
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM uploads_upload").fetchone() == (3,)
        retried = sum(conn.execute(f"SELECT count(*) FROM {t} WHERE attempts > 1").fetchone()[0]
                      for t in PIPELINE_TABLES)
    assert retried >= 1  # some job really met the outage and was tried again
    assert media_audit(env) == {"orphans": [], "missing": []}
