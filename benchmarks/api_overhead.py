"""What the API costs: GET /api/jobs/{id}/ against plain Django JSON views, in one server.

Starts one uvicorn process of the production topology (benchmarks/loadkit: PostgreSQL
reverie_loadbench, Redis db 4, DEBUG off; no worker, so the job stays queued) with the views of
benchmarks/loadkit/overhead_urls.py mounted, and throttle rates so high that the throttle runs
but never refuses. Then, in alternating rounds of --seconds, --connections keep-alive
connections send one request after another (a small raw HTTP/1.1 client, so the client costs
little CPU) to:

  api    GET /api/jobs/{id}/ with the token (DRF: authentication, throttles, serializer);
  plain  GET /bench/jobs/{id}/, the same token check and selector in a plain Django view;
  bare   GET /bench/bare/, a constant JSON body of the same shape.

Prints requests/s of each and the ratios api/bare (the issue's goal: ≥ 0.5) and api/plain.

    python benchmarks/api_overhead.py [--seconds 10] [--rounds 2] [--connections 8]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import time
from collections import Counter

import httpx
import loadkit
from loadkit import percentile

PORT = 8401
UNLIMITED = "100000000/hour"
LENGTH = re.compile(rb"(?im)^content-length:\s*(\d+)")


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    found = LENGTH.search(head)
    if found:
        await reader.readexactly(int(found.group(1)))
    else:  # chunked
        while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    return status


async def hammer(path: str, headers: dict[str, str], seconds: float,
                 connections: int) -> tuple[int, Counter[int], list[float]]:
    """(responses, count by status, latencies) of `connections` keep-alive loops."""
    lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{PORT}",
             *(f"{name}: {value}" for name, value in headers.items())]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    end = time.monotonic() + seconds

    async def loop() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
        try:
            while time.monotonic() < end:
                started = time.perf_counter()
                writer.write(request)
                statuses[await _read_response(reader)] += 1
                latencies.append(time.perf_counter() - started)
        finally:
            writer.close()

    await asyncio.gather(*(loop() for _ in range(connections)))
    return sum(statuses.values()), statuses, latencies


async def measure(key: str, job_id: str, seconds: float, rounds: int,
                  connections: int) -> None:
    auth = {"Authorization": f"Token {key}"}
    targets = {"api": (f"/api/jobs/{job_id}/", auth), "plain": (f"/bench/jobs/{job_id}/", auth),
               "bare": ("/bench/bare/", {})}
    for path, headers in targets.values():  # warm up: imports, connections, caches
        await hammer(path, headers, 2, connections)
    done: dict[str, int] = Counter()
    statuses: dict[str, Counter[int]] = {name: Counter() for name in targets}
    latencies: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(rounds):
        for name, (path, headers) in targets.items():
            count, by_status, times = await hammer(path, headers, seconds, connections)
            done[name] += count
            statuses[name].update(by_status)
            latencies[name].extend(times)
    measured = seconds * rounds
    rate = {name: done[name] / measured for name in targets}
    print(f"{connections} connections, {rounds} rounds × {seconds:.0f} s per view, "
          f"one uvicorn process")
    for name, (path, _) in targets.items():
        p50, p99 = (percentile(latencies[name], q) * 1000 for q in (.5, .99))
        print(f"  {name:<6} {rate[name]:8.1f} req/s  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  "
              f"statuses {dict(statuses[name])}  {path}")
    print(f"ratio api/bare:  {rate['api'] / rate['bare']:.2f}  (goal ≥ 0.5)")
    print(f"ratio api/plain: {rate['api'] / rate['plain']:.2f}  (the same lookup without DRF)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="an extra setting for the server (e.g. DB_CONN_MAX_AGE=60)")
    args = parser.parse_args()
    extra = dict(item.split("=", 1) for item in args.env)
    with loadkit.Stack(ports=[PORT], worker=False,
                       DJANGO_SETTINGS_MODULE="benchmarks.loadkit.overhead_settings",
                       API_THROTTLE_ANON=UNLIMITED, API_THROTTLE_USER=UNLIMITED,
                       API_THROTTLE_POLL=UNLIMITED, **extra) as stack:
        loadkit.django_setup(stack.env)
        logging.getLogger("httpx").setLevel(logging.WARNING)
        key = loadkit.token_users(1, prefix="overhead")[0]
        upload = httpx.post(f"http://127.0.0.1:{PORT}/api/uploads/", timeout=60,
                            headers={"Authorization": f"Token {key}"},
                            files={"image": ("p.jpg", loadkit.pictures(1)[0], "image/jpeg")})
        upload.raise_for_status()
        job_id = upload.json()["track_job"]["id"]  # the job a polling client asks about
        print(f"api overhead {' '.join(args.env)}; {loadkit.load_average()}")
        asyncio.run(measure(key, job_id, args.seconds, args.rounds, args.connections))
        print(loadkit.load_average())


if __name__ == "__main__":
    main()
