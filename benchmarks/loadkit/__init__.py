"""The production topology on this machine, for the load benchmarks: a fresh PostgreSQL
database, one Redis db, uvicorn processes and a Celery worker, with DEBUG off. Also the ORM
helpers the benchmarks need (token users, job outcomes) and a sampler of the servers' memory.

Every process runs in its own session, so stopping it reaches its children too; `Stack` is a
context manager that stops them on exit, on an exception, on Ctrl-C and on SIGTERM.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
import redis
from PIL import Image
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import WebSocketException

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.fakes.processes import Process  # noqa: E402

DB_NAME = "reverie_loadbench"
REDIS_DB = 4
PG = ["-h", "127.0.0.1", "-U", "postgres"]
# Unset so that every engine is the offline one and no cloud service is reached.
PROVIDER_VARIABLES = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "GS_BUCKET_NAME", "VERTEX_PROJECT",
                      "MUSIC_BACKEND", "CELERY_BROKER_URL", "EMAIL_URL")


def stack_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """`make stack`'s environment, on this benchmark's own database and Redis db."""
    return {
        "DEBUG": "false", "SECRET_KEY": "loadbench-secret-key-0123456789-abcdefghijklmnopqrstuv",
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0", "JOB_RUNNER": "celery",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1",
        # The load generators stand for a load balancer on this machine.
        "TRUSTED_PROXIES": "127.0.0.1", **extra,
    }


class Stack:
    """Prepares the database and starts the processes; `with Stack(...) as stack:` stops them."""

    def __init__(self, *, ports: list[int], worker: bool = True, keep_logs: str = "",
                 **extra_env: str) -> None:
        self.ports, self.with_worker, self.keep_logs = ports, worker, keep_logs
        for key in PROVIDER_VARIABLES:  # children inherit this process's environment
            os.environ.pop(key, None)
        self._tmp = tempfile.TemporaryDirectory(prefix="reverie-loadbench-")
        self.var_dir = Path(self._tmp.name)
        self.env = stack_env(self.var_dir, **extra_env)
        self.web: dict[int, Process] = {}
        self.worker: Process | None = None

    def __enter__(self) -> Stack:
        # SIGTERM unwinds like Ctrl-C, so the `with` block's exit still stops the processes;
        # SIGINT is set too, as a shell starting us in the background leaves it ignored.
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, _raise_interrupt)
        try:
            self._prepare()
            if self.with_worker:
                self._start_worker()
            for port in self.ports:
                self._start_web(port)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        for process in [*self.web.values(), *([self.worker] if self.worker else [])]:
            try:
                process.stop()
            except (OSError, subprocess.SubprocessError) as exc:
                print(f"could not stop pid {process.process.pid}: {exc}", file=sys.stderr)
        self.web, self.worker = {}, None
        if self.keep_logs:
            Path(self.keep_logs).mkdir(parents=True, exist_ok=True)
            for path in self.var_dir.glob("*.log"):
                shutil.copy(path, Path(self.keep_logs) / path.name)
        self._tmp.cleanup()

    def log(self, name: str) -> Path:
        return self.var_dir / f"{name}.log"

    def manage(self, *args: str) -> None:
        with self.log("setup").open("a") as log:
            subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True,
                           env=self._process_env(), stdout=log, stderr=subprocess.STDOUT)

    def _process_env(self) -> dict[str, str]:
        return {**os.environ, **self.env}

    def _prepare(self) -> None:
        subprocess.run(["dropdb", *PG, "--if-exists", "--force", DB_NAME], check=True)
        subprocess.run(["createdb", *PG, DB_NAME], check=True)
        redis.Redis.from_url(self.env["REDIS_URL"]).flushdb()
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        self.manage("load_initial_data")

    def _start_worker(self) -> None:
        log = self.log("worker")
        self.worker = Process(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel", "INFO",
             "--concurrency", "2", "-n", "loadbench@%h"], self._process_env(), log)
        self.worker.wait_for(lambda: " ready." in log.read_text(), "the Celery worker")

    def _start_web(self, port: int) -> None:
        self.web[port] = Process(
            [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1",
             "--port", str(port), "--lifespan", "off", "--no-access-log"],
            self._process_env(), self.log(f"web-{port}"))
        self.web[port].wait_for(lambda: _answers(port), f"uvicorn on {port}")

    def log_errors(self, top: int = 10) -> list[tuple[str, int]]:
        """The most frequent exception lines in the servers' and the worker's logs."""
        counts: Counter[str] = Counter()
        for path in self.var_dir.glob("*.log"):
            for line in path.read_text(errors="replace").splitlines():
                text = line.strip()
                if _is_exception_line(text):
                    counts[f"{path.stem}: {text[:150]}"] += 1
        return counts.most_common(top)


def _is_exception_line(text: str) -> bool:
    head = text.split(":", 1)[0]
    return (head.endswith(("Error", "Exception", "Timeout")) and " " not in head) or \
        text.startswith(("ERROR", "[ERROR]"))


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/", timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


# The ORM, in this process, on the stack's database ------------------------------------------

def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def job_socket(port: int, key: str, *, open_timeout: float = 30) -> Any:
    """/ws/jobs/ on the server at `port`, as a program opens it: the API token as subprotocol,
    no client pings. Await it, or use it with `async with`."""
    return ws_connect(f"ws://127.0.0.1:{port}/ws/jobs/", subprotocols=["reverie.token", key],
                      open_timeout=open_timeout, ping_interval=None)


async def job_updates(socket: Any) -> AsyncIterator[dict]:
    """The job of each job.update the socket receives, until it closes."""
    try:
        async for message in socket:
            event = json.loads(message)
            if event.get("type") == "job.update":
                yield event["job"]
    except WebSocketException:
        return


def token_users(count: int, prefix: str = "load") -> list[str]:
    """`count` accounts, each with one API token; returns the keys."""
    from django.contrib.auth import get_user_model

    from accounts.services import api_token_create

    user_model = get_user_model()
    users = [user_model(username=f"{prefix}{index}", email=f"{prefix}{index}@example.com")
             for index in range(count)]
    for user in users:
        user.set_unusable_password()  # no password hashing: hundreds of accounts in a second
    user_model.objects.bulk_create(users)
    keys = [api_token_create(user=user, name="load test")[1]
            for user in user_model.objects.filter(username__startswith=prefix).order_by("pk")]
    _close_db()
    return keys


def job_counts(since: Any) -> dict[str, Counter[str]]:
    """{kind: Counter(status)} of every job created since `since`, follow-up work included."""
    from django.apps import apps

    from core.models import Job

    counts: dict[str, Counter[str]] = {}
    for model in apps.get_models():
        if issubclass(model, Job):
            rows = model.objects.filter(created_at__gte=since).values_list("status", flat=True)
            counts[model.kind] = Counter(rows)
    _close_db()
    return counts


def unfinished(counts: dict[str, Counter[str]]) -> int:
    return sum(c["queued"] + c["running"] for c in counts.values())


def _close_db() -> None:
    from django.db import connections

    connections.close_all()


# Memory ---------------------------------------------------------------------------------------

class RssSampler:
    """Peak resident memory of each process group (a server and all its children), sampled
    from /proc every `interval` seconds in a thread; and their CPU time when asked."""

    def __init__(self, groups: dict[str, int], interval: float = 0.5) -> None:
        self.groups, self.interval = groups, interval
        self.peak = dict.fromkeys(groups, 0)
        self.peak_total = 0
        # PostgreSQL connections at once: this database's, and the server's (other databases'
        # count against the same max_connections).
        self.peak_db = self.peak_db_server = 0
        self.max_connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres",
                             autocommit=True) as db:
            self.max_connections = int(db.execute("SHOW max_connections").fetchone()[0])
            while not self._stop.wait(self.interval):
                self._sample(db)

    def _sample(self, db: psycopg.Connection) -> None:
        ours, everyone = db.execute(
            "SELECT count(*) FILTER (WHERE datname = %s), count(*) FROM pg_stat_activity "
            "WHERE backend_type = 'client backend'", [DB_NAME]).fetchone()
        self.peak_db = max(self.peak_db, ours)
        self.peak_db_server = max(self.peak_db_server, everyone)
        by_group = _proc_by_group()
        now = {name: by_group.get(pgid, (0, 0.0))[0] for name, pgid in self.groups.items()}
        for name, value in now.items():
            self.peak[name] = max(self.peak[name], value)
        self.peak_total = max(self.peak_total, sum(now.values()))

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time used so far by each group (children it reaped included)."""
        by_group = _proc_by_group()
        return {name: by_group.get(pgid, (0, 0.0))[1] for name, pgid in self.groups.items()}

    def report(self) -> str:
        parts = [f"{name} {value / 2**20:.0f} MiB" for name, value in self.peak.items()]
        together = self.peak_total / 2**20
        return (f"peak RSS: {', '.join(parts)}; together at once {together:.0f} MiB\n"
                f"peak PostgreSQL connections: {self.peak_db} to {DB_NAME}, "
                f"{self.peak_db_server} on the server (max_connections {self.max_connections})")


