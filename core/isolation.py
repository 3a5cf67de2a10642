"""Native code on data from outside, in worker processes: a crash there costs one call.

Codecs (libsndfile, libvorbis, LAME, mpg123) are C libraries; a bug in one of them takes the
whole process down, and in a server that is every visitor's page and every job in flight.
`run_isolated(func, *args)` runs `func` in a small pool of worker processes instead. A worker
that dies (a segfault, an abort) or hangs fails only the call it was running, with
`IsolatedCrash`; it is replaced by a fresh one on the next call.

Workers are new Python interpreters (subprocess, exec), never forks of the serving process:
forking a threaded ASGI server can copy a lock another thread holds. Not multiprocessing's
Process either, which refuses to start inside a Celery prefork worker (a daemonic process).
`func` must be a module-level function; it, its arguments and its result travel by pickle
over a socket.

Work nobody waits for (a track's MP3 and OGG once its WAV plays) runs with `background=True`
in a second pool whose processes have a lower CPU priority (nice), so that on a busy machine
the kernel gives the cores to making the next playable track first.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from django.conf import settings

log = logging.getLogger(__name__)

T = TypeVar("T")

# Imported when a worker starts, so its first call does not pay for them.
PRELOAD = ["numpy", "soundfile"]
START_SECONDS = 60
_BOOT = ("import os, sys; os.nice(int(sys.argv[2])); "
         "from multiprocessing.connection import Connection; "
         "conn = Connection(int(sys.argv[1])); sys.path[:] = conn.recv(); "
         "from core.isolation import serve; serve(conn)")


class IsolatedCrash(Exception):
    """The worker process died or stopped answering while running the call."""

    def __init__(self, message: str, *, exitcode: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.exitcode = exitcode


def serve(conn: Connection) -> None:
    """A worker's loop: one call at a time until the pool closes the socket."""
    # A Ctrl-C in the terminal reaches the whole process group; the parent decides for us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in PRELOAD:
        __import__(name)
    conn.send("ready")
    while True:
        try:
            func, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = (True, func(*args))
        except Exception as exc:  # the caller's exception, raised again on its side
            reply = (False, exc)
        try:
            conn.send(reply)
        except OSError:  # the caller is gone (its process stopped, or it gave up waiting)
            return
        except Exception as exc:  # an unpicklable result or exception
            conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))


class _Worker:
    def __init__(self, nice: int = 0) -> None:
        ours, theirs = socket.socketpair()
        with ours, theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _BOOT, str(theirs.fileno()), str(nice)],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
            self.conn = Connection(ours.detach())
        # Calls' timeouts start once the worker has started (imports take seconds on a busy
        # machine).
        try:
            self.conn.send(sys.path)
            if self.conn.poll(START_SECONDS) and self.conn.recv() == "ready":
                return
        except (EOFError, ConnectionError):
            pass
        self.stop()
        raise IsolatedCrash(f"A worker process did not start ({_describe(self._wait())}).")

    def call(self, func: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> Any:
        try:
            self.conn.send((func, args))
            if not self.conn.poll(timeout):
                self.stop()
                raise IsolatedCrash(f"{func.__name__} did not finish within {timeout:g} s.")
            ok, value = self.conn.recv()
        except (EOFError, ConnectionError, BrokenPipeError):
            code = self._wait()
            raise IsolatedCrash(f"{func.__name__} stopped the process running it "
                                f"({_describe(code)}).", exitcode=code) from None
        if not ok:
            raise value
        return value

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        self.conn.close()
        if self.alive():
            self.process.kill()
        self._wait()

    def _wait(self) -> int | None:
        try:
            return self.process.wait(5)
        except subprocess.TimeoutExpired:
            return None


def _describe(exitcode: int | None) -> str:
    if exitcode is None:
        return "it did not exit"
    if exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


class IsolatedPool:
    """Up to `size` worker processes, each running one call at a time; callers beyond that
    wait for a free worker. `nice`: how much lower the workers' CPU priority is."""

    def __init__(self, size: int, *, nice: int = 0) -> None:
        self.size = size
        self.nice = nice
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def run(self, func: Callable[..., T], args: tuple[Any, ...], *, timeout: float) -> T:
        with self._slots:
            worker = self._take()
            try:
                result = worker.call(func, args, timeout)
            except IsolatedCrash as crash:
                log.error("isolated worker %s: %s", worker.process.pid, crash.message)
                worker.stop()
                raise
            except BaseException as exc:
                if not isinstance(exc, Exception):  # interrupted mid-call: state unknown
                    worker.stop()
                    raise
                self._give_back(worker)  # the function raised; the worker is fine
                raise
            self._give_back(worker)
            return result

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    return worker
                worker.stop()
        return _Worker(self.nice)

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            self._idle.append(worker)


_pools: dict[bool, IsolatedPool] = {}
_pool_lock = threading.Lock()


def isolated_pool(*, background: bool = False) -> IsolatedPool:
    """This process's pool (a forked child, e.g. a Celery worker, makes its own)."""
    with _pool_lock:
        pool = _pools.get(background)
        if pool is None or pool._pid != os.getpid():
            if background:
                pool = IsolatedPool(max(1, settings.ISOLATED_BACKGROUND_WORKERS),
                                    nice=settings.ISOLATED_BACKGROUND_NICE)
            else:
                pool = IsolatedPool(max(1, settings.ISOLATED_WORKERS))
            _pools[background] = pool
        return pool


def run_isolated(func: Callable[..., T], /, *args: Any, timeout: float | None = None,
                 background: bool = False) -> T:
    """`func(*args)` in a worker process; its exceptions are raised here as they were.

    `background`: in the low-priority pool, for work nobody is waiting for.
    Raises IsolatedCrash when the worker dies or takes longer than `timeout` seconds
    (default: the ISOLATED_TIMEOUT_SECONDS setting).
    """
    limit = settings.ISOLATED_TIMEOUT_SECONDS if timeout is None else timeout
    return isolated_pool(background=background).run(func, args, timeout=limit)
