"""A loopback fake of the Vertex AI REST API (v1): pipeline jobs and publisher-model predict.

The real google-cloud-aiplatform SDK talks to it over its REST transport:

    aiplatform.init(project=..., location=..., api_endpoint=fake.base_url, api_transport="rest",
                    credentials=AnonymousCredentials())

(VertexPipelineComposer and VertexLyriaComposer do exactly that when VERTEX_API_ENDPOINT is
an http:// address.) Served:

    POST /v1/projects/P/locations/L/pipelineJobs?pipelineJobId=ID   create (state PENDING)
    GET  /v1/projects/P/locations/L/pipelineJobs/ID                  get (advances the script)
    POST /v1/projects/P/locations/L/pipelineJobs/ID:cancel           cancel
    POST /v1/projects/P/locations/L/publishers/google/models/M:predict

Script the next pipeline job with `fake.pipeline("PIPELINE_STATE_RUNNING", ...,
"PIPELINE_STATE_SUCCEEDED")`: each get answers the next state (the last one repeats); short
names ("RUNNING") work too. On SUCCEEDED the job's "audio" artifact (a WAV, default a chord of
the job's duration) is written to <pipeline root>/<job>/compose-audio/audio through
`artifact_writer` (the `vertex` fixture writes into the GCS emulator) and listed in
jobDetail.taskDetails. FAILED and CANCELLED carry `error`. After a cancel request, gets answer
CANCELLING then CANCELLED. Unscripted jobs run twice then succeed.

Every request needs a bearer token (401 without). Lyria answers only for the deployer's
`project` and the `models` it publishes, and refuses what the live service refuses (see
tests/fakes/vertex_lyria.py). A created pipeline job runs the step's own request-building code
on its parameterValues: a request Lyria would refuse fails the job, with the refusal as the
compose-audio task's error (the run's own error is the DAG's generic text), and every request
the step built is kept in `step_requests`.

Predict answers are queued with `fake.queue_predict(...)` (a JSON body, a Reply with status and
headers, or a callable of the Recorded request); by default it returns a 30-second 48 kHz WAV
as `bytesBase64Encoded` (`lyria_answer(key="audioContent")` for the other field name).
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes.openai_server import Recorded, Reply
from tests.fakes.vertex_lyria import (
    error_reply,
    lyria_answer,
    predict_refusal,
    step_request,
    unauthenticated,
    wav_bytes,
)

__all__ = ["FakeVertex", "lyria_answer", "wav_bytes"]

PREFIX = "PIPELINE_STATE_"
FINISHED = {"SUCCEEDED", "FAILED", "CANCELLED"}
DAG_FAILED = "The DAG failed because some tasks failed. The failed tasks are: [compose-audio]."


@dataclass
class PipelineScript:
    states: list[str]
    error: str = "The replica workerpool0-0 exited with a non-zero status of 1."
    audio: bytes | None = None


@dataclass
class FakeJob:
    name: str
    body: dict
    script: PipelineScript
    gets: int = 0
    cancel_requested: bool = False
    state: str = "PENDING"
    artifact_uri: str = ""
    step_error: str = ""  # why Lyria refused the request the job's step built


class FakeVertex:
    def __init__(self, artifact_writer: Callable[[str, bytes], None] | None = None, *,
                 project: str = "reverie-test",
                 models: tuple[str, ...] = ("lyria-002",)) -> None:
        self.artifact_writer = artifact_writer
        self.project = project
        self.models = frozenset(models)
        self.requests: list[Recorded] = []
        self.step_requests: list[dict] = []
        self.jobs: dict[str, FakeJob] = {}
        self._scripts: deque[PipelineScript] = deque()
        self._predicts: deque[Any] = deque()
        self._errors: dict[str, deque[Reply]] = {}
        # Called (outside the server's lock) with the job after each get: a test's way to act
        # "while the pipeline runs", e.g. to cancel our own job.
        self.on_get: Callable[[FakeJob], None] | None = None
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,),
                                        name="fake-vertex", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeVertex:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def pipeline(self, *states: str, error: str | None = None, audio: bytes | None = None) -> None:
        """Script the next created pipeline job's states, one per get."""
        names = [s.removeprefix(PREFIX) for s in states] or ["RUNNING", "SUCCEEDED"]
        script = PipelineScript(states=names, audio=audio)
        if error is not None:
            script.error = error
        with self._lock:
            self._scripts.append(script)

    def queue_predict(self, *answers: Any) -> None:
        with self._lock:
            self._predicts.extend(answers)

    def error(self, kind: str, status: int, message: str = "Fake Vertex AI error.", *,
              headers: dict[str, str] | None = None, times: int = 1) -> None:
        """The next `times` requests of `kind` ("create", "get", "cancel", "predict") fail."""
        code = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED",
                404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED",
                503: "UNAVAILABLE"}.get(status, "INTERNAL")
        reply = error_reply(status, code, message)
        reply.headers.update(headers or {})
        with self._lock:
            self._errors.setdefault(kind, deque()).extend([reply] * times)

    def calls(self, kind: str) -> list[Recorded]:
        """kind: "create", "get", "cancel" or "predict"."""
        with self._lock:
            return [r for r in self.requests if r.endpoint == kind]

    # Serving ----------------------------------------------------------------------------

    def _answer(self, request: Recorded) -> Reply:
        with self._lock:
            self.requests.append(request)
            refused = unauthenticated(request.headers)
            if refused:
                return refused
            failing = self._errors.get(request.endpoint)
            if failing:
                return failing.popleft()
            if request.endpoint == "create":
                return self._create(request)
            if request.endpoint == "predict":
                refused = predict_refusal(request.path, request.json, project=self.project,
                                          models=self.models)
                if refused:
                    return refused
                answer = self._predicts.popleft() if self._predicts else None
            else:
                job = self.jobs.get(request.path.removeprefix("/v1/").split(":")[0])
                if job is None:
                    return error_reply(404, "NOT_FOUND", f"{request.path} was not found.")
                if request.endpoint == "cancel":
                    job.cancel_requested = True
                    return Reply(body={})
                view = self._advance(job)
        if request.endpoint != "predict":
            if self.on_get is not None:
                self.on_get(job)
            return Reply(body=view)
        if answer is None:
            return Reply(body=lyria_answer())
        if callable(answer) and not isinstance(answer, Reply):
            answer = answer(request)
        return answer if isinstance(answer, Reply) else Reply(body=answer)

    def _create(self, request: Recorded) -> Reply:
        job_id = dict(p.split("=", 1) for p in request.query.split("&") if "=" in p).get(
            "pipelineJobId", f"job-{len(self.jobs) + 1}")
        parent = request.path.removeprefix("/v1/").rsplit("/pipelineJobs", 1)[0]
        script = self._scripts.popleft() if self._scripts else PipelineScript(
            ["RUNNING", "RUNNING", "SUCCEEDED"])
        job = FakeJob(name=f"{parent}/pipelineJobs/{job_id}", body=request.json or {},
                      script=script)
        job.step_error = self._run_step(job)
        self.jobs[job.name] = job
        return Reply(body=self._view(job))

    def _run_step(self, job: FakeJob) -> str:
        runtime = job.body.get("runtimeConfig", {})
        try:
            built = step_request(runtime.get("parameterValues", {}))
        except TypeError as exc:
            return f"TypeError: {exc}"
        self.step_requests.append(built)
        refused = predict_refusal(f"/v1/{built['endpoint']}:predict",
                                  {"instances": [built["instance"]]}, project=self.project,
                                  models=self.models)
        if refused is None:
            return ""
        error = refused.body["error"]
        return f"{error['code']} {error['message']}"

    def _advance(self, job: FakeJob) -> dict:
        if job.state not in FINISHED:
            if job.cancel_requested:
                job.state = "CANCELLED" if job.state == "CANCELLING" else "CANCELLING"
            else:
                job.state = job.script.states[min(job.gets, len(job.script.states) - 1)]
                job.gets += 1
                if job.state == "SUCCEEDED" and job.step_error:
                    job.state = "FAILED"
            if job.state == "SUCCEEDED":
                self._write_artifact(job)
        return self._view(job)

    def _write_artifact(self, job: FakeJob) -> None:
        runtime = job.body.get("runtimeConfig", {})
        root = runtime.get("gcsOutputDirectory", "gs://missing-root").rstrip("/")
        job.artifact_uri = f"{root}/{job.name.rsplit('/', 1)[1]}/compose-audio/audio"
        parameters = runtime.get("parameterValues", {})
        audio = job.script.audio
        if audio is None:
            audio = wav_bytes(float(parameters.get("duration", 30)))
        if self.artifact_writer is not None:
            self.artifact_writer(job.artifact_uri, audio)

    def _view(self, job: FakeJob) -> dict:
        now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        view = {**job.body, "name": job.name, "state": PREFIX + job.state, "createTime": now,
                "updateTime": now, "serviceAccount": "1234-compute@developer.gserviceaccount.com"}
        if job.state == "FAILED":
            view["error"] = {"code": 9, "message": f"{DAG_FAILED}; Job {job.name} is failed "
                                                   "due to the above error."}
            view["jobDetail"] = {"taskDetails": [
                _task(1, "reverie-compose", "FAILED", error=DAG_FAILED),
                _task(2, "compose-audio", "FAILED", parent=1,
                      error=job.step_error or job.script.error)]}
        elif job.state == "CANCELLED":
            view["error"] = {"code": 1, "message": "CANCELLED"}
        if job.state == "SUCCEEDED":
            view["jobDetail"] = {"taskDetails": [
                _task(1, "reverie-compose", "SUCCEEDED"),
                {**_task(2, "compose-audio", "SUCCEEDED", parent=1),
                 "outputs": {"audio": {"artifacts": [{
                     "name": "projects/p/locations/l/metadataStores/default/artifacts/1",
                     "schemaTitle": "system.Artifact", "uri": job.artifact_uri}]}}}]}
        return view


