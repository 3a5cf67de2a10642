"""Faults on the real pipeline (upload → caption → track → MP3/OGG), with counts.

    python benchmarks/faults.py [--uploads 12] [--only inprocess-kill,celery-kill,...]

Scenarios:
  inprocess-kill  `make run`'s topology (uvicorn + in-process runner, SQLite): SIGKILL right
                  after the uploads, start again;
  celery-kill     a Celery worker SIGKILLed while it works, started again;
  db-refused      PostgreSQL behind a loopback proxy refusing connections for 10 s while a
                  worker works;
  redis-flush     FLUSHDB of the broker's Redis db with the jobs queued, then a worker starts;
  media-unwritable `make run`'s topology: MEDIA_ROOT replaced by a plain file for 15 s right
                  after the uploads, while the jobs write; uploads meanwhile must be refused.
The Celery ones need PostgreSQL and Redis (DATABASE_URL's server, REDIS_URL; the database
`<name>_faults` is created). Each prints how the jobs of every kind ended; "stuck" means still
queued or running once the wait ran out; then the files under MEDIA_ROOT no row names
(orphans) and the rows whose file is missing.
"""

from __future__ import annotations

import argparse
import io
import os
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import psycopg
import redis
import requests
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")  # the messages' language

from core.errors import STORAGE_UNAVAILABLE
from tests.fakes.processes import (
    MediaSwap,
    TcpProxy,
    free_port,
    media_audit,
    migrate,
    start_server,
    start_worker,
)

TABLES = {"caption": "captioning_captionjob", "track": "music_trackjob",
          "encode": "music_encodejob"}
RECOVERY = {"JOB_HEARTBEAT_SECONDS": "1", "JOB_STALE_AFTER_SECONDS": "5",
            "JOB_CLAIM_RETRY_SECONDS": "2", "DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "config.settings", "OPENAI_API_KEY": "",
            "GS_BUCKET_NAME": "", "VERTEX_PROJECT": ""}


def pictures(count: int) -> list[bytes]:
    rng = np.random.default_rng(7)
    out = []
    for _ in range(count):
        pixels = np.clip(rng.uniform(0, 255, 3) + rng.normal(0, 20, (480, 640, 3)), 0, 255)
        buffer = io.BytesIO()
        Image.fromarray(pixels.astype(np.uint8)).save(buffer, "JPEG", quality=85)
        out.append(buffer.getvalue())
    return out


def upload_all(port: int, count: int) -> None:
    for picture in pictures(count):
        response = requests.post(f"http://127.0.0.1:{port}/api/uploads/", timeout=30,
                                 files={"image": ("p.jpg", picture, "image/jpeg")},
                                 data={"duration": "10"})
        response.raise_for_status()


class Rows:
    """Job statuses straight from the database, whichever it is."""

    def __init__(self, *, sqlite: Path | None = None, postgres: str = "") -> None:
        self.sqlite, self.postgres = sqlite, postgres

    def counts(self) -> dict[str, Counter]:
        query = "SELECT status, count(*) FROM {} GROUP BY status"
        if self.sqlite:
            with sqlite3.connect(f"file:{self.sqlite}?mode=ro", uri=True, timeout=20) as db:
                return {k: Counter(dict(db.execute(query.format(t)))) for k, t in TABLES.items()}
        with psycopg.connect(self.postgres) as db:
            return {k: Counter(dict(db.execute(query.format(t)).fetchall()))
                    for k, t in TABLES.items()}

    def errors(self) -> Counter:
        query = "SELECT error FROM {} WHERE status = 'failed'"
        found: Counter = Counter()
        if self.sqlite:
            with sqlite3.connect(f"file:{self.sqlite}?mode=ro", uri=True, timeout=20) as db:
                for table in TABLES.values():
                    found.update(row[0] or "(no message)" for row in db.execute(
                        query.format(table)))
            return found
        with psycopg.connect(self.postgres) as db:
            for table in TABLES.values():
                found.update(row[0] or "(no message)"
                             for row in db.execute(query.format(table)).fetchall())
        return found

    def recoveries(self) -> tuple[int, int]:
        """(jobs claimed more than once, process deaths the monitor counted)."""
        query = "SELECT coalesce(sum(CASE WHEN attempts > 1 THEN 1 ELSE 0 END), 0), " \
                "coalesce(sum(crashes), 0) FROM {}"
        if self.sqlite:
            with sqlite3.connect(f"file:{self.sqlite}?mode=ro", uri=True, timeout=20) as db:
                rows = [db.execute(query.format(t)).fetchone() for t in TABLES.values()]
        else:
            with psycopg.connect(self.postgres) as db:
                rows = [db.execute(query.format(t)).fetchone() for t in TABLES.values()]
        return sum(r[0] for r in rows), sum(r[1] for r in rows)

    def settle(self, expected_tracks: int, timeout: float) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            counts = self.counts()
            open_ = sum(c["queued"] + c["running"] for c in counts.values())
            if open_ == 0 and sum(counts["track"].values()) >= expected_tracks:
                break
            time.sleep(1)
        return time.monotonic() - started


