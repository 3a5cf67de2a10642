"""Illustrators: OpenAI image generation, and an offline painter of simple scenes."""

from __future__ import annotations

import base64
import io

from PIL import Image, UnidentifiedImageError

from core.backends import BackendError
from core.openai_client import openai_client, openai_errors
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
        model = self.options.get("model", "gpt-image-1")
        extra = {"response_format": "b64_json"} if model.startswith("dall-e") else {}
        with openai_errors("the illustration service", model=model, operation="illustration"):
            result = openai_client().images.generate(
                model=model, prompt=_for_children(prompt), n=1,
                size=self.options.get("size", "1536x1024"), **extra)
        try:
            data = base64.b64decode(result.data[0].b64_json or "", validate=True)
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                if image.format == "PNG":
                    return data
                out = io.BytesIO()
                image.convert("RGB").save(out, format="PNG")
                return out.getvalue()
        except (IndexError, TypeError, ValueError, UnidentifiedImageError) as exc:
            raise BackendError("The illustration service returned no usable picture.") from exc


def _for_children(prompt: str) -> str:
    return (f"{prompt}\nA gentle, friendly illustration for a children's picture book. "
            "No text or letters in the picture.")
