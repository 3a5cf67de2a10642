"""Which OpenAI models the pinned openai SDK itself lists as deprecated, and when they stop.

The SDK's model types (openai/types/**/*model*.py) carry a docstring under each Literal of
model names:

    Deprecated values:

    - "gpt-image-1": GPT Image 1 was shut down on October 23, 2026. Use ...
    - "gpt-4.1", "gpt-4o-mini": Announced shutdown date: 2027-01-14. See ...

Those notes are read here (from the files, without importing the SDK) so that one source
serves the start-up check (core.checks), the test that keeps our default models off the list,
and the fake OpenAI server that answers a shut-down model with 404 as the real API does.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.conf import settings

HEADING = "Deprecated values:"
# Every setting that names an OpenAI model.
MODEL_SETTINGS = (
    "OPENAI_CAPTION_MODEL", "OPENAI_TEXT_MODEL", "OPENAI_INTERPRETATION_MODEL",
    "OPENAI_DREAM_STORY_MODEL", "OPENAI_STORY_MODEL", "OPENAI_IMAGE_MODEL",
    "OPENAI_TRANSCRIPTION_MODEL", "OPENAI_MODERATION_MODEL",
)
_ITEM = re.compile(r'^((?:"[^"]+"\s*,?\s*)+):\s*(.*)$', re.DOTALL)
_NAME = re.compile(r'"([^"]+)"')
_ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_PROSE_DATE = re.compile(r"\b((?:January|February|March|April|May|June|July|August|September"
                         r"|October|November|December) \d{1,2}, \d{4})\b")


@dataclass(frozen=True)
class Deprecation:
    model: str
    note: str  # the SDK's own words, on one line
    shutdown: date | None  # None: listed without a date (e.g. "Not a supported model ID")
    source: str  # the SDK file that says so, relative to the package

    def gone(self, today: date) -> bool:
        """Whether the model no longer answers: its shutdown date has passed, or the SDK
        lists it with no date at all (it keeps such names only for compatibility)."""
        return self.shutdown is None or self.shutdown < today

    def when(self) -> str:
        return f"shutdown {self.shutdown.isoformat()}" if self.shutdown else "no longer offered"


def notes_parse(docstring: str, *, source: str = "") -> list[Deprecation]:
    """The deprecations of one "Deprecated values:" docstring."""
    _, _, body = docstring.partition(HEADING)
    found = []
    for item in _items(body):
        match = _ITEM.match(item)
        if match is None:
            continue
        names, note = match.groups()
        shutdown = _shutdown_date(note)
        found += [Deprecation(model=name, note=note, shutdown=shutdown, source=source)
                  for name in _NAME.findall(names)]
    return found


def _items(body: str) -> Iterable[str]:
    # A bullet starts with "- "; its continuation lines are indented under it.
    item: list[str] = []
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith("- "):
            if item:
                yield " ".join(item)
            item = [stripped[2:]]
        elif stripped and item:
            item.append(stripped)
        elif not stripped and item:
            yield " ".join(item)
            item = []
    if item:
        yield " ".join(item)


def _shutdown_date(note: str) -> date | None:
    iso = _ISO_DATE.search(note)
    if iso:
        return date.fromisoformat(iso.group(1))
    prose = _PROSE_DATE.search(note)
    if prose:
        return datetime.strptime(prose.group(1), "%B %d, %Y").date()
    return None


def sdk_model_files(package: Path | None = None) -> list[Path]:
    """The pinned SDK's model type files: openai/types/**/*model*.py."""
    root = package or _openai_package()
    return sorted((root / "types").rglob("*model*.py"))


def _openai_package() -> Path:
    spec = importlib.util.find_spec("openai")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the openai package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def file_deprecations(path: Path, *, source: str = "") -> list[Deprecation]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in tree.body:
        if (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str) and HEADING in node.value.value):
            found += notes_parse(node.value.value, source=source or path.name)
    return found


@functools.cache
def sdk_deprecations() -> dict[str, Deprecation]:
    """Every model the pinned SDK lists as deprecated, by name."""
    root = _openai_package()
    found: dict[str, Deprecation] = {}
    for path in sdk_model_files(root):
        for deprecation in file_deprecations(path, source=str(path.relative_to(root.parent))):
            found.setdefault(deprecation.model, deprecation)
    return found


def deprecation_of(model: str) -> Deprecation | None:
    return sdk_deprecations().get(model)


def configured_models() -> dict[str, str]:
    """Setting (or AI_BACKENDS option) name → the OpenAI model it names."""
    models = {name: str(getattr(settings, name, "") or "") for name in MODEL_SETTINGS}
    for alias, conf in getattr(settings, "AI_BACKENDS", {}).items():
        model = (conf.get("OPTIONS") or {}).get("model")
        if model and ".OpenAI" in conf.get("BACKEND", ""):
            models[f"AI_BACKENDS[{alias!r}]['OPTIONS']['model']"] = str(model)
    return {name: model for name, model in models.items() if model}


def settings_naming(model: str) -> list[str]:
    """The settings that name `model`, for messages that say what to change."""
    return [name for name, value in configured_models().items() if value == model]
