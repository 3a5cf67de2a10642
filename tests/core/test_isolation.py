"""core.isolation: native work in worker processes. A crash or a hang there fails that call
with IsolatedCrash; this process, the pool and the other calls carry on."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time

import pytest

from core import isolation
from core.isolation import IsolatedCrash, IsolatedPool, run_isolated
from tests.music import crashers


@pytest.fixture
def pool():
    pool = IsolatedPool(1)
    yield pool
    pool.close()


def test_a_call_runs_in_another_process_and_returns_its_result(pool):
    assert pool.run(crashers.double_slowly, (21, 0), timeout=30) == 42
    worker = pool.run(crashers.pid, (), timeout=30)
    assert worker != os.getpid()
    assert pool.run(crashers.pid, (), timeout=30) == worker  # the worker is kept


def test_the_functions_own_exceptions_come_back_and_the_worker_stays(pool):
    worker = pool.run(crashers.pid, (), timeout=30)
    with pytest.raises(ValueError, match="refused on purpose"):
        pool.run(crashers.refuse, (), timeout=30)
    assert pool.run(crashers.pid, (), timeout=30) == worker


@pytest.mark.parametrize(("crash", "signal_name"), [(crashers.segfault, "SIGSEGV"),
                                                    (crashers.abort, "SIGABRT")])
def test_a_crash_fails_that_call_and_a_fresh_worker_takes_over(pool, crash, signal_name):
    before = pool.run(crashers.pid, (), timeout=30)
    with pytest.raises(IsolatedCrash) as caught:
        pool.run(crash, (), timeout=30)
    assert signal_name in caught.value.message
    assert caught.value.exitcode is not None and caught.value.exitcode < 0
    after = pool.run(crashers.pid, (), timeout=30)
    assert after != before
    assert pool.run(crashers.double_slowly, (4, 0), timeout=30) == 8


def test_a_hung_call_is_stopped_at_its_timeout(pool):
    before = pool.run(crashers.pid, (), timeout=30)
    with pytest.raises(IsolatedCrash, match=r"did not finish within 0\.5 s"):
        pool.run(crashers.hang, (), timeout=0.5)
    with pytest.raises(ProcessLookupError):
        os.kill(before, 0)
    assert pool.run(crashers.double_slowly, (5, 0), timeout=30) == 10


def test_one_crash_does_not_fail_the_calls_running_beside_it():
    pool = IsolatedPool(3)
    results: dict[str, object] = {}

    def call(name: str, func, args) -> None:
        try:
            results[name] = pool.run(func, args, timeout=60)
        except IsolatedCrash as exc:
            results[name] = exc

    threads = [threading.Thread(target=call, args=("a", crashers.double_slowly, (1, 1.5))),
               threading.Thread(target=call, args=("crash", crashers.segfault, ())),
               threading.Thread(target=call, args=("b", crashers.double_slowly, (2, 1.5)))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        pool.close()
    assert results["a"] == 2 and results["b"] == 4
    assert isinstance(results["crash"], IsolatedCrash)


def test_run_isolated_uses_the_shared_pool_and_its_timeout_setting(settings):
    settings.ISOLATED_TIMEOUT_SECONDS = 0.5
    with pytest.raises(IsolatedCrash, match=r"within 0\.5 s"):
        run_isolated(crashers.hang)
    settings.ISOLATED_TIMEOUT_SECONDS = 30
    assert run_isolated(crashers.double_slowly, 3, 0) == 6


def _call_from_here(queue) -> None:
    pool = IsolatedPool(1)
    try:
        queue.put(pool.run(crashers.double_slowly, (7, 0), timeout=60))
    except Exception as exc:
        queue.put(repr(exc))
    finally:
        pool.close()


def test_workers_start_from_a_daemonic_process_like_a_celery_prefork_child():
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_call_from_here, args=(queue,), daemon=True)
    child.start()
    try:
        assert queue.get(timeout=120) == 14
    finally:
        child.join(30)


def _serve_alone(ours, theirs) -> None:
    ours.close()  # the forked copy of the caller's end: only the caller holds it now
    isolation.serve(theirs)


def test_a_worker_whose_caller_went_away_stops_quietly():
    # A server stopping mid-encode: the answer has nowhere to go, and the worker just ends.
    ours, theirs = multiprocessing.get_context("fork").Pipe()
    worker = multiprocessing.get_context("fork").Process(target=_serve_alone,
                                                        args=(ours, theirs))
    worker.start()
    theirs.close()
    assert ours.recv() == "ready"
    ours.send((time.sleep, (0.3,)))
    ours.close()
    worker.join(10)
    assert worker.exitcode == 0
