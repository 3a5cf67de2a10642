"""Real processes for fault tests and benchmarks: a serving process with the in-process runner,
a Celery worker, and a loopback TCP proxy that can refuse connections for a while (a database
going away and coming back). Everything binds 127.0.0.1 on a free port."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Process:
    """A child process in its own session (so SIGKILL reaches its children), logging to a file."""

    def __init__(self, args: list[str], env: dict[str, str], log_path: Path) -> None:
        self.log_path = log_path
        self.env = env
        self._log = log_path.open("a")
        self.process = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **env},
                                        stdout=self._log, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    def wait_for(self, ready: callable, what: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{what} did not start:\n{self.log_path.read_text()[-4000:]}")
            time.sleep(0.2)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self._log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self._log.close()


def migrate(env: dict[str, str], log_path: Path) -> None:
    with log_path.open("a") as log:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT,
                       env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
                       check=True, timeout=300)


def media_audit(env: dict[str, str]) -> dict[str, list[str]]:
    """{"orphans": files under MEDIA_ROOT no row names, "missing": names whose file is gone},
    as seen with `env`'s database and media (tests/fakes/media_audit.py)."""
    done = subprocess.run([sys.executable, "-m", "tests.fakes.media_audit"], cwd=ROOT,
                          env={**os.environ, **env}, capture_output=True, text=True,
                          check=True, timeout=120)
    return json.loads(done.stdout.splitlines()[-1])


class MediaSwap:
    """MEDIA_ROOT made unwritable even for root: the directory is moved aside and a regular file
    takes its path, so every write (and read) under it fails with ENOTDIR until `restore`."""

    def __init__(self, root: Path) -> None:
        self.root, self.aside = root, root.with_name(f"{root.name}.aside")
        root.mkdir(parents=True, exist_ok=True)
        root.rename(self.aside)
        root.write_text("storage is away\n")

    def restore(self) -> None:
        self.root.unlink()
        self.aside.rename(self.root)


def start_server(env: dict[str, str], log_path: Path, port: int) -> Process:
    """uvicorn on config.asgi (jobs in its thread pool unless env says otherwise)."""
    server = Process([sys.executable, "-m", "uvicorn", "config.asgi:application",
                      "--host", "127.0.0.1", "--port", str(port), "--lifespan", "off"],
                     env, log_path)

    def answers() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/", timeout=2):
                return True
        except urllib.error.HTTPError:
            return True  # it answers
        except OSError:
            return False

    server.wait_for(answers, "the server")
    return server


def start_worker(env: dict[str, str], log_path: Path, *, pool: str = "solo") -> Process:
    """A Celery worker; with the solo pool the job runs in the process a SIGKILL kills, with
    prefork in a child its parent replaces."""
    start = log_path.stat().st_size if log_path.exists() else 0
    worker = Process([sys.executable, "-m", "celery", "-A", "config", "worker", f"--pool={pool}",
                      "--concurrency=1",
                      "--loglevel=INFO", "--without-gossip", "--without-mingle",
                      "--without-heartbeat", "-n", f"fault-{free_port()}@%h"], env, log_path)
    worker.wait_for(lambda: " ready." in log_path.read_text()[start:], "the Celery worker")
    return worker


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a target; `refuse(seconds)` drops every connection and
    refuses new ones for that long, as a database restarting does."""

    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._listen()

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed: refusing
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._sockets.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                self._close(sock)

    def _close(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()

    def refuse(self, seconds: float) -> threading.Thread:
        """Start refusing now; returns the thread that opens the port again after `seconds`."""
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            open_sockets = list(self._sockets)
        for sock in open_sockets:
            self._close(sock)

        def reopen() -> None:
            time.sleep(seconds)
            self._listen()

        thread = threading.Thread(target=reopen, daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
        with self._lock:
            open_sockets = list(self._sockets)
        for sock in open_sockets:
            self._close(sock)
