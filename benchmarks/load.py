"""Concurrent users on the production topology, started on this machine.

Starts a fresh PostgreSQL database (reverie_loadbench), Redis db 4, one Celery worker
(concurrency 2) and two uvicorn processes (ports 8401 and 8402) with DEBUG off, then drives a
mix of users for --seconds, each pinned to one of the two servers:

  pages    anonymous visitors reading /, /dreams/ and /stories/;
  visitor  an anonymous visitor of the upload page: session and CSRF cookie from /, uploads,
           polls its track job, opens the results page; each sends its own X-Forwarded-For,
           as behind the load balancer that the servers trust (TRUSTED_PROXIES=127.0.0.1);
  poller   a program uploading a picture (token), polling its track job, fetching the track;
  socket   the same, following the job on /ws/jobs/ (token subprotocol) instead of polling;
  dreamer  a program writing a dream and polling its job;
  author   a program asking for a 4-page storybook and polling its job.

Prints req/s, p50/p99 per endpoint, errors by status, how the jobs ended once the queue drained
(queued or running then = stuck) and the servers' peak memory.

    python benchmarks/load.py [--users 50] [--seconds 60] [--drain 240]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import subprocess
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from typing import Any

import httpx
import loadkit
from loadkit import percentile
from websockets.exceptions import WebSocketException

PORTS = [8401, 8402]
POLL = "GET /api/jobs/{id}/"
ROLE_CYCLE = ["pages", "visitor", "socket", "pages", "dreamer",
              "pages", "visitor", "socket", "poller", "author"]
PAGES = ["/", "/dreams/", "/stories/"]
FINISHED = {"succeeded", "failed", "cancelled"}
THINK_SECONDS = 2.0  # mean pause between a user's actions (--think)
DREAMS = ["I was flying over a dark sea and my teeth fell out into the water.",
          "A house with endless stairs; my mother called me from a locked room.",
          "I missed the train and the station turned into a forest full of owls."]


class Recorder:
    """Every response: its latency by endpoint, and what went wrong by status."""

    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, Counter[Any]] = defaultdict(Counter)
        self.retry_after = Counter()  # 503/429 responses carrying Retry-After
        self.samples: dict[Any, str] = {}  # one error body per status
        self.waits: dict[str, list[float]] = defaultdict(list)  # job created → finished seen
        self.job_ends: Counter[str] = Counter()  # as the clients saw them
        self.socket_closed = Counter()  # closed by the server, by close code
        self.began = time.perf_counter()
        self.windows: dict[int, list[float]] = defaultdict(list)  # job polls by 10 s window

    async def call(self, client: httpx.AsyncClient, method: str, url: str, endpoint: str,
                   **kwargs: Any) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = await client.request(method, url, **kwargs)
        except httpx.TimeoutException:
            status: Any = "timeout"
            response = None
        except httpx.TransportError as exc:
            status, response = f"connection ({type(exc).__name__})", None
        else:
            status = response.status_code
        self.latency[endpoint].append(time.perf_counter() - started)
        if endpoint == POLL:
            self.windows[int((started - self.began) // 10)].append(time.perf_counter() - started)
        self.statuses[endpoint][status] += 1
        if response is not None and status >= 400:
            if "retry-after" in response.headers:
                self.retry_after[status] += 1
            self.samples.setdefault(status, f"{endpoint}: {response.text[:160]}")
        return response if response is not None and status < 400 else None


class User:
    def __init__(self, index: int, key: str | None, rec: Recorder, deadline: float,
                 think: float, pictures: list[bytes]) -> None:
        self.role = ROLE_CYCLE[index % len(ROLE_CYCLE)]
        self.port = PORTS[index % len(PORTS)]
        self.rng = random.Random(index)
        self.key, self.rec, self.deadline, self.pictures = key, rec, deadline, pictures
        self.think = think
        headers = {"Authorization": f"Token {key}"}
        if self.role in ("pages", "visitor"):
            # Documentation addresses (RFC 5737): a header value only, nothing is sent there.
            headers = {"X-Forwarded-For": f"198.51.{index // 250}.{index % 250 + 1}"}
        self.http = httpx.AsyncClient(base_url=f"http://127.0.0.1:{self.port}", headers=headers,
                                      timeout=30, limits=httpx.Limits(max_connections=4))
        self.events: dict[str, asyncio.Event] = defaultdict(asyncio.Event)
        self.seen: dict[str, dict] = {}
        self.socket_open = False

    async def run(self) -> None:
        async with self.http:
            await asyncio.sleep(self.rng.uniform(0, 2))  # users arrive over two seconds
            if self.role == "socket":
                await self._socket_session()
            else:
                await self._loop()

    async def _loop(self) -> None:
        action = {"pages": self.read_page, "visitor": self.visit, "poller": self.upload,
                  "socket": self.upload,
                  "dreamer": self.write_dream, "author": self.write_story}[self.role]
        while time.monotonic() < self.deadline:
            await action()
            await asyncio.sleep(self.think * self.rng.uniform(0.5, 1.5))

    async def read_page(self) -> None:
        page = self.rng.choice(PAGES)
        await self.rec.call(self.http, "GET", page, f"GET {page}")

    async def visit(self) -> None:
        if "csrftoken" not in self.http.cookies:
            await self.rec.call(self.http, "GET", "/", "GET /")
        response = await self.rec.call(
            self.http, "POST", "/api/uploads/", "POST /api/uploads/ (anonymous)",
            files={"image": ("photo.jpg", self.rng.choice(self.pictures), "image/jpeg")},
            headers={"X-CSRFToken": self.http.cookies.get("csrftoken", "")})
        if response is None:
            return
        job = await self._follow(response.json()["track_job"], "track (anonymous)")
        if job is not None and job["status"] == "succeeded":
            await self.rec.call(self.http, "GET", response.json()["results_url"],
                                "GET /results/{id}/")

    async def upload(self) -> None:
        picture = self.rng.choice(self.pictures)
        response = await self.rec.call(
            self.http, "POST", "/api/uploads/", "POST /api/uploads/",
            files={"image": ("photo.jpg", picture, "image/jpeg")},
            data={"seed": str(self.rng.randrange(2**31))})
        if response is None:
            return
        job = await self._follow(response.json()["track_job"], "track")
        if job is not None and job["status"] == "succeeded":
            track = await self.rec.call(self.http, "GET", job["result_url"],
                                        "GET /api/tracks/{id}/")
            if track is not None:
                await self.rec.call(self.http, "GET", track.json()["audio"]["wav"],
                                    "GET track WAV")

    async def write_dream(self) -> None:
        response = await self.rec.call(
            self.http, "POST", "/api/dreams/", "POST /api/dreams/",
            json={"text": self.rng.choice(DREAMS), "emotions": ["apprehension"]})
        if response is not None:
            await self._fetch_result(await self._follow(response.json()["job"], "dream"),
                                     "GET /api/dreams/{id}/")

    async def write_story(self) -> None:
        response = await self.rec.call(
            self.http, "POST", "/api/stories/", "POST /api/stories/",
            json={"protagonist": "a shy fox", "theme": "finding a friend in the snow",
                  "age_band": "6-8", "pages": 4, "seed": self.rng.randrange(10_000)})
        if response is not None:
            await self._fetch_result(await self._follow(response.json()["job"], "story"),
                                     "GET /api/stories/{id}/")

    async def _fetch_result(self, job: dict | None, endpoint: str) -> None:
        if job is not None and job["status"] == "succeeded":
            await self.rec.call(self.http, "GET", job["result_url"], endpoint)

    async def _follow(self, job: dict, kind: str) -> dict | None:
        """Waits for the job to finish (socket if open, else polling each second); None if
        the run ended first."""
        started = time.perf_counter()
        job_id = job["id"]
        while job["status"] not in FINISHED and time.monotonic() < self.deadline:
            if self.socket_open:
                try:
                    await asyncio.wait_for(self.events[job_id].wait(), timeout=1)
                except TimeoutError:
                    continue
                job = self.seen[job_id]
            else:
                await asyncio.sleep(1)
                polled = await self.rec.call(self.http, "GET", f"/api/jobs/{job_id}/", POLL)
                job = polled.json() if polled is not None else job
        self.rec.job_ends[f"{kind} {job['status'] if job['status'] in FINISHED else 'unfinished'}"
                          ] += 1
        if job["status"] not in FINISHED:
            return None
        self.rec.waits[f"{kind} via {'socket' if self.socket_open else 'polling'}"].append(
            time.perf_counter() - started)
        return job

    async def _socket_session(self) -> None:
        started = time.perf_counter()
        try:
            async with loadkit.job_socket(self.port, self.key) as socket:
                self.rec.latency["WS /ws/jobs/ connect"].append(time.perf_counter() - started)
                self.rec.statuses["WS /ws/jobs/ connect"][101] += 1
                self.socket_open = True
                reader = asyncio.create_task(self._read_socket(socket))
                try:
                    await self._loop()
                finally:
                    reader.cancel()
        except (OSError, TimeoutError, WebSocketException) as exc:
            self.rec.statuses["WS /ws/jobs/ connect"][f"refused ({type(exc).__name__})"] += 1
            self.socket_open = False
            await self._loop()  # as the page does: fall back to polling

    async def _read_socket(self, socket: Any) -> None:
        async for job in loadkit.job_updates(socket):
            self.seen[job["id"]] = job
            if job["status"] in FINISHED:
                self.events[job["id"]].set()
        self.rec.socket_closed[str(socket.close_code)] += 1
        self.socket_open = False  # from now on this user polls


async def drive(users: int, seconds: float, think: float, keys: list[str],
                pictures: list[bytes]) -> Recorder:
    rec = Recorder()
    deadline = time.monotonic() + seconds
    crowd = [User(index, keys[index], rec, deadline, think, pictures) for index in range(users)]
    await asyncio.gather(*(user.run() for user in crowd))
    return rec


def drain(since: datetime, limit: float) -> tuple[dict[str, Counter[str]], float]:
    started = time.monotonic()
    while True:
        counts = loadkit.job_counts(since)
        waited = time.monotonic() - started
        if loadkit.unfinished(counts) == 0 or waited >= limit:
            return counts, waited
        time.sleep(2)


def report(rec: Recorder, seconds: float, counts: dict[str, Counter[str]], drained: float,
           drain_limit: float) -> None:
    total = sum(len(values) for values in rec.latency.values())
    print(f"requests: {total} in {seconds:.0f} s = {total / seconds:.1f} req/s")
    print(f"  {'endpoint':<30} {'count':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}  errors")
    for endpoint in sorted(rec.latency):
        values = rec.latency[endpoint]
        bad = {k: v for k, v in rec.statuses[endpoint].items() if not str(k).startswith(("2", "1"))}
        print(f"  {endpoint:<30} {len(values):>6} {percentile(values, .5) * 1000:>8.0f} "
              f"{percentile(values, .99) * 1000:>8.0f} {max(values) * 1000:>8.0f}  "
              f"{dict(bad) or ''}")
    print("  job polls by when they were sent: " + ", ".join(
        f"{window * 10}–{window * 10 + 10} s p99 {percentile(values, .99) * 1000:.0f} ms"
        for window, values in sorted(rec.windows.items())))
    by_status: Counter[Any] = Counter()
    for counter in rec.statuses.values():
        by_status.update(counter)
    print("errors: " + ", ".join(f"{code}: {by_status.get(code, 0)}"
                                 for code in (500, 502, 503, 504, 429)) +
          f"; 503 with Retry-After: {rec.retry_after[503]} of {by_status.get(503, 0)}"
          f" ({100 * by_status.get(503, 0) / max(total, 1):.2f}% of requests)")
    other = {k: v for k, v in by_status.items()
             if k not in (500, 502, 503, 504, 429) and not str(k).startswith(("1", "2"))}
    if other:
        print(f"  other: {dict(other)}")
    for status, sample in sorted(rec.samples.items(), key=str):
        print(f"  e.g. {status} {sample!r}")
    print("job waits as the clients saw them (created → finished):")
    for name, values in sorted(rec.waits.items()):
        print(f"  {name:<30} {len(values):>5}  p50 {percentile(values, .5):6.2f} s  "
              f"p99 {percentile(values, .99):6.2f} s")
    print(f"  ends seen by clients: {dict(sorted(rec.job_ends.items()))}")
    if rec.socket_closed:
        print(f"  sockets closed by the server before the end: {dict(rec.socket_closed)}")
    stuck = loadkit.unfinished(counts)
    state = "drained" if stuck == 0 else f"NOT drained after {drain_limit:.0f} s"
    print(f"jobs created during the run, {state} ({drained:.0f} s after the load):")
    for kind, counter in sorted(counts.items()):
        if counter:
            print(f"  {kind:<14} " + ", ".join(f"{s} {n}" for s, n in sorted(counter.items())))
    print(f"stuck (queued or running once drained): {stuck}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--drain", type=float, default=240,
                        help="longest wait for the queue to drain after the load")
    parser.add_argument("--think", type=float, default=THINK_SECONDS,
                        help="mean seconds a user pauses between actions (0: back to back)")
    parser.add_argument("--logs", default="", help="copy the servers' logs to this folder")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="an extra setting for the servers and the worker "
                             "(e.g. UPLOADS_AT_ONCE=2)")
    args = parser.parse_args()
    extra = dict(item.split("=", 1) for item in args.env)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=loadkit.ROOT).stdout.strip()
    pictures = loadkit.pictures(12)
    with loadkit.Stack(ports=PORTS, keep_logs=args.logs, **extra) as stack:
        loadkit.django_setup(stack.env)
        logging.getLogger("httpx").setLevel(logging.WARNING)  # Django's config made it INFO
        keys = loadkit.token_users(args.users)
        groups = {f"uvicorn {port}": process.process.pid for port, process in stack.web.items()}
        groups["celery"] = stack.worker.process.pid
        print(f"load: {args.users} users × {args.seconds:.0f} s, think {args.think:g} s, "
              f"commit {commit}, uvicorn on {PORTS}, 1 Celery worker (concurrency 2); "
              f"{' '.join(args.env)}{'; ' if args.env else ''}{loadkit.load_average()}")
        since = datetime.now(UTC)
        with loadkit.RssSampler(groups) as rss:
            cpu, servers_cpu = time.process_time(), rss.cpu_seconds()
            rec = asyncio.run(drive(args.users, args.seconds, args.think, keys, pictures))
            used = {name: value - servers_cpu[name] for name, value in rss.cpu_seconds().items()}
            used["load generator"] = time.process_time() - cpu
            print(f"load over; {loadkit.load_average()}; CPU during the load, in cores: " +
                  ", ".join(f"{name} {value / args.seconds:.2f}" for name, value in used.items()))
            counts, drained = drain(since, args.drain)
        report(rec, args.seconds, counts, drained, args.drain)
        print(rss.report())
        print("most frequent exception lines in the logs:")
        for line, count in stack.log_errors():
            print(f"  {count:>5} × {line}")


if __name__ == "__main__":
    main()
