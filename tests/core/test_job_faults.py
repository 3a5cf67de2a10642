"""Faults with real processes: a serving process killed with jobs running and queued behind
them, then started again; every job must finish. (The Celery worker's faults, which need
PostgreSQL and Redis, are in test_celery_faults.py; benchmarks/faults.py runs longer ones.)"""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.request
from pathlib import Path

import pytest

from core.job_monitor import CRASHED_MESSAGE
from tests.fakes.processes import Process, free_port, migrate, start_server

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