def report(name: str, rows: Rows, seconds: float, env: dict[str, str]) -> None:
    counts = rows.counts()
    total = Counter()
    for counter in counts.values():
        total.update(counter)
    stuck = total["queued"] + total["running"]
    kinds = "  ".join(f"{kind}: {dict(c)}" for kind, c in counts.items())
    print(f"{name:16} jobs {sum(total.values()):4}  succeeded {total['succeeded']:4}  "
          f"failed {total['failed']:3}  stuck {stuck:3}  settled in {seconds:5.1f} s")
    print(f"{'':16} {kinds}")
    retried, deaths = rows.recoveries()
    print(f"{'':16} claimed more than once: {retried}  process deaths counted: {deaths}")
    for message, count in rows.errors().most_common(3):
        print(f"{'':16} failed ×{count}: {message[:90]}")
    files = media_audit(env)
    print(f"{'':16} orphan files: {len(files['orphans'])}  rows whose file is missing: "
          f"{len(files['missing'])}")
    for kind in ("orphans", "missing"):
        for name in files[kind][:3]:
            print(f"{'':16}   {kind}: {name}")


def inprocess_kill(uploads: int, work: Path) -> None:
    var = work / "inprocess"
    var.mkdir()
    env = {**RECOVERY, "VAR_DIR": str(var), "MEDIA_ROOT": str(var / "media"),
           "JOB_RUNNER": "inprocess", "DATABASE_URL": "", "REDIS_URL": "",
           "CELERY_BROKER_URL": ""}
    migrate(env, work / "inprocess.log")
    port = free_port()
    server = start_server(env, work / "inprocess.log", port)
    upload_all(port, uploads)
    server.kill()
    rows = Rows(sqlite=var / "db.sqlite3")
    before = rows.counts()
    print(f"{'':16} at the kill: " + "  ".join(f"{k}: {dict(c)}" for k, c in before.items()))
    server = start_server(env, work / "inprocess.log", port)
    seconds = rows.settle(uploads, timeout=240)
    server.stop()
    report("inprocess-kill", rows, seconds, env)


def postgres_url(name: str) -> str:
    base = os.getenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/reverie")
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{parts.path.lstrip('/')}_faults_{name}"))


def fresh_database(url: str) -> None:
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{parts.path[1:]}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{parts.path[1:]}"')


def celery_env(name: str, work: Path) -> tuple[dict[str, str], str]:
    url = postgres_url(name)
    fresh_database(url)
    redis_url = os.getenv("REDIS_URL", "redis://127.0.0.1:6379/15")
    redis.Redis.from_url(redis_url).flushdb()
    env = {**RECOVERY, "DATABASE_URL": url, "REDIS_URL": redis_url, "JOB_RUNNER": "celery",
           "MEDIA_ROOT": str(work / name / "media"), "VAR_DIR": str(work / name)}
    (work / name).mkdir()
    migrate(env, work / f"{name}.log")
    return env, url


