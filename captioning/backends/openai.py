"""The OpenAI vision captioner: a chat completion looks at the picture and answers in JSON.

The model describes the picture and judges its mood (valence, arousal). The musical prompt
is then rebuilt in music.composer.prompts' structured form from that mood and the colours measured
here (key from hue, timbres from warmth and texture), so every composer gets a tempo, key
and instruments it understands. The model's own words are not put into that prompt: the music
service re-reads it with MusicPrompt.parse, which keeps only the structured parts. Its musical
idea is kept in features["model_music_prompt"] for curators.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import math
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image

from captioning.analysis import analyse
from captioning.backends.base import Captioner, CaptionResult, Mood
from core.backends import BackendError
from core.openai_client import openai_chat_answer
from music.composer.prompts import prompt_for_mood

log = logging.getLogger(__name__)

SERVICE = _("the captioning service")
# Reasoning models spend part of the allowance thinking before they write the answer.
MAX_TOKENS = 2000
REFUSED = _("The captioning service would not describe this picture, so no music was made "
            "from it. Please try a different picture.")
UNUSABLE = _("The captioning service gave an unusable description of this picture twice. "
             "Please try again in a few minutes, or try another picture.")
INSTRUCTIONS = (
    "You describe pictures for a service that turns them into music. Answer with: caption, "
    "one or two plain sentences saying what the picture shows and how it feels; "
    "music_prompt, one sentence of music that would suit it (mood, genre, instruments); "
    "valence, from -1 (sad, unpleasant) to 1 (happy, pleasant); arousal, from -1 (calm, "
    "sleepy) to 1 (energetic, tense); tags, three to six lower-case words for what is in it.")
# The caption and tags are for the visitor; the music prompt stays English (the composers').
WRITE_IN = (" Write caption and tags in {language}, as a native speaker would; write "
            "music_prompt in English.")
LANGUAGES = {"en": "English", "ko": "Korean"}
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["caption", "music_prompt", "valence", "arousal", "tags"],
    "properties": {
        "caption": {"type": "string"},
        "music_prompt": {"type": "string"},
        "valence": {"type": "number", "minimum": -1, "maximum": 1},
        "arousal": {"type": "number", "minimum": -1, "maximum": 1},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}


class _Unusable(ValueError):
    """The model answered, but not with a description we can use."""


@dataclass(frozen=True)
class _Answer:
    caption: str
    music_prompt: str
    valence: float
    arousal: float
    tags: list[str]


class OpenAICaptioner(Captioner):
    provider = "openai"

    @property
    def model(self) -> str:
        return self.options.get("model") or settings.OPENAI_CAPTION_MODEL

    def caption(self, image: Image.Image, *, language: str = "en") -> CaptionResult:
        analysis = analyse(image)
        answer = self._describe(_data_uri(image, self.options.get("max_side", 1024)),
                                language=language)
        prompt = prompt_for_mood(valence=answer.valence, arousal=answer.arousal,
                                 hue=analysis.hue, warmth=analysis.warmth,
                                 texture=analysis.texture)
        return CaptionResult(
            text=answer.caption, music_prompt=prompt.text,
            mood=Mood(valence=prompt.valence, arousal=prompt.arousal), tags=answer.tags,
            features={**analysis.features(), "model_music_prompt": answer.music_prompt})

    def _describe(self, data_uri: str, *, language: str) -> _Answer:
        # Structured outputs make a malformed answer rare; one more try costs little, a third
        # would mostly repeat a systematic failure.
        for attempt in (1, 2):
            try:
                return self._ask(data_uri, language=language)
            except _Unusable as exc:
                log.warning("%s: unusable answer (attempt %d): %s", SERVICE, attempt, exc)
        raise BackendError(UNUSABLE, permanent=True)

    def _ask(self, data_uri: str, *, language: str) -> _Answer:
        image_part = {"type": "image_url",
                      "image_url": {"url": data_uri, "detail": self.options.get("detail", "low")}}
        return openai_chat_answer(
            service=SERVICE, operation="caption", model=self.model, refused=REFUSED,
            messages=[{"role": "system", "content": INSTRUCTIONS + WRITE_IN.format(
                          language=LANGUAGES.get(language, "English"))},
                      {"role": "user", "content": [
                          {"type": "text", "text": "Describe this picture."}, image_part]}],
            response_format={"type": "json_schema", "json_schema": {
                "name": "picture_description", "strict": True, "schema": SCHEMA}},
            max_completion_tokens=self.options.get("max_completion_tokens", MAX_TOKENS),
            read=_read)


def _data_uri(image: Image.Image, max_side: int) -> str:
    copy = image.convert("RGB")
    copy.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, format="JPEG", quality=85)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode()


def _read(content: str | None) -> _Answer:
    try:
        data = json.loads(content or "")
    except ValueError:
        raise _Unusable(f"not JSON: {(content or '')[:80]!r}") from None
    if not isinstance(data, dict):
        raise _Unusable("not a JSON object")
    return _Answer(caption=_text(data, "caption", 600), music_prompt=_text(data, "music_prompt",
                   400), valence=_unit(data, "valence"), arousal=_unit(data, "arousal"),
                   tags=_tags(data.get("tags")))


def _text(data: dict, name: str, limit: int) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise _Unusable(f"{name} is missing or empty")
    return " ".join(value.split())[:limit]


def _unit(data: dict, name: str) -> float:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _Unusable(f"{name} is not a number")
    if not -1 <= value <= 1:
        raise _Unusable(f"{name} {value} is outside [-1, 1]")
    return float(value)


def _tags(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise _Unusable("tags is not a list of words")
    tags = list(dict.fromkeys(" ".join(t.lower().split())[:32] for t in value if t.strip()))
    if not tags:
        raise _Unusable("tags is empty")
    return tags[:8]

