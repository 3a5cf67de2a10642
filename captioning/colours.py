"""Colour science for the offline captioner: sRGB → CIELAB, and human names for colours.

Names come from the nearest of a small hand-picked dictionary of anchor colours, measured with
CIE94 colour difference, so a palette reads "sage green" or "off-white" rather than a hex code.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

import numpy as np

# D65 reference white and the sRGB → XYZ matrix (IEC 61966-2-1).
_WHITE = np.array([0.95047, 1.0, 1.08883])
_RGB_TO_XYZ = np.array([
    [0.4124564, 0.3575761, 0.1804375],
    [0.2126729, 0.7151522, 0.0721750],
    [0.0193339, 0.1191920, 0.9503041],
])


def _linear_table() -> np.ndarray:
    encoded = np.arange(256) / 255.0
    return np.where(encoded <= 0.04045, encoded / 12.92, ((encoded + 0.055) / 1.055) ** 2.4)


# Linearising through a 256-entry table is much faster than the power law per pixel.
_LINEAR = _linear_table()


def srgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """uint8 sRGB (..., 3) → CIELAB (..., 3) as float64 (L 0–100, a/b roughly ±128)."""
    linear = _LINEAR[np.asarray(rgb, dtype=np.uint8)]
    xyz = linear @ (_RGB_TO_XYZ / _WHITE[:, None]).T
    delta = 6 / 29
    f = np.where(xyz > delta**3, np.cbrt(xyz), xyz / (3 * delta**2) + 4 / 29)
    lightness = 116 * f[..., 1] - 16
    a = 500 * (f[..., 0] - f[..., 1])
    b = 200 * (f[..., 1] - f[..., 2])
    return np.stack([lightness, a, b], axis=-1)


def lab_to_lch(lab: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lightness, chroma and hue angle (degrees, 0–360) of CIELAB colours."""
    chroma = np.hypot(lab[..., 1], lab[..., 2])
    hue = np.degrees(np.arctan2(lab[..., 2], lab[..., 1])) % 360
    return lab[..., 0], chroma, hue


def hex_of(rgb: tuple[float, float, float] | np.ndarray) -> str:
    r, g, b = (round(min(255.0, max(0.0, float(c)))) for c in rgb)
    return f"#{r:02x}{g:02x}{b:02x}"


def hsv_hue(rgb: tuple[float, float, float] | np.ndarray) -> float:
    """The everyday hue wheel (0 red, 60 yellow, 120 green, 240 blue) in degrees."""
    r, g, b = (float(c) / 255 for c in rgb)
    return colorsys.rgb_to_hsv(r, g, b)[0] * 360


@dataclass(frozen=True)
class ColourName:
    name: str
    family: str


