"""A loopback fake of the OpenAI HTTP API, so the real `openai` SDK runs in tests.

Use the `fake_openai` fixture (tests/fakes/fixtures.py, available in every test): it starts a
server on 127.0.0.1:<free port> and points settings.OPENAI_API_KEY / OPENAI_BASE_URL at it, so
`core.openai_client.openai_client()` talks to it. Endpoints (the real paths and body shapes):

    POST /v1/chat/completions        "chat"            (text and image content parts,
                                                        response_format json_schema/json_object)
    POST /v1/audio/transcriptions    "transcriptions"  (multipart: file, model, response_format)
    POST /v1/images/generations      "images"          (b64_json of a real small PNG)
    POST /v1/moderations             "moderations"
    GET  /v1/models/{model}          "models"          (the models the pinned SDK names;
                                                        any other is a 404 model_not_found)

With nothing queued every endpoint gives a valid default answer; a chat request with a
json_schema response_format gets an object satisfying the schema. Script a test by queueing
answers per endpoint; they are used first in, first out, then the default resumes:

    def test_something(fake_openai):
        fake_openai.chat({"caption": "A lake", ...})           # content sent as JSON text
        fake_openai.chat("{not json")                          # malformed model output
        fake_openai.chat(refusal="I can't help with that.")    # message.refusal
        fake_openai.error("chat", 429, headers={"Retry-After": "0.2"})
        fake_openai.error("chat", 500, times=3)
        fake_openai.error("chat", 401, "Incorrect API key provided.")
        fake_openai.queue("images", Reply(body=image_generation(), delay=2.0))  # slow answer
        fake_openai.queue("moderations", moderation(flagged=["violence"]))     # any JSON body
        fake_openai.queue("chat", lambda request: chat_completion(request.json["model"]))
        fake_openai.queue("chat", Reply(body=b"<html>oops", status=502))      # raw bytes

        ... run the code under test ...

        request = fake_openai.last("chat")           # also: .calls("chat"), .requests (all)
        request.json["messages"], request.headers["authorization"]
        fake_openai.last("transcriptions").files["file"]   # (filename, bytes, content type)

Before any scripted answer, the fake refuses what the real API refuses (a shut-down model,
parameters a model does not take, a schema strict mode does not support, an audio file it
cannot read: tests/fakes/openai_rules.py), so a request our code should never send fails the
way it would in production.

A callable answer receives the Recorded request and returns a Reply, a JSON body or bytes.
`delay` holds the answer back (for client timeouts); it ends early when the server stops.
"""

from __future__ import annotations

import email.parser
import email.policy
import functools
import json
import threading
import time
import typing
import urllib.parse
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes.openai_answers import chat_completion, default_answer, error_body
from tests.fakes.openai_rules import rejection

ENDPOINTS = {
    "/v1/chat/completions": "chat",
    "/v1/audio/transcriptions": "transcriptions",
    "/v1/images/generations": "images",
    "/v1/moderations": "moderations",
}


@dataclass
class Reply:
    """One scripted answer. `body`: a JSON-able value, or str/bytes sent as they are."""

    body: Any = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Recorded:
    method: str
    path: str
    endpoint: str  # "chat", "transcriptions", "images", "moderations" or "" (unknown path)
    headers: dict[str, str]  # names lower-cased
    raw: bytes
    query: str = ""
    json: Any = None
    form: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)
    received_at: float = field(default_factory=time.monotonic)  # for measuring retry waits


Answer = Reply | Callable[[Recorded], Any] | dict | list | str | bytes


