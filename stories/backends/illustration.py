"""Illustrators: OpenAI image generation, and an offline painter of simple scenes."""

from __future__ import annotations

import io

from core.openai_client import openai_image_png
from stories.backends.base import Illustrator
from stories.backends.painter import paint


class OfflineIllustrator(Illustrator):
    """Paints the scene a prompt describes: its setting, time of day, and the main character
    in the colours of its sheet (stories.backends.painter)."""

    provider = "offline"

    def draw(self, prompt: str, *, seed: int = 0) -> bytes:
        image = paint(prompt, seed=seed, size=tuple(self.options.get("size", (768, 512))))
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=False, compress_level=3)
        return out.getvalue()


class OpenAIIllustrator(Illustrator):
    provider = "openai"

    def draw(self, prompt: str, *, seed: int = 0) -> bytes:
        return openai_image_png(service="the illustration service", operation="illustration",
                                prompt=_for_children(prompt), options=self.options)


def _for_children(prompt: str) -> str:
    return (f"{prompt}\nA gentle, friendly illustration for a children's picture book. "
            "No text or letters in the picture.")
