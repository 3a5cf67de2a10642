"""Words for what a picture shows (captioning.scene), used only for what was detected."""

from __future__ import annotations

from collections.abc import Sequence

# In the order a caption names them: who, then what is written, then the place.
_NOUNS = {"person": "a person", "text": "writing", "foliage": "greenery", "water": "water",
          "snow": "snow", "sky": "open sky", "sunset": "a sunset sky"}
TAGS = {"person": "person", "text": "text", "foliage": "foliage", "water": "water",
        "snow": "snow", "sky": "sky", "sunset": "sunset", "night": "night"}


def things_phrase(seen: Sequence[str]) -> str:
    """ "open sky, water and greenery"; "" when nothing was seen."""
    names = [name for name in _NOUNS if name in seen]
    if "sunset" in names and "sky" in names:
        names.remove("sky")
    words = [_NOUNS[name] for name in names]
    if not words:
        return ""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def setting_phrase(seen: Sequence[str]) -> str:
    return " at night" if "night" in seen else ""


def seen_tags(seen: Sequence[str]) -> list[str]:
    return [TAGS[name] for name in seen]
