"""The pages' fallback Hangul face: served from the font the storybooks embed, cached long."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse


def test_the_hangul_face_is_served_as_a_truetype_font_cached_for_a_year():
    response = Client().get(reverse("hangul-font"))
    assert response.status_code == 200
    assert response["Content-Type"] == "font/ttf"
    assert "max-age=31536000" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x01\x00\x00" and len(body) > 1_000_000  # a TrueType file


def test_the_stylesheet_falls_back_to_it_for_hangul_only():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    face = re.search(r"@font-face\s*{[^}]*\"Reverie Hangul\"[^}]*}", css).group(0)
    assert f'url("{reverse("hangul-font")}")' in face
    ranges = re.search(r"unicode-range:([^;]+);", face).group(1)
    assert "U+AC00" in ranges and "U+0020" not in ranges and "U+0041" not in ranges
    # After the system faces, in both stacks: only a browser with none fetches it.
    stacks = [stack for stack in re.findall(r"font-family:([^;]+);", css)
              if "Reverie Hangul" in stack and "sans-serif" in stack]
    assert len(stacks) == 2
    for stack in stacks:
        assert stack.index("Malgun Gothic") < stack.index("Reverie Hangul")
