"""Bodies refused early (core.asgi_limits): by Content-Length before a byte is read, chunked
at the limit, stalled after the idle timeout. Against a real uvicorn, over raw sockets."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.asgi_limits import BodyLimitMiddleware

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.getenv("BODY_LIMIT_TEST_PORT", "8201"))
MB = 1024 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}}
    env.update({"DJANGO_SETTINGS_MODULE": "tests.settings", "REQUEST_BODY_IDLE_SECONDS": "1",
                "UPLOAD_MAX_BYTES": str(1 * MB), "REQUEST_MAX_BYTES": str(2 * MB),
                "VAR_DIR": str(tmp_path_factory.mktemp("var")), "PYTHONPATH": str(ROOT)})
    log = tmp_path_factory.mktemp("log") / "uvicorn.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1",
             "--port", str(PORT), "--lifespan", "off", "--no-access-log"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"uvicorn did not start:\n{log.read_text()}")
            time.sleep(0.2)
    yield f"127.0.0.1:{PORT}"
    process.terminate()
    process.wait(10)


def _connect() -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", PORT), timeout=10)
    return sock


def _response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:])
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(lines[0].split()[1]), headers, body


def _head(path: str, extra: str) -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: multipart/form-data; boundary=x\r\n{extra}\r\n").encode()


def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_sent(server):
    sock = _connect()
    # 300 MB announced, not a byte of it sent: the answer comes anyway.
    sock.sendall(_head("/api/uploads/", f"Content-Length: {300 * MB}\r\n"))
    status, headers, body = _response(sock)
    assert status == 413
    error = json.loads(body)["error"]
    assert error["code"] == "too_large"
    assert "pictures may be at most 1.0\xa0MB" in error["message"]
    assert error["fields"]["image"] == [error["message"]]
    assert headers["connection"] == "close"


def test_a_page_gets_the_error_page_for_a_body_too_large(server):
    sock = _connect()
    sock.sendall(_head("/dreams/new/", f"Content-Length: {50 * MB}\r\n"))
    status, headers, body = _response(sock)
    assert status == 413
    assert headers["content-type"].startswith("text/html")
    assert "at most 2.0\xa0MB can be sent at once" in body.decode()


def test_a_chunked_body_stops_being_read_at_the_limit(server):
    sock = _connect()
    sock.sendall(_head("/api/uploads/", "Transfer-Encoding: chunked\r\n"))
    chunk = b"x" * 65536
    sent = 0
    status = None
    # Keep sending until the server answers; it must answer soon after 1 MB + the form room.
    try:
        while sent < 20 * MB:
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass
    status, _, body = _response(sock)
    assert status == 413
    error = json.loads(body)["error"]
    assert error["code"] == "too_large"
    assert "is more than 1.1\xa0MB" in error["message"], error["message"]
    assert "Choose a picture" not in error["message"]


def test_a_body_that_stalls_is_timed_out(server):
    sock = _connect()
    sock.sendall(_head("/api/uploads/", f"Content-Length: {200 * 1024}\r\n") + b"x" * 1000)
    started = time.monotonic()
    status, _, body = _response(sock)
    assert status == 408
    assert json.loads(body)["error"]["code"] == "request_timeout"
    assert time.monotonic() - started < 8  # the idle timeout is 1 s here, not never


def test_a_body_within_the_limit_reaches_django(server):
    sock = _connect()
    body = b"--x--\r\n"
    sock.sendall(_head("/api/uploads/", f"Content-Length: {len(body)}\r\n") + body)
    status, _, answer = _response(sock)
    # Django's own answer: the form has no picture (or the CSRF check of a session-less
    # request), not one of the body limits.
    assert status == 400, answer
    assert json.loads(answer)["error"]["code"] not in {"too_large", "request_timeout"}


async def test_an_oversized_declared_body_is_never_received(settings):
    settings.REQUEST_MAX_BYTES = 100
    received = []

    async def receive():
        received.append(1)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def app(scope, receive, send):  # pragma: no cover - must not be called
        raise AssertionError("the app saw a body over the limit")

    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "path": "/api/dreams/", "headers": [(b"content-length", b"101")]}
    await BodyLimitMiddleware(app)(scope, receive, send)
    assert received == []
    assert sent[0]["status"] == 413


async def _asgi_call(app, method: str, path: str) -> tuple[int, dict[bytes, bytes], bytes]:
    """One request through `app`, its body already there; (status, headers, body)."""
    messages = []

    async def receive():
        return {"type": "http.request", "body": b"--x--\r\n", "more_body": False}

    async def send(message):
        messages.append(message)

    scope = {"type": "http", "method": method, "path": path,
             "headers": [(b"content-length", b"7")]}
    await app(scope, receive, send)
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start["status"], dict(start["headers"]), body


async def test_uploads_beyond_the_gate_wait_unread_and_then_get_a_503(settings):
    settings.UPLOADS_AT_ONCE = 1
    settings.UPLOAD_QUEUE_SECONDS = 0.3
    inside: list[str] = []
    first_inside, finish = asyncio.Event(), asyncio.Event()

    async def django(scope, receive, send):
        inside.append(f"{scope['method']} {scope['path']}")
        if scope["method"] == "POST":
            first_inside.set()
            await finish.wait()
        await receive()
        await send({"type": "http.response.start", "status": 201, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    app = BodyLimitMiddleware(django)
    first = asyncio.create_task(_asgi_call(app, "POST", "/api/uploads/"))
    await first_inside.wait()
    # A poll is not an upload: it goes straight in while the one upload slot is taken.
    assert (await _asgi_call(app, "GET", "/api/jobs/1/"))[0] == 201
    # The upload form's post waits for the slot, and after UPLOAD_QUEUE_SECONDS it is told
    # to come back, on the site's error page; Django never saw it.
    started = time.monotonic()
    status, headers, body = await _asgi_call(app, "POST", "/")
    assert status == 503
    assert time.monotonic() - started >= 0.25  # it waited its turn first
    assert headers[b"retry-after"] == b"5"
    assert headers[b"content-type"].startswith(b"text/html")
    assert "a lot of pictures just now" in body.decode()
    assert inside == ["POST /api/uploads/", "GET /api/jobs/1/"]
    # One waiting when the slot frees up gets it.
    waiting = asyncio.create_task(_asgi_call(app, "POST", "/api/uploads/"))
    await asyncio.sleep(0.05)
    assert len(inside) == 2
    finish.set()
    assert (await first)[0] == 201
    assert (await waiting)[0] == 201
    assert inside[-1] == "POST /api/uploads/"


async def test_the_api_s_busy_answer_is_its_error_shape(settings):
    settings.UPLOADS_AT_ONCE = 1
    settings.UPLOAD_QUEUE_SECONDS = 0.05
    held = asyncio.Event()

    async def django(scope, receive, send):
        held.set()
        await asyncio.Event().wait()  # never answers: the slot stays taken

    app = BodyLimitMiddleware(django)
    blocker = asyncio.create_task(_asgi_call(app, "POST", "/api/uploads/"))
    await held.wait()
    status, headers, body = await _asgi_call(app, "POST", "/api/uploads/")
    blocker.cancel()
    assert status == 503
    assert headers[b"retry-after"] == b"5"
    error = json.loads(body)["error"]
    assert error["code"] == "busy"
    assert "Please send yours again in a few seconds" in error["message"]
