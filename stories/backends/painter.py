"""A small scene painter for the offline illustrator: sky, place, weather of the hour, and the
main character in its sheet's colours, in one of the art styles."""

from __future__ import annotations

import random
import re

from PIL import Image, ImageDraw, ImageFilter, ImageOps

from stories.backends.characters import COLOURS
from stories.backends.painter_scene import objects_draw, weather_draw
from stories.backends.scenes import scene_field
from stories.backends.themes import SETTINGS, TIMES

SKIES = {
    "morning": ((168, 214, 240), (255, 222, 196)),
    "day": ((110, 180, 235), (208, 236, 250)),
    "evening": ((94, 72, 150), (250, 166, 110)),
    "night": ((16, 24, 64), (52, 64, 120)),
}
GROUND = {
    "seaside": (236, 214, 160), "space": (90, 90, 120), "forest": (74, 140, 72),
    "snow": (240, 244, 250), "school": (120, 176, 96), "farm": (138, 178, 84),
    "garden": (96, 172, 88), "castle": (112, 160, 92), "mountains": (128, 150, 110),
    "pond": (100, 168, 96), "town": (150, 150, 156), "home": (196, 150, 108),
}
GREY_SKIES = {"rain": ((120, 128, 140), (180, 186, 196)),
              "storm": ((70, 74, 90), (130, 134, 150)),
              "snow": ((200, 206, 218), (236, 240, 246)),
              "fog": ((196, 200, 206), (226, 228, 232))}
HELPER_KINDS = ("owl", "squirrel", "bear", "hare", "crab", "gull", "mouse", "cow", "dog",
                "bee", "snail", "cat", "goat", "eagle", "duck", "turtle", "pigeon", "knight",
                "teacher", "girl", "baker", "grandma", "comet")
HELPER_COLOURS = [[(150, 110, 70), (240, 220, 180)], [(240, 240, 245), (120, 160, 220)],
                  [(230, 170, 60), (90, 60, 40)], [(120, 180, 120), (250, 230, 120)]]
PLACE_DRAWN = {"seaside": "sea, waves", "forest": "forest, trees", "snow": "snow, trees",
               "mountains": "mountains, rocks", "castle": "castle, towers", "farm": "farm, barn",
               "school": "school, swings", "garden": "garden, flowers", "pond": "pond, water",
               "town": "town, houses", "home": "home, window", "space": "space, planets"}
KINDS = ("cat", "frog", "rabbit", "robot", "dragon", "princess", "boy", "girl", "bear",
         "dog", "fox", "mouse", "bird", "owl", "hedgehog")
STYLE_WORDS = {"watercolour": "watercolour", "crayon": "crayon", "paper cut": "paper-cut",
               "pixel": "pixel"}


def paint(prompt: str, *, seed: int, size: tuple[int, int]) -> Image.Image:
    return paint_scene(prompt, seed=seed, size=size)[0]


def paint_scene(prompt: str, *, seed: int, size: tuple[int, int]
                ) -> tuple[Image.Image, list[str]]:
    """The picture, and the list of what it shows (the hero and pose, helper, things,
    weather), read from the prompt's scene fields (stories.backends.scenes)."""
    sheet, _, scene = prompt.partition("Scene:")
    scene_words = set(re.findall(r"[a-z]+", scene.lower()))
    setting = _setting(scene.lower(), scene_words)
    time = next((t for t, words in TIMES if t in scene_words or any(
        w in scene_words for w in words[:2])), "day")
    weather = scene_field(scene, "Weather") or "clear"
    objects = [o.strip() for o in scene_field(scene, "Objects").split(",")
               if o.strip() and o.strip() != "none"]
    helper = scene_field(scene, "Helper")
    pose = scene_field(scene, "Pose") or "standing"
    listed = re.search(r"colou?rs:([^.\n]*)", sheet.lower())
    colours = [COLOURS[c] for c in re.findall(r"[a-z]+", listed.group(1) if listed
                                              else sheet.lower()) if c in COLOURS]
    colours = [_rgb(c) for c in colours] or [(240, 140, 40), (60, 120, 220)]
    kind = next((k for k in KINDS if re.search(rf"\b{k}", sheet.lower())), "creature")
    rng = random.Random(seed)
    scale = 2  # drawn at twice the size and reduced: smooth edges without antialiasing
    w, h = size[0] * scale, size[1] * scale
    image = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(image)
    _sky(draw, w, h, time, rng, setting, weather)
    horizon = int(h * (0.62 if setting != "space" else 0.8))
    _place(draw, w, h, horizon, setting, time, rng)
    if weather == "snow" and setting != "snow":
        draw.rectangle([0, horizon, w, h], fill=(240, 244, 250))
    drawn = [f"hero {pose}", f"place {setting}: {PLACE_DRAWN.get(setting, setting)}",
             "night sky, dark, moon, stars" if time == "night" or setting == "space"
             else f"{time} sky"]
    spot = rng.uniform(0.25, 0.75) * w
    ground, tall = horizon + (h - horizon) * 0.55, h * 0.36
    if helper and helper != "none":
        helper_kind = next((k for k in HELPER_KINDS if k in helper.lower()), "creature")
        side = -1 if spot > w / 2 else 1
        _character(draw, spot + side * tall * 1.1, ground + 10, tall * 0.7, helper_kind,
                   HELPER_COLOURS[sum(map(ord, helper)) % len(HELPER_COLOURS)], "standing")
        drawn.append(f"helper {helper}")
    drawn += objects_draw(draw, objects, spot, ground, tall, w)
    _character(draw, spot, ground, tall, kind, colours, pose)
    drawn += weather_draw(draw, w, h, weather, rng)
    image = image.resize(size, Image.Resampling.LANCZOS)
    style = next((s for k, s in STYLE_WORDS.items() if k in prompt.lower()), "storybook")
    return _styled(image, style, rng), drawn


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _setting(scene: str, words: set[str]) -> str:
    named = re.search(r"\((\w+)\)", scene)
    if named and named.group(1) in GROUND:
        return named.group(1)
    found = next((s.key for s in SETTINGS if words & set(s.words)), None)
    return found or "garden"


