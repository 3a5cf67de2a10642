"""What the fake OpenAI server refuses, as the real API does, before any scripted answer.

- a model the pinned SDK lists as shut down (its date has passed, or it has none) → 404
  `model_not_found` on every endpoint;
- chat: `max_tokens`, or a temperature other than 1, for a reasoning model (GPT-5 and later,
  o-series) → 400; a strict json_schema using what strict mode does not support → 400;
- images: `response_format` or `style` for a GPT image model, a size the model does not
  take (the SDK's images.generate docstring) → 400;
- transcriptions: a file whose extension is not one the endpoint takes, or whose bytes are
  not what the extension says → 400.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.model_deprecations import sdk_deprecations


@dataclass(frozen=True)
class Rejection:
    status: int
    message: str
    code: str | None = None
    param: str | None = None


def rejection(endpoint: str, body: dict, files: dict[str, tuple[str, bytes, str]]
              ) -> Rejection | None:
    model = str(body.get("model") or "")
    deprecation = sdk_deprecations().get(model)
    if deprecation is not None and deprecation.gone(date.today()):
        return Rejection(404, f"The model `{model}` does not exist or you do not have access "
                         "to it.", code="model_not_found")
    check = {"chat": _chat, "images": _images, "transcriptions": _transcription}.get(endpoint)
    return check(model, body, files) if check else None


# Chat ---------------------------------------------------------------------------------------

_REASONING = re.compile(r"^(o\d|gpt-5|gpt-6)")


def reasoning_model(model: str) -> bool:
    return bool(_REASONING.match(model)) and "chat-latest" not in model


def _chat(model: str, body: dict, files: Any) -> Rejection | None:
    if reasoning_model(model):
        if body.get("max_tokens") is not None:
            return Rejection(400, "Unsupported parameter: 'max_tokens' is not supported with "
                             "this model. Use 'max_completion_tokens' instead.",
                             code="unsupported_parameter", param="max_tokens")
        temperature = body.get("temperature")
        if temperature is not None and temperature != 1:
            return Rejection(400, f"Unsupported value: 'temperature' does not support "
                             f"{temperature} with this model. Only the default (1) value is "
                             "supported.", code="unsupported_value", param="temperature")
    response_format = body.get("response_format") or {}
    spec = response_format.get("json_schema") or {}
    if response_format.get("type") == "json_schema" and spec.get("strict"):
        problem = strict_schema_problem(spec.get("schema") or {})
        if problem:
            return Rejection(400, f"Invalid schema for response_format "
                             f"'{spec.get('name', '')}': {problem}", param="response_format")
    return None


# The subset of JSON Schema strict structured outputs take (OpenAI's structured-outputs guide:
# supported types, string/number/array properties, definitions, anyOf); anything else, such
# as allOf, not, if/then/else, minLength or patternProperties, is refused.
_STRUCTURE = {"type", "properties", "required", "additionalProperties", "items", "enum",
              "const", "anyOf", "$ref", "$defs", "definitions", "description", "title"}
_CONSTRAINTS = {"pattern", "format", "multipleOf", "maximum", "exclusiveMaximum", "minimum",
                "exclusiveMinimum", "minItems", "maxItems"}
_FORMATS = {"date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6",
            "uuid"}
_TYPES = {"string", "number", "boolean", "integer", "object", "array", "null"}
MAX_DEPTH = 10


def strict_schema_problem(schema: dict) -> str | None:
    """Why strict mode would refuse this schema, in the API's words; None if it takes it."""
    if schema.get("type") != "object" or "anyOf" in schema:
        return "In context=(), schema must be a JSON Schema of 'type: \"object\"', got " \
               f"'type: \"{schema.get('type')}\"'."
    return _node_problem(schema, (), 0)


def _node_problem(node: Any, context: tuple[str, ...], depth: int) -> str | None:
    where = f"In context={context!r}"
    if not isinstance(node, dict):
        return f"{where}, schema must be an object."
    if depth > MAX_DEPTH:
        return f"{where}, the schema is nested more than {MAX_DEPTH} levels deep."
    for key in node:
        if key not in _STRUCTURE | _CONSTRAINTS:
            return f"{where}, '{key}' is not permitted."
    kinds = node.get("type", [])
    for kind in kinds if isinstance(kinds, list) else [kinds]:
        if kind not in _TYPES:
            return f"{where}, type '{kind}' is not supported."
    if "format" in node and node["format"] not in _FORMATS:
        return f"{where}, format '{node['format']}' is not supported."
    if "properties" in node or kinds == "object":
        problem = _object_problem(node, where)
        if problem:
            return problem
    children = [(("properties", name), sub) for name, sub in (node.get("properties") or {})
                .items()]
    children += [(("items",), node["items"])] if "items" in node else []
    children += [(("anyOf", str(i)), sub) for i, sub in enumerate(node.get("anyOf") or [])]
    for key in ("$defs", "definitions"):
        children += [((key, name), sub) for name, sub in (node.get(key) or {}).items()]
    for path, child in children:
        problem = _node_problem(child, context + path, depth + (path[0] != "anyOf"))
        if problem:
            return problem
    return None


