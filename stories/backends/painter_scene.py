"""What the offline painter adds for a page's scene: the weather over the place, the things the
page names, the helper beside the hero. Every drawer records what it drew, so a picture's
content can be checked against its page."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from PIL import ImageDraw

from stories.backends.grammar import lemma

Box = tuple[float, float, float]  # x, ground y, size
INK = (40, 32, 48)


def weather_draw(draw: ImageDraw.ImageDraw, w: int, h: int, weather: str,
                 rng: random.Random) -> list[str]:
    if weather in {"rain", "storm"}:
        for _ in range(220):
            x, y = rng.uniform(0, w), rng.uniform(0, h)
            draw.line([x, y, x - 10, y + 34], fill=(200, 215, 235), width=4)
        if weather == "storm":
            x = rng.uniform(0.2, 0.8) * w
            draw.line([x, 0, x - 40, h * 0.2, x + 10, h * 0.22, x - 30, h * 0.42],
                      fill=(255, 240, 140), width=10)
        return ["rain"] + (["lightning"] if weather == "storm" else [])
    if weather == "snow":
        for _ in range(180):
            x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(3, 8)
            draw.ellipse([x - r, y - r, x + r, y + r], fill=(255, 255, 255))
        return ["snowflakes"]
    if weather == "wind":
        for _ in range(8):
            x, y = rng.uniform(0, w * 0.8), rng.uniform(0.1, 0.5) * h
            draw.arc([x, y, x + 260, y + 60], 200, 340, fill=(250, 250, 255), width=6)
        return ["wind"]
    if weather == "fog":
        for i in range(6):
            y = h * (0.3 + i * 0.1)
            draw.rectangle([0, y, w, y + 30], fill=(225, 228, 232))
        return ["fog"]
    return []


def _umbrella(d: ImageDraw.ImageDraw, x: float, y: float, s: float) -> None:
    d.pieslice([x - s, y - s, x + s, y + s], 180, 360, fill=(220, 60, 80), outline=INK, width=5)
    d.line([x, y, x, y + s * 1.1], fill=INK, width=6)
    d.arc([x, y + s * 0.9, x + s * 0.3, y + s * 1.2], 0, 180, fill=INK, width=6)


def _puddle(d: ImageDraw.ImageDraw, x: float, y: float, s: float) -> None:
    d.ellipse([x - s * 1.4, y + s * 0.7, x + s * 1.4, y + s * 1.1], fill=(110, 150, 200))


def _kite(d: ImageDraw.ImageDraw, x: float, y: float, s: float) -> None:
    top = y - s * 2.2
    d.polygon([(x, top - s * 0.6), (x + s * 0.4, top), (x, top + s * 0.7), (x - s * 0.4, top)],
              fill=(240, 90, 60), outline=INK)
    d.line([x, top + s * 0.7, x - s * 0.5, y + s], fill=INK, width=3)


def _snowman(d: ImageDraw.ImageDraw, x: float, y: float, s: float) -> None:
    for r, dy in ((0.6, 0.5), (0.42, -0.4), (0.3, -1.05)):
        d.ellipse([x - s * r, y + s * dy - s * r, x + s * r, y + s * dy + s * r],
                  fill=(250, 250, 255), outline=INK, width=4)
    d.polygon([(x, y - s * 1.05), (x + s * 0.35, y - s * 1.0), (x, y - s * 0.95)],
              fill=(240, 130, 40))


def _star(d: ImageDraw.ImageDraw, x: float, y: float, s: float) -> None:
    cy = y - s * 1.6
    points = []
    for i in range(10):
        r = s * (0.5 if i % 2 == 0 else 0.22)
        a = math.pi / 2 + i * math.pi / 5
        points.append((x + r * math.cos(a), cy - r * math.sin(a)))
    d.polygon(points, fill=(255, 220, 70), outline=INK)


def _round(colour: tuple[int, int, int]) -> Callable:
    def drawer(d: ImageDraw.ImageDraw, x: float, y: float, s: float) -> None:
        d.ellipse([x - s * 0.4, y - s * 0.4, x + s * 0.4, y + s * 0.4], fill=colour,
                  outline=INK, width=4)
    return drawer


def _box(colour: tuple[int, int, int]) -> Callable:
    def drawer(d: ImageDraw.ImageDraw, x: float, y: float, s: float) -> None:
        d.rectangle([x - s * 0.45, y - s * 0.5, x + s * 0.45, y + s * 0.3], fill=colour,
                    outline=INK, width=4)
        d.line([x, y - s * 0.5, x, y + s * 0.3], fill=(250, 230, 120), width=6)
    return drawer


def _balloon(d: ImageDraw.ImageDraw, x: float, y: float, s: float) -> None:
    d.ellipse([x - s * 0.4, y - s * 2.4, x + s * 0.4, y - s * 1.4], fill=(230, 60, 90),
              outline=INK, width=4)
    d.line([x, y - s * 1.4, x, y + s * 0.3], fill=INK, width=3)


def _lantern(d: ImageDraw.ImageDraw, x: float, y: float, s: float) -> None:
    d.rectangle([x - s * 0.25, y - s * 0.6, x + s * 0.25, y + s * 0.2], fill=(255, 214, 90),
                outline=INK, width=4)
    d.arc([x - s * 0.2, y - s * 0.9, x + s * 0.2, y - s * 0.5], 180, 360, fill=INK, width=4)


DRAWERS: dict[str, Callable] = {
    "umbrella": _umbrella, "puddle": _puddle, "raindrop": _puddle, "kite": _kite,
    "snowman": _snowman, "star": _star, "balloon": _balloon, "lantern": _lantern,
    "ball": _round((240, 120, 60)), "cake": _box((250, 200, 220)),
    "gift": _box((120, 90, 200)), "present": _box((120, 90, 200)), "box": _box((190, 140, 90)),
    "basket": _box((180, 130, 70)), "map": _box((240, 226, 180)), "key": _round((225, 180, 50)),
    "shell": _round((250, 210, 200)), "moon": _round((250, 244, 210)),
    "sled": _box((200, 60, 50)), "leaf": _round((220, 150, 40)), "apple": _round((210, 40, 50)),
}


def objects_draw(draw: ImageDraw.ImageDraw, objects: list[str], hero_x: float, ground: float,
                 size: float, w: int) -> list[str]:
    """Draw each named thing near the hero; a thing without its own drawer is a plain
    parcel in a colour of its own, so it is still there to see."""
    drawn = []
    for i, name in enumerate(objects[:4]):
        key = lemma(name.split()[-1])
        drawer = DRAWERS.get(key) or _box(_colour_of(key))
        side = 1 if i % 2 == 0 else -1
        x = min(max(hero_x + side * size * (0.75 + 0.45 * (i // 2)), size * 0.4), w - size * 0.4)
        drawer(draw, x, ground - size * 0.15, size * 0.45)
        drawn.append(name)
    return drawn


def _colour_of(word: str) -> tuple[int, int, int]:
    seed = sum(ord(c) for c in word)
    return (90 + seed * 37 % 150, 90 + seed * 53 % 150, 90 + seed * 71 % 150)
