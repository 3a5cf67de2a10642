"""Upload → playable WAV, as a visitor's browser lives it, on the offline engines.

Starts the real server (uvicorn, ASGI, in-process job runner) on a fresh SQLite database in a
temporary folder, then 20 times: POST a different picture to /api/uploads/, wait on the
/ws/jobs/ socket for the track job to succeed, and fetch the WAV. Prints p50/p90/max of the
whole round trip and of its parts.

With --concurrency N, N visitors upload at once instead, each its next picture as soon as its
last track plays, --runs uploads in all; it prints tracks a minute counting each track once
its MP3 and OGG exist too, and upload → playable under that load.

    python benchmarks/pipeline.py [--runs 20] [--duration 30] [--pause S] [--port P]
    python benchmarks/pipeline.py --concurrency 16 --runs 48
"""

from __future__ import annotations

import argparse
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import numpy as np
import requests
from PIL import Image
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pictures(count: int) -> list[bytes]:
    """Photograph-sized pictures that differ (so no caption is reused from the cache)."""
    rng = np.random.default_rng(2024)
    out = []
    for _ in range(count):
        base = rng.uniform(0, 255, 3)
        gradient = np.linspace(0, 1, 1600)[None, :, None] * rng.uniform(-120, 120, 3)
        noise = rng.normal(0, 18, (1200, 1600, 3))
        pixels = np.clip(base + gradient + noise, 0, 255).astype(np.uint8)
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, "JPEG", quality=88)
        out.append(buffer.getvalue())
    return out


def start_server(var_dir: str, port: int) -> subprocess.Popen:
    # DEBUG off, as `make run` serves. One session stands for all the visitors (the socket
    # follows its jobs), so its backlog limit is lifted: --concurrency 16 would otherwise be
    # refused as one owner's 16 uploads.
    env = {**os.environ, "VAR_DIR": var_dir, "JOB_RUNNER": "inprocess", "DEBUG": "false",
           "DJANGO_SETTINGS_MODULE": "config.settings", "JOB_MAX_QUEUED_PER_OWNER": "1000"}
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "OPENAI_API_KEY",
                 "GS_BUCKET_NAME", "VERTEX_PROJECT"):
        env.pop(name, None)
    # As `make run` does: the database, and the static files DEBUG off serves from VAR_DIR.
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--lifespan", "off", "--log-level", "warning"],
        cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/", timeout=5)
            return server
        except requests.RequestException:  # not listening yet, or slow on a busy machine
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


class Events:
    """The socket's job updates, read by one thread, waited on by many."""

    def __init__(self, ws) -> None:
        self.ws, self.finished, self.encoded = ws, {}, {}  # track id → its encodes done
        self.changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                job = json.loads(self.ws.recv())["job"]
            except Exception:
                return
            with self.changed:
                if job["status"] in {"succeeded", "failed", "cancelled"}:
                    self.finished[job["id"]] = job
                    if job["kind"] == "encode" and job["status"] == "succeeded":
                        track = urlsplit(job["result_url"]).path.split("/")[2]
                        self.encoded.setdefault(track, set()).add(job["id"])
                self.changed.notify_all()

    def wait_job(self, job_id: str, timeout: float = 300) -> dict:
        with self.changed:
            if not self.changed.wait_for(lambda: job_id in self.finished, timeout):
                raise SystemExit(f"job {job_id} did not finish within {timeout:g} s")
            return self.finished[job_id]

    def wait_encodes(self, tracks: list[str], timeout: float = 600) -> None:
        """Until each track has its MP3 and OGG."""
        def done() -> bool:
            return all(len(self.encoded.get(track, ())) >= 2 for track in tracks)

        with self.changed:
            if not self.changed.wait_for(done, timeout):
                raise SystemExit("some MP3/OGG encodes did not finish")


def post_upload(http: requests.Session, base: str, picture: bytes, duration: int) -> str:
    response = http.post(f"{base}/api/uploads/", files={"image": ("p.jpg", picture, "image/jpeg")},
                         data={"duration": duration},
                         headers={"X-CSRFToken": http.cookies.get("csrftoken", "")})
    response.raise_for_status()
    return response.json()["track_job"]["id"]


