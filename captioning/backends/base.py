from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from core.backends import Backend


@dataclass(frozen=True)
class Mood:
    """Russell's circumplex: valence (unpleasant -1 … pleasant 1), arousal (calm -1 … excited 1)."""

    valence: float
    arousal: float


@dataclass(frozen=True)
class CaptionResult:
    text: str
    music_prompt: str
    mood: Mood
    tags: list[str]
    # What the engine measured, kept so the music can be regenerated in another mood with
    # the same key colour and timbres: {"hue": float|None, "warmth": float, "texture": float}.
    features: dict[str, Any] = field(default_factory=dict)


class Captioner(Backend):
    """Describes a picture and turns it into a musical prompt."""

    @abstractmethod
    def caption(self, image: Image.Image, *, language: str = "en") -> CaptionResult:
        """`image` is RGB, orientation applied, long side at most 2048 px. The caption and
        tags are written in `language` ("en" or "ko"); the music prompt is always in the
        composers' English (music.composer.prompts), whatever the visitor reads."""
