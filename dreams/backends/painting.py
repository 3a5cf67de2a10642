"""The offline dream painter's brushes: a sky in the dream's palette, then its motifs.

The palette comes from the dream's first emotion; each retrieved symbol whose motif we can
draw adds a layer (water, hills, a house, a moon, birds…), in the order of a landscape:
sky things, far things, near things. A soft vignette makes it dreamlike. Deterministic per
seed, so the same dream always gets the same picture.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFilter

Colour = tuple[int, int, int]
WIDTH, HEIGHT = 768, 512
HORIZON = int(HEIGHT * 0.62)

PALETTES: dict[str, tuple[Colour, Colour, Colour, Colour]] = {
    # sky top, sky bottom, ground, accent
    "happiness": ((250, 196, 120), (255, 236, 200), (120, 150, 96), (255, 250, 230)),
    "apprehension": ((22, 20, 58), (70, 52, 110), (28, 26, 44), (190, 180, 255)),
    "sadness": ((60, 78, 104), (150, 166, 186), (70, 80, 92), (220, 228, 240)),
    "anger": ((80, 12, 20), (220, 90, 50), (48, 22, 24), (255, 200, 120)),
    "confusion": ((40, 90, 100), (170, 120, 190), (60, 70, 90), (240, 220, 140)),
    "": ((46, 40, 96), (196, 150, 200), (52, 48, 86), (255, 236, 200)),
}


def paint(*, motifs: list[str], emotion: str, seed: int) -> Image.Image:
    rng = random.Random(seed)
    top, bottom, ground, accent = PALETTES.get(emotion, PALETTES[""])
    image = Image.new("RGB", (WIDTH, HEIGHT))
    _gradient(image, top, bottom)
    draw = ImageDraw.Draw(image, "RGBA")
    layers = sorted({m for m in motifs if m in BRUSHES}, key=lambda m: ORDER.index(m))
    if not any(m in GROUNDS for m in layers):
        layers.insert(0, "hills")
    for motif in layers:
        BRUSHES[motif](draw, rng, ground, accent)
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    return _vignette(image)


def _gradient(image: Image.Image, top: Colour, bottom: Colour) -> None:
    draw = ImageDraw.Draw(image)
    for y in range(HEIGHT):
        t = y / (HEIGHT - 1)
        draw.line([(0, y), (WIDTH, y)], fill=tuple(int(a + (b - a) * t)
                                                   for a, b in zip(top, bottom, strict=True)))


def _vignette(image: Image.Image) -> Image.Image:
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).ellipse([-WIDTH * 0.15, -HEIGHT * 0.2, WIDTH * 1.15, HEIGHT * 1.2],
                                 fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(60))
    dark = Image.new("RGB", image.size, (12, 10, 24))
    return Image.composite(image, dark, mask)


def _shade(colour: Colour, amount: float, alpha: int = 255) -> tuple[int, int, int, int]:
    return (*(max(0, min(255, int(c * amount))) for c in colour), alpha)


def _moon(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour, accent: Colour) -> None:
    x, y, r = rng.randint(520, 680), rng.randint(50, 110), rng.randint(30, 44)
    for glow in range(5, 0, -1):
        draw.ellipse([x - r - glow * 10, y - r - glow * 10, x + r + glow * 10, y + r + glow * 10],
                     fill=(*accent, 12))
    draw.ellipse([x - r, y - r, x + r, y + r], fill=(*accent, 240))


def _stars(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour,
           accent: Colour) -> None:
    for _ in range(70):
        x, y, r = rng.randint(0, WIDTH), rng.randint(0, HORIZON - 40), rng.choice((1, 1, 2))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(255, 255, 240, rng.randint(120, 255)))


def _sun(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour, accent: Colour) -> None:
    x, r = rng.randint(200, 560), 56
    for glow in range(6, 0, -1):
        draw.ellipse([x - r - glow * 14, HORIZON - r - glow * 14, x + r + glow * 14,
                      HORIZON + r + glow * 14], fill=(255, 220, 150, 14))
    draw.ellipse([x - r, HORIZON - r, x + r, HORIZON + r], fill=(255, 226, 160, 235))


def _clouds(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour,
            accent: Colour) -> None:
    for _ in range(5):
        x, y = rng.randint(-40, WIDTH), rng.randint(40, HORIZON - 120)
        for _puff in range(5):
            w, h = rng.randint(60, 120), rng.randint(24, 44)
            dx, dy = rng.randint(-60, 60), rng.randint(-12, 12)
            draw.ellipse([x + dx - w, y + dy - h, x + dx + w, y + dy + h],
                         fill=(255, 255, 255, 38))


def _rain(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour, accent: Colour) -> None:
    for _ in range(220):
        x, y = rng.randint(-100, WIDTH), rng.randint(0, HEIGHT)
        draw.line([(x, y), (x + 8, y + 22)], fill=(220, 230, 255, 90), width=1)


def _snow(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour, accent: Colour) -> None:
    for _ in range(160):
        x, y, r = rng.randint(0, WIDTH), rng.randint(0, HEIGHT), rng.choice((1, 2, 3))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(255, 255, 255, 200))


def _lightning(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour,
               accent: Colour) -> None:
    x, y, points = rng.randint(150, 600), 0, []
    while y < HORIZON:
        points.append((x, y))
        x, y = x + rng.randint(-40, 40), y + rng.randint(30, 60)
    draw.line(points, fill=(255, 255, 220, 230), width=4)


def _birds(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour,
           accent: Colour) -> None:
    for _ in range(rng.randint(4, 8)):
        x, y, s = rng.randint(60, 700), rng.randint(60, HORIZON - 100), rng.randint(8, 16)
        draw.line([(x - s, y), (x - s // 3, y - s // 2), (x, y)], fill=(20, 20, 30, 200), width=3)
        draw.line([(x, y), (x + s // 3, y - s // 2), (x + s, y)], fill=(20, 20, 30, 200), width=3)


def _mountains(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour,
               accent: Colour) -> None:
    x = -100
    while x < WIDTH:
        w, h = rng.randint(180, 300), rng.randint(140, 240)
        draw.polygon([(x, HORIZON), (x + w // 2, HORIZON - h), (x + w, HORIZON)],
                     fill=_shade(ground, 1.25, 235))
        draw.polygon([(x + w // 2, HORIZON - h), (x + w // 2 - 24, HORIZON - h + 40),
                      (x + w // 2 + 24, HORIZON - h + 40)], fill=(255, 255, 255, 160))
        x += w - rng.randint(40, 90)


def _hills(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour,
           accent: Colour) -> None:
    for layer, amount in ((0, 1.2), (1, 1.0)):
        points = [(0, HEIGHT)]
        phase = rng.random() * math.tau
        for x in range(0, WIDTH + 16, 16):
            y = HORIZON + layer * 40 - 30 * math.sin(x / 140 + phase) - 12 * math.sin(x / 47)
            points.append((x, y))
        points.append((WIDTH, HEIGHT))
        draw.polygon(points, fill=_shade(ground, amount, 255))


def _water(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour,
           accent: Colour) -> None:
    draw.rectangle([0, HORIZON, WIDTH, HEIGHT], fill=(30, 70, 120, 235))
    for row in range(12):
        y = HORIZON + 10 + row * 15
        for x in range(-20, WIDTH, 60):
            offset = rng.randint(0, 30)
            draw.arc([x + offset, y, x + offset + 50, y + 12], 200, 340,
                     fill=(200, 225, 255, 110), width=2)


def _waves(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour,
           accent: Colour) -> None:
    _water(draw, rng, ground, accent)
    crest = HORIZON - 150
    points = [(0, HEIGHT)] + [(x, crest + 90 * (1 - math.sin(x / 120)) ** 2 / 2)
                              for x in range(0, WIDTH + 8, 8)] + [(WIDTH, HEIGHT)]
    draw.polygon(points, fill=(24, 60, 110, 200))
    draw.line(points[1:-1], fill=(235, 245, 255, 180), width=5)


def _forest(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour,
            accent: Colour) -> None:
    _hills(draw, rng, ground, accent)
    for _ in range(38):
        x, h = rng.randint(-20, WIDTH + 20), rng.randint(90, 200)
        base = HORIZON + rng.randint(10, 90)
        colour = _shade(ground, rng.uniform(0.45, 0.8), 250)
        draw.polygon([(x, base - h), (x - h // 4, base), (x + h // 4, base)], fill=colour)


def _city(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour, accent: Colour) -> None:
    x = 0
    while x < WIDTH:
        w, h = rng.randint(40, 90), rng.randint(100, 280)
        draw.rectangle([x, HORIZON - h, x + w, HEIGHT], fill=_shade(ground, 0.7, 250))
        for wy in range(HORIZON - h + 12, HEIGHT - 20, 22):
            for wx in range(x + 8, x + w - 10, 16):
                if rng.random() < 0.35:
                    draw.rectangle([wx, wy, wx + 7, wy + 10], fill=(*accent, 200))
        x += w + rng.randint(2, 10)


def _house(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour,
           accent: Colour) -> None:
    x, w, h = rng.randint(260, 420), 160, 110
    base = HORIZON + 70
    body = _shade(ground, 0.55, 255)
    draw.rectangle([x, base - h, x + w, base], fill=body)
    draw.polygon([(x - 16, base - h), (x + w // 2, base - h - 80), (x + w + 16, base - h)],
                 fill=_shade(ground, 0.4, 255))
    draw.rectangle([x + 24, base - h + 26, x + 58, base - h + 58], fill=(*accent, 230))
    draw.rectangle([x + w - 60, base - 70, x + w - 28, base], fill=(*accent, 200))


def _stairs(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour,
            accent: Colour) -> None:
    x, y = 120, HEIGHT - 20
    for step in range(9):
        draw.rectangle([x + step * 44, y - step * 30 - 30, x + step * 44 + 60, y - step * 30],
                       fill=_shade(accent, 0.8 - step * 0.04, 220))


def _door(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour, accent: Colour) -> None:
    x, w, h = WIDTH // 2 - 45, 90, 170
    base = HORIZON + 60
    draw.rectangle([x, base - h, x + w, base], fill=(30, 24, 40, 255))
    draw.rectangle([x + 10, base - h + 10, x + w - 10, base], fill=(*accent, 235))
    draw.ellipse([x + w - 28, base - h // 2, x + w - 18, base - h // 2 + 10], fill=(60, 40, 30))


def _fire(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour, accent: Colour) -> None:
    for _ in range(26):
        x, h = rng.randint(150, 620), rng.randint(60, 180)
        base = HORIZON + rng.randint(30, 110)
        for colour, scale in (((230, 70, 30, 170), 1.0), ((255, 190, 60, 190), 0.6)):
            hh, w = int(h * scale), int(22 * scale) + 6
            draw.polygon([(x - w, base), (x, base - hh), (x + w, base)], fill=colour)


def _path(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour, accent: Colour) -> None:
    draw.polygon([(WIDTH // 2 - 8, HORIZON + 4), (WIDTH // 2 + 8, HORIZON + 4),
                  (WIDTH // 2 + 170, HEIGHT), (WIDTH // 2 - 170, HEIGHT)],
                 fill=_shade(accent, 0.7, 150))


def _figure(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour,
            accent: Colour) -> None:
    x, base = rng.randint(180, 580), HEIGHT - 40
    draw.ellipse([x - 12, base - 112, x + 12, base - 88], fill=(16, 14, 24, 245))
    draw.polygon([(x - 22, base), (x, base - 92), (x + 22, base)], fill=(16, 14, 24, 245))


def _falling(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour,
             accent: Colour) -> None:
    x, y = rng.randint(300, 460), rng.randint(90, 160)
    for trail in range(1, 7):
        draw.line([(x - 30, y - trail * 22), (x - 30, y - trail * 22 - 14)],
                  fill=(255, 255, 255, 110), width=2)
    draw.ellipse([x - 12, y - 12, x + 12, y + 12], fill=(16, 14, 24, 240))
    draw.line([(x - 34, y + 10), (x, y + 2), (x + 34, y + 10)], fill=(16, 14, 24, 240), width=6)


Brush = Callable[[ImageDraw.ImageDraw, random.Random, Colour, Colour], None]
BRUSHES: dict[str, Brush] = {
    "stars": _stars, "moon": _moon, "sun": _sun, "clouds": _clouds, "lightning": _lightning,
    "birds": _birds, "falling": _falling, "mountains": _mountains, "hills": _hills,
    "water": _water, "waves": _waves, "city": _city, "forest": _forest, "path": _path,
    "house": _house, "door": _door, "stairs": _stairs, "fire": _fire, "figure": _figure,
    "rain": _rain, "snow": _snow,
}
ORDER = ["stars", "moon", "sun", "clouds", "lightning", "birds", "falling", "mountains",
         "hills", "water", "waves", "city", "forest", "path", "house", "door", "stairs", "fire",
         "figure", "rain", "snow"]
GROUNDS = {"hills", "water", "waves", "city", "forest", "mountains"}