def _task(task_id: int, name: str, state: str, *, parent: int = 0, error: str = "") -> dict:
    task = {"taskId": str(task_id), "taskName": name, "state": state}
    if parent:
        task["parentTaskId"] = str(parent)
    if error:
        task["error"] = {"code": 9, "message": error}
    return task


def _endpoint_of(method: str, path: str) -> str:
    if path.endswith(":predict"):
        return "predict"
    if path.endswith(":cancel"):
        return "cancel"
    if method == "POST" and path.endswith("/pipelineJobs"):
        return "create"
    return "get" if "/pipelineJobs/" in path else ""


def _handler_for(fake: FakeVertex) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._serve()

        def do_POST(self) -> None:
            self._serve()

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            path, _, query = self.path.partition("?")
            request = Recorded(method=self.command, path=path,
                               endpoint=_endpoint_of(self.command, path),
                               headers={k.lower(): v for k, v in self.headers.items()}, raw=raw,
                               query=query)
            try:
                request.json = json.loads(raw) if raw else None
            except ValueError:
                request.json = None
            reply = (fake._answer(request) if request.endpoint
                     else error_reply(404, "NOT_FOUND", f"Unknown path {path}."))
            if reply.delay:
                time.sleep(reply.delay)
            payload = json.dumps(reply.body).encode()
            try:
                self.send_response(reply.status)
                for name, value in {"Content-Type": "application/json", **reply.headers,
                                    "Content-Length": str(len(payload))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
