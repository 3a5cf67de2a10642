"""Image: a picture of the dream, as PNG bytes.

Offline: dreams.backends.painting draws a landscape in the dream's palette with the motifs its
symbols call for. OpenAI: the image generation endpoint, prompted with the dream, its motifs
and its mood.
"""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _

from core.openai_client import openai_image_png
from dreams.backends import painting
from dreams.backends.base import DreamContext, DreamPainter, language_name

# Symbol name → what the offline painter draws for it.
MOTIFS: dict[str, tuple[str, ...]] = {
    "moon": ("moon", "stars"), "stars": ("stars",), "darkness": ("stars",), "sun": ("sun",),
    "sky": ("clouds",), "clouds": ("clouds",), "storm": ("lightning", "rain", "clouds"),
    "rain": ("rain", "clouds"), "snow": ("snow", "mountains"), "ice": ("snow",),
    "flying": ("birds", "clouds"), "bird": ("birds",), "wings": ("birds",), "angel": ("birds",),
    "airplane": ("clouds",), "falling": ("falling",), "heights": ("city", "falling"),
    "mountain": ("mountains",), "cliff": ("mountains",), "climbing": ("mountains",),
    "water": ("water",), "ocean": ("water",), "lake": ("water",), "river": ("water",),
    "beach": ("water", "sun"), "swimming": ("water",), "boat": ("water",),
    "drowning": ("water",), "island": ("water", "sun"), "sea creatures": ("water",),
    "tsunami": ("waves",), "flood": ("waves",), "city": ("city",), "work": ("city",),
    "forest": ("forest",), "tree": ("forest",), "wolf": ("forest",), "garden": ("hills",),
    "road": ("path",), "lost": ("path",), "bridge": ("path",), "house": ("house",),
    "childhood home": ("house",), "moving house": ("house",), "hidden room": ("door",),
    "door": ("door",), "key": ("door",), "corridor": ("door",), "stairs": ("stairs",),
    "elevator": ("stairs",), "fire": ("fire",), "volcano": ("fire", "mountains"),
    "being chased": ("figure", "path"), "stranger": ("figure",), "shadow figure": ("figure",),
    "ghost": ("figure",), "running": ("figure", "path"), "travel": ("path",),
}
_NIGHT = re.compile(r"\b(night|midnight|dark|evening)\b", re.IGNORECASE)


def motifs_for(dream: DreamContext) -> list[str]:
    motifs = [m for entry in dream.symbols for m in MOTIFS.get(entry.english_name.lower(), ())]
    if _NIGHT.search(dream.text) and "sun" not in motifs:
        motifs += ["stars", "moon"]
    return motifs


class OfflineDreamPainter(DreamPainter):
    provider = "offline"

    def paint(self, dream: DreamContext) -> bytes:
        emotion = dream.emotions[0] if dream.emotions else ""
        image = painting.paint(motifs=motifs_for(dream), emotion=emotion, seed=dream.seed)
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()


class OpenAIDreamPainter(DreamPainter):
    """The image generation endpoint (OPENAI_IMAGE_MODEL, or OPTIONS "model" and "size")."""

    provider = "openai"

    def paint(self, dream: DreamContext) -> bytes:
        return openai_image_png(service=_("the image service"), operation="dream image",
                                prompt=_prompt(dream), options=self.options)


def _prompt(dream: DreamContext) -> str:
    mood = ", ".join(dream.emotions) or "dreamlike"
    motifs = ", ".join(entry.name.lower() for entry in dream.symbols[:6]) or "the dream's scene"
    text = dream.text if len(dream.text) <= 900 else dream.text[:900].rsplit(" ", 1)[0] + "…"
    told = ("" if dream.language == "en" else
            f" (The dream is told in {language_name(dream.language)}: picture what it tells.)")
    return (f"A soft, painterly, dreamlike illustration of this dream: {text}{told}\n"
            f"Main motifs: {motifs}. Mood: {mood}. No text or lettering in any language in "
            "the image, nothing graphic or frightening in detail.")