def _proc_by_group() -> dict[int, tuple[int, float]]:
    """{process group: (resident bytes, CPU seconds)} from /proc."""
    rss: Counter[int] = Counter()
    cpu: Counter[int] = Counter()
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            rss_pages = int((entry / "statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended meanwhile
        fields = stat.rsplit(")", 1)[1].split()
        pgid = int(fields[2])
        rss[pgid] += rss_pages * os.sysconf("SC_PAGE_SIZE")
        cpu[pgid] += sum(int(value) for value in fields[11:15]) / tick  # utime … cstime
    return {pgid: (rss[pgid], cpu[pgid]) for pgid in rss}


# Inputs ---------------------------------------------------------------------------------------

def pictures(count: int, width: int = 1280, height: int = 960) -> list[bytes]:
    """Photograph-like JPEGs that differ from each other (no caption cache hit between them)."""
    rng = np.random.default_rng(11)
    out = []
    for _ in range(count):
        base = rng.uniform(0, 255, 3)
        gradient = np.linspace(0, 1, width)[None, :, None] * rng.uniform(-120, 120, 3)
        noise = rng.normal(0, 18, (height, width, 3))
        pixels = np.clip(base + gradient + noise, 0, 255).astype(np.uint8)
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, "JPEG", quality=88)
        out.append(buffer.getvalue())
    return out


def load_average() -> str:
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0
