"""Two read-only Vertex AI lookups added to a running `vertex` fake (tests/fakes/vertex_server.py),
for `manage.py providers_check`, which asks them and generates nothing:

    GET /v1/publishers/google/models/M                 "publisher-model"  (the Model Garden entry)
    GET /v1/projects/P/locations/L/pipelineJobs        "list"             (no jobs)

    def test_something(vertex):
        serve_catalog(vertex, models={"lyria-002"})     # any other model is a 404 NOT_FOUND
        vertex.error("publisher-model", 403)            # queued errors work as for the others
        vertex.calls("publisher-model")[0].headers
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from tests.fakes.openai_server import Recorded, Reply
from tests.fakes.vertex_server import FakeVertex

_MODEL = re.compile(r"^/v1/publishers/([^/]+)/models/([^/:]+)$")
_LIST = re.compile(r"^/v1/projects/[^/]+/locations/[^/]+/pipelineJobs$")


def serve_catalog(fake: FakeVertex, models: Iterable[str] = ("lyria-002",)) -> None:
    known = set(models)
    base = fake._server.RequestHandlerClass

    class Handler(base):  # type: ignore[misc,valid-type]
        def do_GET(self) -> None:
            path, _, query = self.path.partition("?")
            endpoint = ("publisher-model" if _MODEL.match(path) else
                        "list" if _LIST.match(path) else "")
            if not endpoint:
                super().do_GET()
                return
            request = Recorded(method="GET", path=path, endpoint=endpoint, raw=b"", query=query,
                               headers={k.lower(): v for k, v in self.headers.items()})
            with fake._lock:
                fake.requests.append(request)
                failing = fake._errors.get(endpoint)
                reply = failing.popleft() if failing else None
            self._send(reply or _answer(endpoint, path, known))

        def _send(self, reply: Reply) -> None:
            payload = json.dumps(reply.body).encode()
            self.send_response(reply.status)
            for name, value in {"Content-Type": "application/json", **reply.headers,
                                "Content-Length": str(len(payload))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

    fake._server.RequestHandlerClass = Handler


def _answer(endpoint: str, path: str, known: set[str]) -> Reply:
    if endpoint == "list":
        return Reply(body={})  # no pipeline jobs yet
    publisher, model = _MODEL.match(path).groups()  # type: ignore[union-attr]
    if publisher != "google" or model not in known:
        return _not_found(f"Publisher Model `{path.removeprefix('/v1/')}` is not found.")
    return Reply(body={"name": f"publishers/{publisher}/models/{model}",
                       "versionId": "001", "openSourceCategory": "PROPRIETARY",
                       "launchStage": "GA", "publisherModelTemplate": "", "predictSchemata": {}})


def _not_found(message: str) -> Reply:
    body: dict[str, Any] = {"error": {"code": 404, "message": message, "status": "NOT_FOUND"}}
    return Reply(status=404, body=body)