def concurrent_runs(http: requests.Session, events: Events, base: str, pictures: list[bytes],
                    duration: int, visitors: int) -> None:
    queue, lock, playable, tracks = list(pictures), threading.Lock(), [], []

    def visitor() -> None:
        while True:
            with lock:
                if not queue:
                    return
                picture = queue.pop()
            started = time.perf_counter()
            job = events.wait_job(post_upload(http, base, picture, duration))
            if job["status"] != "succeeded":
                raise SystemExit(f"a track job failed: {job['error']}")
            playable.append(time.perf_counter() - started)
            tracks.append(urlsplit(job["result_url"]).path.rstrip("/").split("/")[-1])

    started = time.perf_counter()
    threads = [threading.Thread(target=visitor) for _ in range(visitors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    all_playable = time.perf_counter() - started
    if len(tracks) != len(pictures):  # a visitor's error was printed above
        raise SystemExit(f"only {len(tracks)} of {len(pictures)} uploads made a track")
    events.wait_encodes(tracks)
    everything = time.perf_counter() - started
    values = sorted(playable)
    print(f"{len(pictures)} uploads, {visitors} at once, {duration} s tracks, offline engines "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"  tracks a minute with MP3 and OGG: {len(pictures) / everything * 60:6.1f}   "
          f"(all playable after {all_playable:.1f} s, all encoded after {everything:.1f} s)")
    print(f"  upload → playable under load: p50 {statistics.median(values) * 1000:7.1f} ms   "
          f"p90 {values[int(0.9 * (len(values) - 1))] * 1000:7.1f} ms   "
          f"max {values[-1] * 1000:7.1f} ms")
    print("goal: ≥ 120 tracks a minute with MP3 and OGG, 16 at once")


def one_run(http: requests.Session, ws, base: str, picture: bytes, duration: int) -> dict:
    started = time.perf_counter()
    response = http.post(f"{base}/api/uploads/", files={"image": ("p.jpg", picture, "image/jpeg")},
                         data={"duration": duration},
                         headers={"X-CSRFToken": http.cookies.get("csrftoken", "")})
    if response.status_code >= 400:
        print(response.text[:500])
    response.raise_for_status()
    uploaded = time.perf_counter()
    track_job = response.json()["track_job"]["id"]
    while True:
        event = json.loads(ws.recv(timeout=60))
        job = event["job"]
        if job["id"] == track_job and job["status"] in {"succeeded", "failed"}:
            break
    if job["status"] != "succeeded":
        raise SystemExit(f"the track job failed: {job['error']}")
    composed = time.perf_counter()
    track = http.get(urljoin(base, job["result_url"])).json()  # absolute, or a path
    wav = http.get(track["audio"]["wav"])
    wav.raise_for_status()
    assert wav.content[:4] == b"RIFF"
    done = time.perf_counter()
    return {"total": done - started, "upload": uploaded - started,
            "jobs": composed - uploaded, "fetch": done - composed}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--pause", type=float, default=0.0,
                        help="seconds between runs (lets the MP3/OGG encodes of the previous "
                             "track finish, as between two real visitors)")
    parser.add_argument("--concurrency", type=int, default=0,
                        help="visitors uploading at once (0: one after another)")
    parser.add_argument("--port", type=int, default=0, help="the server's port (default: free)")
    args = parser.parse_args()
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="reverie-bench-") as var_dir:
        server = start_server(var_dir, port)
        try:
            http = requests.Session()
            http.get(base + "/")  # CSRF cookie
            warm = pictures(args.runs + 1)
            one_time = http.post(f"{base}/api/uploads/",
                                 files={"image": ("w.jpg", warm[0], "image/jpeg")},
                                 data={"duration": 10},
                                 headers={"X-CSRFToken": http.cookies.get("csrftoken", "")})
            one_time.raise_for_status()  # starts the session the socket listens as
            cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
            with connect(f"ws://127.0.0.1:{port}/ws/jobs/", origin=base,
                         additional_headers={"Cookie": cookie}) as ws:
                time.sleep(3)  # let the warm-up job finish and its events pass
                while True:
                    try:
                        ws.recv(timeout=0.5)
                    except TimeoutError:
                        break
                if args.concurrency:
                    concurrent_runs(http, Events(ws), base, warm[1:], args.duration,
                                    args.concurrency)
                    return
                runs = []
                for picture in warm[1:]:
                    runs.append(one_run(http, ws, base, picture, args.duration))
                    time.sleep(args.pause)
        finally:
            server.terminate()
            server.wait(10)
    print(f"upload → playable WAV, {args.runs} runs, {args.duration} s tracks, offline engines, "
          f"{args.pause} s between runs (load average {os.getloadavg()[0]:.1f})")
    for part in ("total", "upload", "jobs", "fetch"):
        values = sorted(run[part] for run in runs)
        p90 = values[int(0.9 * (len(values) - 1))]
        print(f"  {part:>6}: p50 {statistics.median(values) * 1000:7.1f} ms   "
              f"p90 {p90 * 1000:7.1f} ms   max {values[-1] * 1000:7.1f} ms")
    print("goal: total p50 ≤ 600 ms")


if __name__ == "__main__":
    main()
