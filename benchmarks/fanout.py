"""One owner watching one job from many sockets: how long until every socket has the result?

Starts the production topology (benchmarks/loadkit: PostgreSQL reverie_loadbench, Redis
db 4, one Celery worker, uvicorn on 8401 and 8402), opens --sockets WebSockets with one
account's token (alternating between the two servers), writes one dream through the API and
records when each socket sees the job's every update and its end. Prints how many updates a
socket got and, from the first socket seeing the end to each other one, p50 and max.

    python benchmarks/fanout.py [--sockets 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import time

import httpx
import loadkit
from loadkit import percentile

PORTS = [8401, 8402]
WAIT_SECONDS = 120
ENDS = {"succeeded", "failed", "cancelled"}


class Watcher:
    def __init__(self, index: int, key: str) -> None:
        self.port = PORTS[index % len(PORTS)]
        self.key = key
        self.updates = 0
        self.ended: float | None = None

    async def open(self) -> None:
        self.socket = await loadkit.job_socket(self.port, self.key, open_timeout=60)
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for job in loadkit.job_updates(self.socket):
            self.updates += 1
            if job["status"] in ENDS and self.ended is None:
                self.ended = time.monotonic()


async def measure(key: str, count: int) -> None:
    watchers = [Watcher(index, key) for index in range(count)]
    started = time.monotonic()
    for batch in range(0, count, 100):  # a browser-like ramp, not one burst of handshakes
        await asyncio.gather(*(watcher.open() for watcher in watchers[batch:batch + 100]))
    print(f"{count} sockets open in {time.monotonic() - started:.1f} s; "
          f"{loadkit.load_average()}")
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{PORTS[0]}", timeout=60,
                                 headers={"Authorization": f"Token {key}"}) as http:
        written = time.monotonic()
        response = await http.post("/api/dreams/", json={"text": "A lighthouse blinked at me "
                                                                 "in the fog."})
        response.raise_for_status()
    while time.monotonic() - written < WAIT_SECONDS:
        if all(watcher.ended is not None for watcher in watchers):
            break
        await asyncio.sleep(0.05)
    ended = [watcher.ended for watcher in watchers if watcher.ended is not None]
    updates = [watcher.updates for watcher in watchers]
    print(f"updates a socket got: min {min(updates)}, max {max(updates)}")
    print(f"sockets that saw the end within {WAIT_SECONDS} s: {len(ended)} of {count}")
    if ended:
        spread = [moment - min(ended) for moment in ended]
        print(f"after the first socket saw the end, the others: p50 "
              f"{percentile(spread, .5):.2f} s, max {max(spread):.2f} s "
              f"(dream written → last end {max(ended) - written:.2f} s)")
    for watcher in watchers:
        await watcher.socket.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--logs", default="", help="copy the servers' logs to this folder")
    args = parser.parse_args()
    with loadkit.Stack(ports=PORTS, keep_logs=args.logs) as stack:
        loadkit.django_setup(stack.env)
        logging.getLogger("httpx").setLevel(logging.WARNING)
        [key] = loadkit.token_users(1, prefix="fanout")
        asyncio.run(measure(key, args.sockets))
        for line, count in stack.log_errors():
            print(f"  log: {count:>5} × {line}")


if __name__ == "__main__":
    main()
