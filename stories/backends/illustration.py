"""Illustrators: OpenAI image generation, and an offline painter of simple scenes."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from core.openai_client import openai_image_png
from stories.backends.base import Illustrator
from stories.backends.painter import paint
from stories.backends.scenes import scene_field


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
        return openai_image_png(service=_("the illustration service"), operation="illustration",
                                prompt=_for_children(prompt), options=self.options)


def _for_children(prompt: str) -> str:
    language = scene_field(prompt, "Book language")
    # The sheet and scene of a Korean book may be in Korean; the picture still has no words.
    read = (f" The book is written in {language}; read its character sheet and scene as "
            f"{language}." if language else "")
    return (f"{prompt}\nA gentle, friendly illustration for a children's picture book."
            f"{read} No text or letters in the picture.")