def _mix(a: tuple, b: tuple, t: float) -> tuple[int, int, int]:
    return tuple(int(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore


def _sky(draw: ImageDraw.ImageDraw, w: int, h: int, time: str, rng: random.Random,
         setting: str, weather: str = "clear") -> None:
    top, bottom = SKIES["night" if setting == "space" else time]
    if weather in GREY_SKIES and time != "night":
        top, bottom = GREY_SKIES[weather]
        for y in range(0, h, 4):
            draw.rectangle([0, y, w, y + 4], fill=_mix(top, bottom, y / h))
        return
    for y in range(0, h, 4):
        draw.rectangle([0, y, w, y + 4], fill=_mix(top, bottom, y / h))
    if time == "night" or setting == "space":
        for _ in range(70):
            x, y, r = rng.uniform(0, w), rng.uniform(0, h * 0.6), rng.uniform(1.5, 4)
            draw.ellipse([x - r, y - r, x + r, y + r], fill=(255, 250, 220))
        draw.ellipse([w * 0.78, h * 0.08, w * 0.9, h * 0.26], fill=(250, 244, 210))
    else:
        sun = (255, 214, 90) if time != "evening" else (255, 150, 80)
        cx, cy = w * (0.15 if time == "morning" else 0.8), h * (0.3 if time == "evening"
                                                                  else 0.15)
        draw.ellipse([cx - 60, cy - 60, cx + 60, cy + 60], fill=sun)
        for _ in range(3):
            x, y = rng.uniform(0.1, 0.9) * w, rng.uniform(0.05, 0.3) * h
            for dx, r in ((0, 50), (55, 65), (115, 45)):
                draw.ellipse([x + dx - r, y - r, x + dx + r, y + r], fill=(250, 250, 255))


def _place(draw: ImageDraw.ImageDraw, w: int, h: int, horizon: int, setting: str, time: str,
           rng: random.Random) -> None:
    dim = 0.45 if time == "night" else 0.15 if time == "evening" else 0.0
    ground = _mix(GROUND[setting], (20, 20, 50), dim)
    if setting == "home":
        draw.rectangle([0, 0, w, horizon], fill=_mix((250, 226, 190), (40, 40, 80), dim))
        draw.rectangle([w * 0.6, h * 0.12, w * 0.88, h * 0.45], fill=(120, 170, 220),
                       outline=(120, 80, 50), width=14)
    draw.rectangle([0, horizon, w, h], fill=ground)
    if setting == "seaside":
        sea = _mix((60, 140, 200), (10, 20, 60), dim)
        draw.rectangle([0, horizon - 90, w, horizon + 40], fill=sea)
        for x in range(0, w, 90):
            draw.arc([x, horizon - 60, x + 90, horizon - 20], 200, 340, fill=(240, 250, 255),
                     width=6)
    elif setting == "space":
        for _ in range(3):
            x, y, r = rng.uniform(0.1, 0.9) * w, rng.uniform(0.15, 0.5) * h, rng.uniform(30, 80)
            draw.ellipse([x - r, y - r, x + r, y + r], fill=rng.choice(
                [(240, 120, 90), (120, 200, 160), (200, 160, 240)]))
        for x in range(0, w, 140):
            draw.ellipse([x, horizon + 30, x + 70, horizon + 60], fill=(70, 70, 96))
    elif setting in {"forest", "snow", "mountains"}:
        if setting == "mountains":
            for x in range(-200, w, 360):
                draw.polygon([(x, horizon), (x + 260, h * 0.2), (x + 520, horizon)],
                             fill=_mix((120, 120, 140), (30, 30, 60), dim))
        leaf = (255, 255, 255) if setting == "snow" else _mix((40, 110, 60), (10, 30, 30), dim)
        for x in sorted(rng.uniform(0, w) for _ in range(7)):
            top = horizon - rng.uniform(160, 320)
            draw.rectangle([x - 10, horizon - 40, x + 10, horizon + 10], fill=(110, 70, 40))
            draw.polygon([(x - 70, horizon - 30), (x, top), (x + 70, horizon - 30)], fill=leaf)
    elif setting in {"garden", "farm", "school", "pond"}:
        if setting == "pond":
            draw.ellipse([w * 0.05, horizon + 40, w * 0.55, h * 0.95], fill=(80, 150, 210))
        if setting in {"farm", "school"}:
            red = (190, 60, 50) if setting == "farm" else (220, 160, 80)
            draw.rectangle([w * 0.06, horizon - 220, w * 0.32, horizon], fill=red)
            draw.polygon([(w * 0.04, horizon - 220), (w * 0.19, horizon - 330),
                          (w * 0.34, horizon - 220)], fill=(120, 60, 50))
        for _ in range(26):
            x, y = rng.uniform(0, w), rng.uniform(horizon + 20, h)
            draw.ellipse([x - 12, y - 12, x + 12, y + 12], fill=rng.choice(
                [(240, 90, 120), (250, 220, 80), (255, 255, 255), (170, 110, 230)]))
    elif setting in {"castle", "town"}:
        stone = _mix((180, 176, 190), (40, 40, 70), dim)
        for i, x in enumerate(range(60, w, 280 if setting == "castle" else 200)):
            top = horizon - (380 if setting == "castle" and i % 2 else 260)
            draw.rectangle([x, top, x + 160, horizon], fill=stone)
            for wx in range(x + 30, x + 140, 50):
                draw.rectangle([wx, top + 50, wx + 24, top + 90],
                               fill=(255, 220, 120) if time == "night" else (90, 110, 150))


def _character(draw: ImageDraw.ImageDraw, x: float, base: float, size: float, kind: str,
               colours: list[tuple[int, int, int]], pose: str = "standing") -> None:
    main, accent = colours[0], colours[1 % len(colours)]
    outline = (40, 32, 48)
    s = size
    shadow_y = base
    base, x = base - POSE_LIFT.get(pose, 0) * s, x + POSE_LEAN.get(pose, 0) * s
    _arms(draw, x, base, s, pose, main if kind not in {"boy", "girl", "princess"}
          else (236, 190, 150))
    if shadow_y != base:
        draw.ellipse([x - s * 0.3, shadow_y - s * 0.05, x + s * 0.3, shadow_y + s * 0.04],
                     fill=_mix(main, (30, 30, 30), 0.8))
    draw.ellipse([x - s * 0.45, base - s * 0.08, x + s * 0.45, base + s * 0.06],
                 fill=(0, 0, 0, 60) if False else _mix(main, (30, 30, 30), 0.8))
    person = kind in {"boy", "girl", "princess"}
    body_colour = accent if person else main
    if kind == "robot":
        draw.rounded_rectangle([x - s * 0.3, base - s * 0.7, x + s * 0.3, base], 30,
                               fill=main, outline=outline, width=6)
        draw.line([x, base - s * 1.15, x, base - s * 1.3], fill=outline, width=8)
        draw.ellipse([x - 18, base - s * 1.36, x + 18, base - s * 1.28], fill=accent)
    else:
        draw.ellipse([x - s * 0.3, base - s * 0.75, x + s * 0.3, base], fill=body_colour,
                     outline=outline, width=6)
    head_y, r = base - s * 0.9, s * 0.26
    head = (236, 190, 150) if person else main
    if kind in {"cat", "fox", "creature", "hedgehog", "dog"}:
        for side in (-1, 1):
            draw.polygon([(x + side * r * 0.9, head_y - r * 0.2), (x + side * r * 0.8,
                          head_y - r * 1.5), (x + side * r * 0.2, head_y - r * 0.8)],
                         fill=main, outline=outline)
    if kind == "rabbit":
        for side in (-1, 1):
            draw.ellipse([x + side * r * 0.5 - 18, head_y - r * 2.4, x + side * r * 0.5 + 18,
                          head_y - r * 0.5], fill=main, outline=outline, width=5)
    if kind == "dragon":
        for side in (-1, 1):
            draw.polygon([(x + side * s * 0.2, base - s * 0.6), (x + side * s * 0.75,
                          base - s * 1.0), (x + side * s * 0.6, base - s * 0.35)],
                         fill=accent, outline=outline)
    shape = draw.rounded_rectangle if kind == "robot" else None
    if shape:
        shape([x - r, head_y - r, x + r, head_y + r], 20, fill=main, outline=outline, width=6)
    else:
        draw.ellipse([x - r, head_y - r, x + r, head_y + r], fill=head, outline=outline,
                     width=6)
    if person:
        hair = colours[2] if len(colours) > 2 else (90, 60, 40)
        draw.chord([x - r, head_y - r, x + r, head_y + r * 0.4], 180, 360, fill=hair)
        if kind == "princess":
            draw.polygon([(x - r * 0.6, head_y - r * 0.9), (x - r * 0.6, head_y - r * 1.5),
                          (x - r * 0.2, head_y - r * 1.1), (x, head_y - r * 1.6),
                          (x + r * 0.2, head_y - r * 1.1), (x + r * 0.6, head_y - r * 1.5),
                          (x + r * 0.6, head_y - r * 0.9)], fill=(230, 180, 50))
    eye_y = head_y - r * (0.9 if kind == "frog" else 0.05)
    for side in (-1, 1):
        ex = x + side * r * 0.4
        if kind == "frog":
            draw.ellipse([ex - 26, eye_y - 26, ex + 26, eye_y + 26], fill=main, outline=outline,
                         width=5)
        draw.ellipse([ex - 12, eye_y - 12, ex + 12, eye_y + 12], fill=(255, 255, 255))
        draw.ellipse([ex - 6, eye_y - 6, ex + 6, eye_y + 6], fill=outline)
    draw.arc([x - r * 0.35, head_y, x + r * 0.35, head_y + r * 0.55], 20, 160, fill=outline,
             width=5)
    draw.rectangle([x - s * 0.28, base - s * 0.62, x + s * 0.28, base - s * 0.55], fill=accent)


POSE_LIFT = {"jumping": 0.35, "sitting": -0.12}
POSE_LEAN = {"running": 0.12, "looking": -0.05}
ARM_ANGLES = {  # (left, right) arm ends relative to the shoulder, in body sizes
    "jumping": ((-0.45, -0.45), (0.45, -0.45)), "waving": ((-0.35, 0.2), (0.4, -0.5)),
    "hugging": ((0.1, 0.05), (-0.1, 0.05)), "running": ((-0.45, 0.0), (0.4, -0.25)),
    "looking": ((-0.35, 0.25), (0.2, -0.35)), "sad": ((-0.2, 0.4), (0.2, 0.4)),
    "sitting": ((-0.4, 0.15), (0.4, 0.15)), "standing": ((-0.38, 0.3), (0.38, 0.3)),
}


def _arms(draw: ImageDraw.ImageDraw, x: float, base: float, s: float, pose: str,
          colour: tuple[int, int, int]) -> None:
    shoulder = base - s * 0.55
    for (dx, dy), side in zip(ARM_ANGLES.get(pose, ARM_ANGLES["standing"]), (-1, 1),
                              strict=True):
        start = (x + side * s * 0.22, shoulder)
        end = (x + dx * s, shoulder + dy * s)
        draw.line([start, end], fill=(40, 32, 48), width=int(s * 0.09) + 6)
        draw.line([start, end], fill=colour, width=int(s * 0.09))


def _styled(image: Image.Image, style: str, rng: random.Random) -> Image.Image:
    if style == "watercolour":
        soft = image.filter(ImageFilter.GaussianBlur(3))
        paper = Image.effect_noise(image.size, 18).convert("RGB")
        return Image.blend(soft, ImageOps.autocontrast(paper), 0.08)
    if style == "crayon":
        grain = Image.effect_noise(image.size, 40).convert("RGB")
        return Image.blend(image.filter(ImageFilter.EDGE_ENHANCE_MORE), grain, 0.12)
    if style == "paper-cut":
        return ImageOps.posterize(image, 3).filter(ImageFilter.SMOOTH_MORE)
    if style == "pixel":
        small = image.resize((image.width // 8, image.height // 8), Image.Resampling.BILINEAR)
        return small.quantize(32).convert("RGB").resize(image.size, Image.Resampling.NEAREST)
    return image.filter(ImageFilter.SMOOTH)