# (name, family, sRGB). Families are the basic colour terms a test or a tag can rely on; names
# are what a person would say. Neutrals sit densely so a tinted grey is not called a colour.
_ANCHORS: tuple[tuple[str, str, tuple[int, int, int]], ...] = (
    ("black", "black", (10, 10, 12)),
    ("charcoal", "grey", (52, 53, 56)),
    ("dark grey", "grey", (85, 86, 88)),
    ("slate grey", "grey", (108, 118, 130)),
    ("grey", "grey", (128, 128, 128)),
    ("warm grey", "grey", (140, 131, 120)),
    ("silver grey", "grey", (185, 187, 190)),
    ("pale grey", "grey", (215, 216, 218)),
    ("off-white", "white", (238, 236, 228)),
    ("white", "white", (255, 255, 255)),
    ("midnight blue", "blue", (22, 26, 58)),
    ("navy blue", "blue", (24, 36, 92)),
    ("deep blue", "blue", (22, 58, 150)),
    ("royal blue", "blue", (60, 90, 215)),
    ("cornflower blue", "blue", (100, 145, 235)),
    ("bright blue", "blue", (10, 40, 250)),
    ("steel blue", "blue", (70, 110, 150)),
    ("dusty blue", "blue", (118, 142, 168)),
    ("sky blue", "blue", (125, 185, 235)),
    ("powder blue", "blue", (180, 208, 230)),
    ("ice blue", "blue", (214, 232, 246)),
    ("teal", "teal", (10, 118, 124)),
    ("turquoise", "teal", (60, 198, 196)),
    ("aqua", "teal", (40, 232, 232)),
    ("pine green", "green", (22, 64, 48)),
    ("forest green", "green", (34, 90, 42)),
    ("emerald green", "green", (20, 150, 90)),
    ("leaf green", "green", (72, 150, 50)),
    ("lime green", "green", (155, 210, 60)),
    ("mint green", "green", (172, 228, 190)),
    ("sage green", "green", (148, 168, 128)),
    ("moss green", "green", (92, 102, 52)),
    ("olive", "green", (116, 112, 42)),
    ("lemon yellow", "yellow", (250, 238, 80)),
    ("golden yellow", "yellow", (240, 190, 40)),
    ("mustard", "yellow", (196, 158, 40)),
    ("pale yellow", "yellow", (248, 238, 178)),
    ("cream", "yellow", (244, 234, 206)),
    ("khaki", "yellow", (190, 176, 122)),
    ("warm orange", "orange", (240, 140, 40)),
    ("amber", "orange", (246, 168, 48)),
    ("burnt orange", "orange", (196, 88, 28)),
    ("peach", "orange", (250, 200, 160)),
    ("coral", "orange", (248, 126, 98)),
    ("sand", "brown", (214, 190, 150)),
    ("beige", "brown", (222, 208, 184)),
    ("tan", "brown", (190, 150, 108)),
    ("rust", "brown", (166, 72, 36)),
    ("brown", "brown", (120, 76, 42)),
    ("dark brown", "brown", (62, 42, 28)),
    ("scarlet", "red", (226, 34, 30)),
    ("crimson", "red", (172, 20, 46)),
    ("brick red", "red", (158, 56, 46)),
    ("maroon", "red", (98, 22, 32)),
    ("soft pink", "pink", (242, 192, 202)),
    ("rose pink", "pink", (220, 120, 150)),
    ("hot pink", "pink", (240, 60, 150)),
    ("magenta", "purple", (214, 30, 176)),
    ("plum", "purple", (98, 40, 80)),
    ("purple", "purple", (110, 50, 140)),
    ("violet", "purple", (140, 92, 200)),
    ("lavender", "purple", (192, 174, 226)),
    ("mauve", "purple", (168, 128, 150)),
)
_ANCHOR_LAB = srgb_to_lab(np.array([rgb for _, _, rgb in _ANCHORS], dtype=np.uint8))


def name_colours(lab: np.ndarray) -> list[ColourName]:
    """The nearest anchor name of each CIELAB colour in an (n, 3) array, by CIE94."""
    lab = np.atleast_2d(lab)
    d_lightness = lab[:, None, 0] - _ANCHOR_LAB[None, :, 0]
    chroma = np.hypot(lab[:, 1], lab[:, 2])[:, None]
    anchor_chroma = np.hypot(_ANCHOR_LAB[:, 1], _ANCHOR_LAB[:, 2])[None, :]
    d_chroma = chroma - anchor_chroma
    # The symmetric form of CIE94 (geometric mean chroma): a vivid sample is not cheaply
    # matched to a grey anchor, nor a grey sample to a vivid one.
    chroma = np.sqrt(chroma * anchor_chroma)
    d_ab2 = ((lab[:, None, 1:] - _ANCHOR_LAB[None, :, 1:]) ** 2).sum(axis=-1)
    d_hue2 = np.maximum(d_ab2 - d_chroma**2, 0.0)
    distance = (d_lightness**2 + (d_chroma / (1 + 0.045 * chroma)) ** 2
                + d_hue2 / (1 + 0.015 * chroma) ** 2)
    nearest = distance.argmin(axis=1)
    return [ColourName(_ANCHORS[i][0], _ANCHORS[i][1]) for i in nearest]
