"""Native code on data from outside, in worker processes: a crash there costs one call.

Codecs (libsndfile, libvorbis, LAME, mpg123) are C libraries; a bug in one of them takes the
whole process down, and in a server that is every visitor's page and every job in flight.
`run_isolated(func, *args)` runs `func` in a small pool of worker processes instead. A worker
that dies (a segfault, an abort) or hangs fails only the call it was running, with
`IsolatedCrash`; it is replaced by a fresh one on the next call.

Workers come from the "forkserver" context: they are forked from a clean single-threaded
server process, never from the serving process itself (forking a threaded ASGI server can
copy a lock held by another thread). `func` must be a module-level function; it, its
arguments and its result travel by pickle.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from django.conf import settings

log = logging.getLogger(__name__)

T = TypeVar("T")

# Imported once by the fork server, so each new worker starts with them loaded.
PRELOAD = ["numpy", "soundfile", "scipy.signal"]


class IsolatedCrash(Exception):
    """The worker process died or stopped answering while running the call."""

    def __init__(self, message: str, *, exitcode: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.exitcode = exitcode


def _serve(conn: Connection) -> None:
    """A worker's loop: one call at a time until the pool closes the pipe."""
    # A Ctrl-C in the terminal reaches the whole process group; the parent decides for us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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
        except Exception as exc:  # an unpicklable result or exception
            conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))


class _Worker:
    def __init__(self, context: multiprocessing.context.BaseContext) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True,
                                       name="reverie-isolated")
        self.process.start()
        child.close()

    def call(self, func: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> Any:
        try:
            self.conn.send((func, args))
            if not self.conn.poll(timeout):
                self.stop()
                raise IsolatedCrash(f"{func.__name__} did not finish within {timeout:g} s.")
            ok, value = self.conn.recv()
        except (EOFError, ConnectionError, BrokenPipeError):
            self.process.join(5)
            code = self.process.exitcode
            raise IsolatedCrash(f"{func.__name__} stopped the process running it "
                                f"({_describe(code)}).", exitcode=code) from None
        if not ok:
            raise value
        return value

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


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
    wait for a free worker."""

    def __init__(self, size: int) -> None:
        self.size = size
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
                if worker.process.is_alive():
                    return worker
                worker.stop()
        return _Worker(_context())

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            self._idle.append(worker)


def _context() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


_pool: IsolatedPool | None = None
_pool_lock = threading.Lock()


def isolated_pool() -> IsolatedPool:
    """This process's pool (a forked child, e.g. a Celery worker, makes its own)."""
    global _pool
    with _pool_lock:
        if _pool is None or _pool._pid != os.getpid():
            _pool = IsolatedPool(max(1, settings.ISOLATED_WORKERS))
        return _pool


def run_isolated(func: Callable[..., T], /, *args: Any, timeout: float | None = None) -> T:
    """`func(*args)` in a worker process; its exceptions are raised here as they were.

    Raises IsolatedCrash when the worker dies or takes longer than `timeout` seconds
    (default: the ISOLATED_TIMEOUT_SECONDS setting).
    """
    limit = settings.ISOLATED_TIMEOUT_SECONDS if timeout is None else timeout
    return isolated_pool().run(func, args, timeout=limit)