class FakeOpenAI:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._queues: dict[str, deque[Answer]] = {
            name: deque() for name in [*ENDPOINTS.values(), "models"]}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._server.block_on_close = False
        # A short poll interval: stop() waits for the serving loop to notice.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,),
                                        name="fake-openai", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    # Scripting ----------------------------------------------------------------------------

    def queue(self, endpoint: str, *answers: Answer) -> None:
        if endpoint not in self._queues:
            raise ValueError(f"unknown endpoint {endpoint!r}; use one of {list(self._queues)}")
        with self._lock:
            self._queues[endpoint].extend(answers)

    def chat(self, content: str | dict | list | None = None, *, refusal: str | None = None,
             finish_reason: str = "stop", delay: float = 0.0, times: int = 1) -> None:
        """Queue chat completions saying `content` (or refusing); the model name is echoed."""
        def answer(request: Recorded) -> Reply:
            model = (request.json or {}).get("model", "gpt-fake")
            body = chat_completion(content, model=model, refusal=refusal,
                                   finish_reason=finish_reason)
            return Reply(body=body, delay=delay)

        self.queue("chat", *[answer] * times)

    def error(self, endpoint: str, status: int, message: str | None = None, *,
              headers: dict[str, str] | None = None, code: str | None = None, times: int = 1,
              delay: float = 0.0) -> None:
        reply = Reply(body=error_body(status, message, code), status=status,
                      headers=dict(headers or {}), delay=delay)
        self.queue(endpoint, *[reply] * times)

    # Assertions ---------------------------------------------------------------------------

    def calls(self, endpoint: str) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.endpoint == endpoint]

    def last(self, endpoint: str) -> Recorded:
        calls = self.calls(endpoint)
        if not calls:
            raise AssertionError(f"the fake OpenAI server got no {endpoint!r} request")
        return calls[-1]

    # Serving ------------------------------------------------------------------------------

    def _answer(self, request: Recorded) -> Reply:
        body = request.form if request.endpoint == "transcriptions" else request.json
        refused = rejection(request.endpoint, body if isinstance(body, dict) else {},
                            request.files)
        with self._lock:
            self.requests.append(request)
            pending = self._queues.get(request.endpoint)
            # A refused request leaves the scripted answers for the next one, as the real API
            # would never have reached the model.
            answer: Answer | None = pending.popleft() if pending and refused is None else None
        if not request.endpoint:
            return Reply(body=error_body(404, f"Unknown path {request.path}."), status=404)
        if refused is not None:
            return Reply(body=error_body(refused.status, refused.message, refused.code,
                                         param=refused.param), status=refused.status)
        if answer is None and request.endpoint == "models":
            return model_answer(request)
        if answer is None:
            return Reply(body=default_answer(request.endpoint, request))
        if callable(answer) and not isinstance(answer, Reply):
            answer = answer(request)
        return answer if isinstance(answer, Reply) else Reply(body=answer)


def _handler_for(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            self._serve()

        def do_GET(self) -> None:
            self._serve()

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            path, _, query = self.path.partition("?")
            request = Recorded(method=self.command, path=path, endpoint=_endpoint_of(path),
                               headers={k.lower(): v for k, v in self.headers.items()}, raw=raw,
                               query=query)
            _parse_body(request, self.headers.get("Content-Type", ""))
            reply = fake._answer(request)
            if reply.delay and fake._stopping.wait(reply.delay):
                return
            self._send(reply)

        def _send(self, reply: Reply) -> None:
            body = reply.body
            if isinstance(body, bytes | str):
                payload = body.encode() if isinstance(body, str) else body
                content_type = "text/plain; charset=utf-8"
            else:
                payload, content_type = json.dumps(body).encode(), "application/json"
            headers = {"Content-Type": content_type, "x-request-id": "req_fake",
                       **reply.headers, "Content-Length": str(len(payload))}
            try:
                self.send_response(reply.status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a timeout test)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def _parse_body(request: Recorded, content_type: str) -> None:
    if content_type.startswith("application/json") and request.raw:
        try:
            request.json = json.loads(request.raw)
        except ValueError:
            request.json = None
    elif content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + request.raw)
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            filename = part.get_filename()
            if filename is not None:
                request.files[name] = (filename, payload, part.get_content_type())
            else:
                request.form[name] = payload.decode()


MODELS_PATH = "/v1/models/"


def _endpoint_of(path: str) -> str:
    if path.startswith(MODELS_PATH) and len(path) > len(MODELS_PATH):
        return "models"
    return ENDPOINTS.get(path, "")


@functools.cache
def known_models() -> frozenset[str]:
    """The models the fake serves: every one the pinned SDK names for chat, images, audio and
    moderation."""
    from openai.types import AudioModel, ChatModel, ImageModel, ModerationModel

    return frozenset(name for kind in (AudioModel, ChatModel, ImageModel, ModerationModel)
                     for name in typing.get_args(kind))


def model_answer(request: Recorded) -> Reply:
    """GET /v1/models/{model}: the model object, or OpenAI's 404 for a model it does not have."""
    model = urllib.parse.unquote(request.path.removeprefix(MODELS_PATH))
    if model not in known_models():
        return Reply(status=404, body={"error": {
            "message": f"The model '{model}' does not exist or you do not have access to it.",
            "type": "invalid_request_error", "param": None, "code": "model_not_found"}})
    return Reply(body={"id": model, "object": "model", "created": 1_700_000_000,
                       "owned_by": "system"})