def _object_problem(node: dict, where: str) -> str | None:
    if node.get("additionalProperties") is not False:
        return f"{where}, 'additionalProperties' is required to be supplied and to be false."
    missing = [name for name in node.get("properties") or {}
               if name not in (node.get("required") or [])]
    if missing:
        return (f"{where}, 'required' is required to be supplied and to be an array "
                f"including every key in properties. Missing '{missing[0]}'.")
    return None


# Images -------------------------------------------------------------------------------------

STANDARD_SIZES = ("1024x1024", "1024x1536", "1536x1024", "auto")
# The SDK keeps these (DALL·E's) "for SDK compatibility" only.
LEGACY_SIZES = ("256x256", "512x512", "1792x1024", "1024x1792")
# The models the SDK says take any WIDTHxHEIGHT (both multiples of 16, aspect 1:3 to 3:1, at
# most 3840x2160).
FREE_SIZE_MODELS = {"gpt-image-2", "gpt-image-2-2026-04-21", "gpt-image-2.5-sunburst",
                    "gpt-image-2.5-sunburst-2026-09-08", "gpt-image-2.5-flare",
                    "gpt-image-2.5-flare-2026-09-08"}


def gpt_image_model(model: str) -> bool:
    return model.startswith(("gpt-image", "chatgpt-image"))


def _images(model: str, body: dict, files: Any) -> Rejection | None:
    if not gpt_image_model(model):
        return None
    for legacy in ("response_format", "style"):
        if body.get(legacy) is not None:
            return Rejection(400, f"Unknown parameter: '{legacy}'.",
                             code="unknown_parameter", param=legacy)
    size = body.get("size")
    if size is None or size in STANDARD_SIZES or (
            model in FREE_SIZE_MODELS and size not in LEGACY_SIZES
            and _free_size_fits(str(size))):
        return None
    supported = ", ".join(f"'{s}'" for s in STANDARD_SIZES)
    return Rejection(400, f"Invalid value: '{size}'. Supported values are: {supported}"
                     + (" or WIDTHxHEIGHT within the model's limits." if model in
                        FREE_SIZE_MODELS else "."), code="invalid_value", param="size")


def _free_size_fits(size: str) -> bool:
    match = re.fullmatch(r"(\d+)x(\d+)", size)
    if not match:
        return False
    width, height = int(match.group(1)), int(match.group(2))
    return (width > 0 and height > 0 and width % 16 == 0 and height % 16 == 0
            and 1 / 3 <= width / height <= 3 and max(width, height) <= 3840
            and width * height <= 3840 * 2160)


# Transcriptions -----------------------------------------------------------------------------

AUDIO_EXTENSIONS = ("flac", "mp3", "mp4", "mpeg", "mpga", "m4a", "ogg", "wav", "webm")
_FAMILY = {"flac": "flac", "mp3": "mpeg", "mpeg": "mpeg", "mpga": "mpeg", "mp4": "mp4",
           "m4a": "mp4", "ogg": "ogg", "wav": "wav", "webm": "webm"}


def audio_family(data: bytes) -> str | None:
    """What the bytes are, from their first bytes (None: none of the accepted kinds)."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "wav"
    if data[:4] == b"fLaC":
        return "flac"
    if data[:4] == b"OggS":
        return "ogg"
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "mpeg"
    if data[4:8] == b"ftyp":
        return "mp4"
    if data[:4] == b"\x1a\x45\xdf\xa3":
        return "webm"
    return None


def _transcription(model: str, body: dict, files: dict[str, tuple[str, bytes, str]]
                   ) -> Rejection | None:
    name, data, _ = files.get("file") or ("", b"", "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in AUDIO_EXTENSIONS:
        listed = ", ".join(f"'{e}'" for e in AUDIO_EXTENSIONS)
        return Rejection(400, f"Invalid file format. Supported formats: [{listed}]",
                         code="invalid_value", param="file")
    if audio_family(data) != _FAMILY[extension]:
        return Rejection(400, "Audio file might be corrupted or unsupported",
                         code="invalid_value", param="file")
    return None
