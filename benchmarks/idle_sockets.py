"""Idle /ws/jobs/ sockets on channels-redis: do they live, and do they still get job updates?

Starts the production topology (benchmarks/loadkit: PostgreSQL reverie_loadbench, Redis
db 4, one Celery worker, uvicorn on 8401 and 8402), opens --sockets WebSockets authenticated by
token (each its own account, alternating between the two servers) that send nothing at all,
holds them --seconds, then writes one dream per account through the API and waits for that
job's update on the account's socket. Prints how many sockets are still open and how many got
their update.

    python benchmarks/idle_sockets.py [--sockets 20] [--seconds 300]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import time
from typing import Any

import httpx
import loadkit
from loadkit import percentile

PORTS = [8401, 8402]
UPDATE_WAIT_SECONDS = 60


class IdleSocket:
    def __init__(self, index: int, key: str) -> None:
        self.port = PORTS[index % len(PORTS)]
        self.key = key
        self.updates: dict[str, float] = {}  # job id → when its first update arrived
        self.closed_after: float | None = None
        self.close_code: int | None = None
        self.close_reason = ""
        self.opened = 0.0
        self.reader: asyncio.Task | None = None

    async def open(self) -> None:
        # No client pings: the server's own keep-alive pings (answered by the protocol) are
        # the only traffic, as with a browser tab left open.
        self.socket = await loadkit.job_socket(self.port, self.key)
        self.opened = time.monotonic()
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for job in loadkit.job_updates(self.socket):
            self.updates.setdefault(job["id"], time.monotonic())
        self.closed_after = time.monotonic() - self.opened
        self.close_code, self.close_reason = self.socket.close_code, self.socket.close_reason

    @property
    def is_open(self) -> bool:
        return self.closed_after is None

    async def dream_update(self) -> float | None:
        """Seconds from writing a dream to its job's first update on this socket, or None."""
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{self.port}", timeout=30,
                                     headers={"Authorization": f"Token {self.key}"}) as http:
            started = time.monotonic()
            response = await http.post("/api/dreams/", json={"text": "A lighthouse blinked "
                                                                     "at me in the fog."})
            if response.status_code != 201:
                print(f"  dream refused: {response.status_code} {response.text[:120]}")
                return None
            job_id = response.json()["job"]["id"]
        while time.monotonic() - started < UPDATE_WAIT_SECONDS:
            if job_id in self.updates:
                return self.updates[job_id] - started
            await asyncio.sleep(0.05)
        return None


async def hold(keys: list[str], seconds: float) -> list[IdleSocket]:
    sockets = [IdleSocket(index, key) for index, key in enumerate(keys)]
    await asyncio.gather(*(sock.open() for sock in sockets))
    print(f"{len(sockets)} sockets open; holding them idle for {seconds:.0f} s")
    started = time.monotonic()
    while (left := seconds - (time.monotonic() - started)) > 0:
        await asyncio.sleep(min(30, left))
        alive = sum(sock.is_open for sock in sockets)
        print(f"  after {time.monotonic() - started:5.0f} s: {alive} open")
    return sockets


async def measure(keys: list[str], seconds: float) -> None:
    sockets = await hold(keys, seconds)
    open_at_end = [sock for sock in sockets if sock.is_open]
    delays = await asyncio.gather(*(sock.dream_update() for sock in open_at_end))
    received = [delay for delay in delays if delay is not None]
    print(f"still open after {seconds:.0f} s: {len(open_at_end)} of {len(sockets)}")
    for sock in sockets:
        if not sock.is_open:
            print(f"  closed after {sock.closed_after:.1f} s (port {sock.port}): code "
                  f"{sock.close_code} {sock.close_reason!r}")
    print(f"received their job's update within {UPDATE_WAIT_SECONDS} s: {len(received)} of "
          f"{len(sockets)}" + (f" (p50 {percentile(received, .5):.2f} s, max "
                               f"{max(received):.2f} s)" if received else ""))
    for sock in sockets:
        await sock.socket.close()
        if sock.reader is not None:
            await asyncio.wait([sock.reader], timeout=5)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sockets", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--logs", default="", help="copy the servers' logs to this folder")
    args = parser.parse_args()
    with loadkit.Stack(ports=PORTS, keep_logs=args.logs) as stack:
        loadkit.django_setup(stack.env)
        logging.getLogger("httpx").setLevel(logging.WARNING)
        keys = loadkit.token_users(args.sockets, prefix="idle")
        print(f"idle sockets on channels-redis (Redis db {loadkit.REDIS_DB}), uvicorn on "
              f"{PORTS}; {loadkit.load_average()}")
        asyncio.run(measure(keys, args.seconds))
        print(loadkit.load_average())
        errors: list[Any] = stack.log_errors()
        if errors:
            print("most frequent exception lines in the logs:")
            for line, count in errors:
                print(f"  {count:>5} × {line}")


if __name__ == "__main__":
    main()
