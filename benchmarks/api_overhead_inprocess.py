"""What the API's machinery costs: GET /api/jobs/{id}/ against bare Django views, same process.

Requests go through the project's ASGI application (every middleware, the thread hop of a
sync view) with no network in between, one at a time; the three take turns for --rounds
rounds of --seconds each (a shared machine's noise falls on all three), and the median
round counts:

- api:        GET /api/jobs/{id}/ (DRF: authentication, throttles, the serializer);
- bare query: a plain Django view doing the same lookups (session owner, the job by id)
              and answering the same JSON with JsonResponse;
- bare const: a plain Django view answering a constant JSON body.

It prints requests per second of each and the ratio api / bare. The database is a
throwaway SQLite file unless DATABASE_URL is set.

    python benchmarks/api_overhead_inprocess.py [--rounds 7] [--seconds 1]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="reverie-bench-"))
os.environ.setdefault("API_THROTTLE_ANON", "100000000/hour")
os.environ.setdefault("API_THROTTLE_POLL", "100000000/hour")

import django

django.setup()

from django.http import HttpRequest, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402

from config.urls import urlpatterns as site_patterns  # noqa: E402
from core.ownership import request_owner_or_none  # noqa: E402
from core.selectors import job_get  # noqa: E402


def bare_job(request: HttpRequest, job_id: str) -> JsonResponse:
    job = job_get(owner=request_owner_or_none(request), job_id=job_id)
    if job is None:
        return JsonResponse({"error": "not found"}, status=404)
    return JsonResponse({
        "id": str(job.pk), "kind": job.kind, "status": job.status, "progress": job.progress,
        "error": job.error, "result_url": None, "page_url": None,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None})


def bare_const(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "running", "progress": 42})


urlpatterns = [path("bare/jobs/<uuid:job_id>/", bare_job), path("bare/const/", bare_const),
               *site_patterns]


async def _get(app, path: str, cookie: bytes) -> int:
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000),
             "headers": [(b"host", b"127.0.0.1"), (b"cookie", cookie)]}
    status = 0
    sent = False

    async def receive():
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def _rate(app, path: str, cookie: bytes, seconds: float) -> float:
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        await _get(app, path, cookie)
        count += 1
    return count / (time.perf_counter() - started)


def _setup() -> tuple[str, bytes]:
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from core.ownership import SESSION_OWNER_KEY
    from music.models import TrackJob
    from uploads.models import Upload

    call_command("migrate", verbosity=0)
    session = SessionStore()
    session[SESSION_OWNER_KEY] = "bench-owner"
    session.save()
    upload = Upload.objects.create(image="uploads/x.jpg", content_type="image/jpeg", width=1,
                                   height=1, content_hash="0" * 64, session_key="bench-owner")
    job = TrackJob.objects.create(upload=upload, duration=30, seed=1,
                                  session_key="bench-owner", status="running", progress=42)
    return str(job.pk), f"sessionid={session.session_key}".encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=1)
    args = parser.parse_args()
    from django.conf import settings

    settings.ROOT_URLCONF = __name__
    job_id, cookie = _setup()
    from config.asgi import application

    urls = {"api": f"/api/jobs/{job_id}/", "bare query": f"/bare/jobs/{job_id}/",
            "bare const": "/bare/const/"}
    rounds: dict[str, list[float]] = {name: [] for name in urls}

    async def measure() -> None:
        for url in urls.values():
            assert await _get(application, url, cookie) == 200, url
        for _ in range(args.rounds):
            for name, url in urls.items():
                rounds[name].append(await _rate(application, url, cookie, args.seconds))

    asyncio.run(measure())
    rates = {name: statistics.median(values) for name, values in rounds.items()}
    for name, rate in rates.items():
        print(f"{name:<11} {rate:8.0f} requests/s (median of {args.rounds} rounds)")
    print(f"api / bare query: {rates['api'] / rates['bare query']:.2f}")
    print(f"api / bare const: {rates['api'] / rates['bare const']:.2f}")

if __name__ == "__main__":
    main()
