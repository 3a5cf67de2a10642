"""The fake OpenAI server's answers: a valid default body for each endpoint, and body builders.

Kept apart from the server so tests can build bodies to queue (`chat_completion(...)`,
`moderation(flagged=[...])`) without reaching into the server.
"""

from __future__ import annotations

import base64
import io
import json
import time
from typing import Any

MODERATION_CATEGORIES = (
    "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit",
    "illicit/violent", "self-harm", "self-harm/instructions", "self-harm/intent", "sexual",
    "sexual/minors", "violence", "violence/graphic",
)
DEFAULT_TEXT = "A fake reply from the test server."
DEFAULT_TRANSCRIPT = "I was flying over a quiet sea at night and the stars were singing."
_counter = iter(range(1, 1_000_000_000))


def error_body(status: int, message: str | None = None, code: str | None = None, *,
               param: str | None = None) -> dict:
    kinds = {400: ("invalid_request_error", None), 401: ("invalid_request_error",
             "invalid_api_key"), 403: ("invalid_request_error", "unsupported_country_region"),
             404: ("invalid_request_error", "not_found"), 429: ("requests",
             "rate_limit_exceeded")}
    kind, default_code = kinds.get(status, ("server_error", None))
    return {"error": {"message": message or f"Fake OpenAI error {status}.", "type": kind,
                      "param": param, "code": code or default_code}}


def chat_completion(content: str | dict | list | None = DEFAULT_TEXT, *, model: str = "gpt-fake",
                    refusal: str | None = None, finish_reason: str = "stop",
                    prompt_tokens: int = 10) -> dict:
    """A chat completion whose one choice says `content` (dicts/lists are sent as JSON text)."""
    if isinstance(content, dict | list):
        content = json.dumps(content)
    if refusal is not None:
        content = None
    completion_tokens = max(1, len(content or refusal or "") // 4)
    return {
        "id": f"chatcmpl-fake-{next(_counter)}", "object": "chat.completion",
        "created": int(time.time()), "model": model, "system_fingerprint": "fp_fake",
        "choices": [{"index": 0, "finish_reason": finish_reason, "logprobs": None,
                     "message": {"role": "assistant", "content": content, "refusal": refusal,
                                 "annotations": []}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


def moderation(inputs: int = 1, *, flagged: list[str] | tuple[str, ...] = (),
               scores: dict[str, float] | None = None,
               model: str = "omni-moderation-latest") -> dict:
    """A moderation answer with `inputs` results, each flagging the named categories;
    `scores` sets category scores (0.97 flagged, 0.001 otherwise unless given)."""
    result = {
        "flagged": bool(flagged),
        "categories": {name: name in flagged for name in MODERATION_CATEGORIES},
        "category_scores": {name: (scores or {}).get(name, 0.97 if name in flagged else 0.001)
                            for name in MODERATION_CATEGORIES},
        "category_applied_input_types": {name: ["text"] for name in MODERATION_CATEGORIES},
    }
    return {"id": f"modr-fake-{next(_counter)}", "model": model,
            "results": [dict(result) for _ in range(max(1, inputs))]}


def png_bytes(width: int = 64, height: int = 64) -> bytes:
    """A real PNG: a soft diagonal gradient, so decoders and thumbnails have something to do."""
    from PIL import Image

    image = Image.new("RGB", (width, height))
    image.putdata([(40 + 180 * x // max(1, width - 1), 90, 200 - 150 * y // max(1, height - 1))
                   for y in range(height) for x in range(width)])
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def image_generation(n: int = 1, size: str = "1024x1024") -> dict:
    # A sixteenth of the asked size keeps the aspect ratio and the payload tiny.
    try:
        width, height = (max(1, int(side) // 16) for side in size.lower().split("x"))
    except ValueError:
        width = height = 64
    data = base64.b64encode(png_bytes(width, height)).decode()
    return {"created": int(time.time()), "output_format": "png", "size": size,
            "data": [{"b64_json": data, "revised_prompt": None} for _ in range(max(1, n))],
            "usage": {"input_tokens": 20, "output_tokens": 100, "total_tokens": 120,
                      "input_tokens_details": {"image_tokens": 0, "text_tokens": 20}}}


def transcription(text: str = DEFAULT_TRANSCRIPT, response_format: str = "json") -> Any:
    """A JSON body, or plain text for response_format text/srt/vtt (as the real API does)."""
    if response_format in {"text", "srt", "vtt"}:
        return text
    if response_format == "verbose_json":
        return {"task": "transcribe", "language": "english", "duration": 3.2, "text": text,
                "segments": [], "words": []}
    return {"text": text, "usage": {"type": "duration", "seconds": 3}}


def default_answer(endpoint: str, request: Any) -> Any:
    """What each endpoint answers when the test queued nothing: always valid for its shape."""
    body = request.json if isinstance(request.json, dict) else {}
    if endpoint == "chat":
        return chat_completion(_chat_content(body.get("response_format") or {}),
                               model=body.get("model", "gpt-fake"))
    if endpoint == "transcriptions":
        return transcription(response_format=request.form.get("response_format", "json"))
    if endpoint == "images":
        return image_generation(int(body.get("n") or 1), str(body.get("size") or "1024x1024"))
    if endpoint == "moderations":
        inputs = body.get("input")
        return moderation(len(inputs) if isinstance(inputs, list) else 1)
    raise KeyError(endpoint)


def _chat_content(response_format: dict) -> str:
    kind = response_format.get("type")
    if kind == "json_schema":
        schema = (response_format.get("json_schema") or {}).get("schema") or {}
        return json.dumps(example_of(schema, schema))
    if kind == "json_object":
        return json.dumps({"text": DEFAULT_TEXT})
    return DEFAULT_TEXT


def example_of(schema: dict, root: dict, name: str = "value") -> Any:
    """A value that satisfies a (strict-mode subset of) JSON Schema."""
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return example_of(target, root, name)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"] or schema[key]
            return example_of(options[0], root, name)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        return {key: example_of(sub, root, key)
                for key, sub in (schema.get("properties") or {}).items()}
    if kind == "array":
        count = max(1, int(schema.get("minItems", 1)))
        return [example_of(schema.get("items") or {}, root, name) for _ in range(count)]
    if kind in {"number", "integer"}:
        low, high = schema.get("minimum"), schema.get("maximum")
        value = (low + high) / 2 if low is not None and high is not None else (
            low if low is not None else high if high is not None else 1)
        return int(value) if kind == "integer" else float(value)
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    return f"fake {name.replace('_', ' ')}"
