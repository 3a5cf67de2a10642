"""Refuse a request body early: too large before it is read, stalled before it ties us up.

Django's ASGI handler reads a whole body (spooling it to disk) before any view can look at
it, and uvicorn has no timeout for a body that stops arriving. This middleware wraps Django:

- a Content-Length over the limit is answered 413 at once, nothing read;
- a body without one (chunked) is counted as it arrives and answered 413 the moment it
  passes the limit, nothing more read;
- a body whose next part does not come within REQUEST_BODY_IDLE_SECONDS, or that is not all
  there within REQUEST_BODY_TOTAL_SECONDS, is answered 408.

In each case Django is told the client went away (it then stops without answering) and the
error is answered here: the API's error shape under /api/, the site's error page elsewhere.
Picture uploads have the picture limit and its message; every other body REQUEST_MAX_BYTES.

Picture uploads also come in a few at a time: at most UPLOADS_AT_ONCE per process are inside
Django at once (reading the form, decoding, storing), the others wait here, their bodies
unread, for up to UPLOAD_QUEUE_SECONDS and then get a 503 with Retry-After. A burst of uploads
would otherwise put a thread per upload on the interpreter at once, and every other request
of the process (a job poll, a page) would wait its turn among them at each step.
"""

from __future__ import annotations

import asyncio
import json
import time
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# Paths that take a picture upload, and room for the form's other fields around the file.
PICTURE_PATHS = ("/api/uploads/", "/")
FORM_ROOM = 64 * 1024
STALLED = "The request stopped arriving before it was complete. Please try sending it again."
BUSY = ("Reverie is taking in a lot of pictures just now. Please send yours again in a few "
        "seconds.")
BUSY_RETRY_SECONDS = 5


class BodyRefused(Exception):
    def __init__(self, status: int, code: str, message: str, field: str | None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def body_limit(path: str) -> tuple[int, Callable[[int], str], str | None]:
    """(limit in bytes, the message for a body of n bytes over it, the field it is about)."""
    if path in PICTURE_PATHS:
        picture = settings.UPLOAD_MAX_BYTES

        def picture_message(size: int) -> str:
            return (f"The upload is {filesizeformat(size)}; pictures may be at most "
                    f"{filesizeformat(picture)}. Please choose a smaller one.")
        return picture + FORM_ROOM, picture_message, "image"
    limit = settings.REQUEST_MAX_BYTES

    def message(size: int) -> str:
        return (f"The request is {filesizeformat(size)}; at most {filesizeformat(limit)} can "
                "be sent at once. Please send a smaller file.")
    return limit, message, None


def too_large(path: str, size: int, *, at_least: bool = False) -> BodyRefused:
    limit, message, field = body_limit(path)
    text = message(size)
    if at_least:
        text = text.replace(f"is {filesizeformat(size)}", f"is more than {filesizeformat(limit)}")
    return BodyRefused(413, "too_large", text, field)


class BodyLimitMiddleware:
    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        length = _content_length(scope)
        if length is not None and length > body_limit(path)[0]:
            await _refuse(scope, send, too_large(path, length))
            return
        if scope.get("method") == "POST" and path in PICTURE_PATHS:
            gate = _upload_gate()
            try:
                async with asyncio.timeout(settings.UPLOAD_QUEUE_SECONDS):
                    await gate.acquire()
            except TimeoutError:
                await _refuse(scope, send, BodyRefused(503, "busy", BUSY, None))
                return
            try:
                await self._guarded(scope, receive, send, path)
            finally:
                gate.release()
            return
        await self._guarded(scope, receive, send, path)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send, path: str) -> None:
        guarded = _GuardedReceive(receive, path)
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, guarded, tracking_send)
        if guarded.refused is not None and not started:
            await _refuse(scope, send, guarded.refused)


# One gate per event loop (a semaphore belongs to the loop it first waits on) and size.
_gates: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, tuple[int, asyncio.Semaphore]] = (
    weakref.WeakKeyDictionary())


def _upload_gate() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    size = max(1, settings.UPLOADS_AT_ONCE)
    held = _gates.get(loop)
    if held is None or held[0] != size:
        held = _gates[loop] = (size, asyncio.Semaphore(size))
    return held[1]


class _GuardedReceive:
    """`receive` counting the body's bytes and timing its parts until the body is complete."""

    def __init__(self, receive: Receive, path: str) -> None:
        self._receive = receive
        self._path = path
        self._limit = body_limit(path)[0]
        self._received = 0
        self._complete = False
        self._deadline = time.monotonic() + settings.REQUEST_BODY_TOTAL_SECONDS
        self.refused: BodyRefused | None = None

    async def __call__(self) -> Message:
        if self.refused is not None:
            return {"type": "http.disconnect"}
        if self._complete:
            return await self._receive()  # Django listening for a disconnect: no deadline
        wait = min(settings.REQUEST_BODY_IDLE_SECONDS, self._deadline - time.monotonic())
        try:
            message = await asyncio.wait_for(self._receive(), timeout=max(wait, 0.001))
        except TimeoutError:
            self.refused = BodyRefused(408, "request_timeout", STALLED, None)
            return {"type": "http.disconnect"}
        if message["type"] == "http.request":
            self._received += len(message.get("body", b""))
            if self._received > self._limit:
                self.refused = too_large(self._path, self._received, at_least=True)
                return {"type": "http.disconnect"}
            self._complete = not message.get("more_body", False)
        return message


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(scope: Scope, send: Send, refused: BodyRefused) -> None:
    if scope.get("path", "").startswith("/api/"):
        fields = {refused.field: [refused.message]} if refused.field else {}
        body = json.dumps({"error": {"code": refused.code, "message": refused.message,
                                     "fields": fields}}).encode()
        content_type = b"application/json"
    else:
        title = {413: "Too large", 503: "Busy"}.get(refused.status, "That took too long")
        body = render_to_string("error.html", {
            "title": title, "message": refused.message, "status": refused.status,
            "site_name": settings.SITE_NAME}).encode()
        content_type = b"text/html; charset=utf-8"
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()),
               # The rest of the body is never read: the connection cannot carry another one.
               (b"connection", b"close")]
    if refused.status == 503:
        headers.append((b"retry-after", str(BUSY_RETRY_SECONDS).encode()))
    await send({"type": "http.response.start", "status": refused.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