def celery_kill(uploads: int, work: Path) -> None:
    env, url = celery_env("celery_kill", work)
    port = free_port()
    server = start_server(env, work / "celery_kill.log", port)
    worker = start_worker(env, work / "celery_kill-worker.log")
    upload_all(port, uploads)
    time.sleep(2)
    worker.kill()
    worker = start_worker(env, work / "celery_kill-worker.log")
    rows = Rows(postgres=url)
    seconds = rows.settle(uploads, timeout=240)
    worker.stop()
    server.stop()
    report("celery-kill", rows, seconds, env)


def db_refused(uploads: int, work: Path) -> None:
    env, url = celery_env("db_refused", work)
    port = free_port()
    server = start_server(env, work / "db_refused.log", port)
    parts = urlsplit(url)
    proxy = TcpProxy(parts.port or 5432)
    proxied = urlunsplit(parts._replace(netloc=f"{parts.username}@127.0.0.1:{proxy.port}"))
    worker = start_worker({**env, "DATABASE_URL": proxied}, work / "db_refused-worker.log")
    upload_all(port, uploads)
    time.sleep(1)
    proxy.refuse(10).join()
    rows = Rows(postgres=url)
    seconds = rows.settle(uploads, timeout=240)
    worker.stop()
    server.stop()
    proxy.close()
    report("db-refused", rows, seconds, env)


def redis_flush(uploads: int, work: Path) -> None:
    env, url = celery_env("redis_flush", work)
    port = free_port()
    server = start_server(env, work / "redis_flush.log", port)
    upload_all(port, uploads)  # no worker yet: every message waits in Redis
    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    worker = start_worker(env, work / "redis_flush-worker.log")
    rows = Rows(postgres=url)
    seconds = rows.settle(uploads, timeout=240)
    worker.stop()
    server.stop()
    report("redis-flush", rows, seconds, env)


def media_unwritable(uploads: int, work: Path) -> None:
    var = work / "media_unwritable"
    var.mkdir()
    # Backoff 2, 4, 8, 16 s: a job that met the outage early still has attempts after 15 s.
    env = {**RECOVERY, "VAR_DIR": str(var), "MEDIA_ROOT": str(var / "media"),
           "JOB_RUNNER": "inprocess", "DATABASE_URL": "", "REDIS_URL": "",
           "CELERY_BROKER_URL": "", "JOB_MAX_ATTEMPTS": "5", "JOB_RETRY_BASE_SECONDS": "2"}
    migrate(env, work / "media_unwritable.log")
    port = free_port()
    server = start_server(env, work / "media_unwritable.log", port)
    upload_all(port, uploads)
    swap = MediaSwap(var / "media")
    started = time.monotonic()
    refused = []
    for picture in pictures(3):
        response = requests.post(f"http://127.0.0.1:{port}/api/uploads/", timeout=30,
                                 files={"image": ("p.jpg", picture, "image/jpeg")},
                                 data={"duration": "10"})
        message = response.json().get("error", {}).get("message")
        refused.append(response.status_code == 503 and message == STORAGE_UNAVAILABLE)
    time.sleep(max(0.0, 15 - (time.monotonic() - started)))
    swap.restore()
    rows = Rows(sqlite=var / "db.sqlite3")
    seconds = rows.settle(uploads, timeout=240)
    server.stop()
    report("media-unwritable", rows, seconds, env)
    print(f"{'':16} uploads during the outage refused with the storage message: "
          f"{sum(refused)} of {len(refused)}")


SCENARIOS = {"inprocess-kill": inprocess_kill, "celery-kill": celery_kill,
             "db-refused": db_refused, "redis-flush": redis_flush,
             "media-unwritable": media_unwritable}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=12)
    parser.add_argument("--only", default=",".join(SCENARIOS))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reverie-faults-") as work:
        for name in args.only.split(","):
            SCENARIOS[name](args.uploads, Path(work))


if __name__ == "__main__":
    main()
