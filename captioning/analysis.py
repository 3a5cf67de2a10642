"""Measurements of a picture: palette, light, colour, warmth, contrast, texture, composition,
and what is in it where that can be told reliably (captioning.scene).

Everything is measured on a copy at most ANALYSIS_SIDE pixels on its long side, in CIELAB,
with plain numpy and no randomness, so the same picture always gives the same numbers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from PIL import Image

from captioning.colours import hex_of, hsv_hue, lab_to_lch, name_colours, srgb_to_lab
from captioning.layout import Composition, composition_of
from captioning.scene import CLAIM, ELEMENTS, detect
from captioning.text_marks import TEXT_SIDE

ANALYSIS_SIDE = 256
_MIN_SHORT_SIDE = 16
PALETTE_CLUSTERS = 6
PALETTE_SIZE = 5
# k-means runs on a regular subsample: plenty for shares to the nearest percent, and fast.
_KMEANS_SAMPLES = 12_000
_KMEANS_ROUNDS = 12
_MIN_SHARE = 0.03
# Mean CIELAB chroma that counts as fully saturated for a whole picture (a field of pure sRGB
# orange has about 80, vivid photographs 40–60, overcast ones 10–15).
_VIVID_CHROMA = 70.0
# Mean gradient (L* units per analysed pixel) at which texture reaches 1 − 1/e.
_TEXTURE_SCALE = 8.0
_EDGE_GRADIENT = 10.0
_FLAT_GRADIENT = 0.5
# Warmth of each CIELAB hue angle: reds, oranges and yellows warm; cyans and blues cool; greens
# and purples in between (the yellow–orange vs blue axis of colour–temperature judgements).
_WARMTH_HUES = (0, 30, 60, 95, 130, 165, 200, 250, 300, 330)
_WARMTH_VALUES = (0.4, 0.9, 1.0, 0.8, 0.15, -0.35, -0.85, -1.0, -0.7, -0.1)
# Below this chroma a pixel's hue is noise; warmth fades in linearly up to it.
_CHROMA_FOR_HUE = 25.0


@dataclass(frozen=True)
class Swatch:
    name: str
    family: str
    hex: str
    share: float
    lightness: float
    chroma: float
    hue: float  # everyday hue wheel, degrees


@dataclass(frozen=True)
class Analysis:
    width: int
    height: int
    lightness: float  # mean L*, 0–1
    saturation: float  # mean chroma relative to _VIVID_CHROMA, 0–1
    warmth: float  # -1 blue … 1 orange
    contrast: float  # RMS contrast of L*, 0–1
    texture: float  # 0 smooth … 1 busy
    edges: float  # share of pixels on a strong edge
    flat_area: float  # share of pixels with (almost) no gradient: flat colour, as in graphics
    colour_spread: float  # standard deviation of CIELAB colour (ΔE units)
    hue: float | None  # dominant chromatic hue in degrees, None for a greyish picture
    palette: tuple[Swatch, ...]
    composition: Composition
    elements: dict[str, float]  # confidence that each of scene.ELEMENTS is in the picture

    @property
    def seen(self) -> tuple[str, ...]:
        """What the picture shows, as far as measurement can tell with confidence."""
        return tuple(name for name in ELEMENTS if self.elements.get(name, 0.0) >= CLAIM)

    @property
    def is_flat(self) -> bool:
        return self.colour_spread < 4 and self.texture < 0.05

    def features(self) -> dict[str, Any]:
        """JSON-ready: the keys prompt_for_mood needs, plus the rest of what was measured."""
        return {
            "hue": None if self.hue is None else round(self.hue, 1),
            "warmth": round(self.warmth, 3) + 0.0,  # never "-0.0"
            "texture": round(self.texture, 3),
            "lightness": round(self.lightness, 3),
            "saturation": round(self.saturation, 3),
            "contrast": round(self.contrast, 3),
            "edges": round(self.edges, 3),
            "flat_area": round(self.flat_area, 3),
            "colour_spread": round(self.colour_spread, 2),
            "palette": [{"name": s.name, "family": s.family, "hex": s.hex,
                         "share": round(s.share, 3)} for s in self.palette],
            "composition": asdict(self.composition),
            "elements": dict(self.elements),
            "size": [self.width, self.height],
        }


def analyse(image: Image.Image) -> Analysis:
    image = image if image.mode == "RGB" else image.convert("RGB")
    rgb = np.asarray(_downscale(image), dtype=np.uint8)
    lab = srgb_to_lab(rgb)
    lightness, chroma, lab_hue = lab_to_lch(lab)
    palette = _palette(rgb.reshape(-1, 3), lab.reshape(-1, 3))
    texture, edges, flat_area = _texture(lightness)
    return Analysis(
        width=image.width,
        height=image.height,
        lightness=float(lightness.mean() / 100),
        saturation=float(min(1.0, chroma.mean() / _VIVID_CHROMA)),
        warmth=_warmth(chroma, lab_hue),
        contrast=float(min(1.0, lightness.std() / 50)),
        texture=texture,
        edges=edges,
        flat_area=flat_area,
        colour_spread=float(np.sqrt(lab.reshape(-1, 3).var(axis=0).sum())),
        hue=_dominant_hue(palette),
        palette=palette,
        composition=composition_of(lab, aspect=image.width / image.height),
        elements=detect(lab, rgb, _text_lightness(image)),
    )


def _text_lightness(image: Image.Image) -> np.ndarray:
    # Gamma-encoded luma stands in for L*: close enough to see dark strokes on a light page,
    # and a whole-factor reduce keeps a 2048 px photo fast.
    factor = max(1, -(-max(image.size) // TEXT_SIDE))
    small = image.reduce(factor) if factor > 1 else image
    return np.asarray(small.convert("L"), dtype=np.float64) * (100 / 255)


def _downscale(image: Image.Image) -> Image.Image:
    scale = ANALYSIS_SIDE / max(image.size)
    if scale >= 1:
        return image
    # A sliver (4000×10) keeps a few rows, or its layout would average away to one line.
    size = tuple(max(round(side * scale), min(side, _MIN_SHORT_SIDE)) for side in image.size)
    # BOX averages every source pixel (no aliasing of fine texture); reducing_gap lets Pillow
    # shrink by whole factors first, which is what keeps a 2048 px photo fast.
    return image.resize(size, Image.Resampling.BOX, reducing_gap=2.0)


def _warmth(chroma: np.ndarray, lab_hue: np.ndarray) -> float:
    per_pixel = np.interp(lab_hue, _WARMTH_HUES, _WARMTH_VALUES, period=360)
    weight = np.minimum(chroma / _CHROMA_FOR_HUE, 1.0)
    return float(np.clip((per_pixel * weight).mean(), -1.0, 1.0))


def _texture(lightness: np.ndarray) -> tuple[float, float, float]:
    height, width = lightness.shape
    gy = np.gradient(lightness, axis=0) if height > 1 else np.zeros_like(lightness)
    gx = np.gradient(lightness, axis=1) if width > 1 else np.zeros_like(lightness)
    magnitude = np.hypot(gx, gy)
    texture = 1 - np.exp(-magnitude.mean() / _TEXTURE_SCALE)
    edges = (magnitude > _EDGE_GRADIENT).mean()
    return float(texture), float(edges), float((magnitude < _FLAT_GRADIENT).mean())


def _palette(rgb: np.ndarray, lab: np.ndarray) -> tuple[Swatch, ...]:
    step = max(1, len(lab) // _KMEANS_SAMPLES)
    rgb, lab = rgb[::step].astype(np.float64), lab[::step]
    labels, centres = _kmeans(lab, _median_cut(lab, PALETTE_CLUSTERS))
    counts = np.bincount(labels, minlength=len(centres)).astype(np.float64)
    rgb_sums = np.stack([np.bincount(labels, rgb[:, c], len(centres)) for c in range(3)], 1)
    names = name_colours(centres)

    merged: dict[str, list[Any]] = {}  # neighbouring clusters often share a name
    for i, colour in enumerate(names):
        if counts[i] == 0:
            continue
        entry = merged.setdefault(colour.name, [colour.family, 0.0, np.zeros(3), np.zeros(3)])
        entry[1] += counts[i]
        entry[2] += rgb_sums[i]
        entry[3] += centres[i] * counts[i]
    total = counts.sum()
    swatches = []
    for name, (family, count, rgb_sum, lab_sum) in merged.items():
        mean_rgb, (light, chroma, _) = rgb_sum / count, lab_to_lch(lab_sum / count)
        swatches.append(Swatch(name=name, family=family, hex=hex_of(mean_rgb),
                               share=float(count / total), lightness=float(light),
                               chroma=float(chroma), hue=hsv_hue(mean_rgb)))
    swatches.sort(key=lambda s: (-s.share, s.name))
    kept = [s for s in swatches if s.share >= _MIN_SHARE] or swatches[:1]
    return tuple(kept[:PALETTE_SIZE])


def _median_cut(points: np.ndarray, k: int) -> np.ndarray:
    """Deterministic starting centres: split the fullest box at the median of its widest axis."""
    boxes = [points]
    while len(boxes) < k:
        spread = [box.var(axis=0).sum() * len(box) for box in boxes]
        index = int(np.argmax(spread))
        if spread[index] <= 1e-9:
            break
        box = boxes[index]
        column = box[:, int(box.var(axis=0).argmax())]
        lower = column < np.median(column)
        if not lower.any():
            lower = column <= np.median(column)
        boxes[index:index + 1] = [box[lower], box[~lower]]
    return np.array([box.mean(axis=0) for box in boxes])


def _kmeans(points: np.ndarray, centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    squared = (points**2).sum(axis=1)[:, None]
    labels = np.zeros(len(points), dtype=np.intp)
    for round_ in range(_KMEANS_ROUNDS):
        distance = squared - 2 * points @ centres.T + (centres**2).sum(axis=1)[None, :]
        new_labels = distance.argmin(axis=1)
        if round_ and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        counts = np.bincount(labels, minlength=len(centres))
        for axis in range(3):
            sums = np.bincount(labels, points[:, axis], len(centres))
            # An emptied cluster keeps its old centre rather than becoming NaN.
            centres[:, axis] = np.where(counts > 0, sums / np.maximum(counts, 1),
                                        centres[:, axis])
    return labels, centres


def _dominant_hue(palette: tuple[Swatch, ...]) -> float | None:
    """The hue of the colour that most owns the picture; None when nothing is really coloured."""
    scored = [(s.share * min(1.0, s.chroma / 20), s) for s in palette if s.chroma >= 8]
    if not scored:
        return None
    score, swatch = max(scored, key=lambda pair: pair[0])
    return swatch.hue if score >= 0.05 else None
