"""What is in a picture, where plain measurements can tell it reliably.

Each detector looks for one thing by colour, position and texture and answers a confidence
in [0, 1]; a caption names only what reaches CLAIM. They are deliberately strict: saying
"sky" of a grey wall is worse than saying nothing, since the caption then only speaks of
colour and light.

  sky      a smooth, light region of blue, white or grey joined to the top edge, unlike the
           bottom of the picture
  sunset   that region warm (orange to red) and brightening toward the horizon
  water    a blue or grey region in the lower half, rippled a little and streaked across
  foliage  green, textured (leaves, grass; also out of focus, at lower confidence)
  snow     a wide, very light, nearly colourless region with a blue tint, in the lower half
  night    a dark picture pricked by several small points of light
  person   a skin-toned region shaped like a face (taller than wide, mostly filled, with
           darker eyes and mouth inside), smooth as skin is and fur is not
  text     many small dark-on-light (or light-on-dark) marks of one height, lined up in rows
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from captioning.colours import lab_to_lch
from captioning.text_marks import text_confidence

CLAIM = 0.6
ELEMENTS = ("sky", "sunset", "water", "foliage", "snow", "night", "person", "text")
_SMOOTH = 3.0  # local mean gradient of L* below which a surface is smooth (sky, still water)
_TEXTURED = 4.5
_MIN_SIDE = 12


def detect(lab: np.ndarray, rgb: np.ndarray, text_lightness: np.ndarray) -> dict[str, float]:
    """Confidence of each element; `lab`, `rgb` at the analysis size, `text_lightness` (L*)
    at a larger one, as letters need more pixels."""
    if min(lab.shape[:2]) < _MIN_SIDE:  # a sliver or a thumbnail: nothing can be told
        return dict.fromkeys(ELEMENTS, 0.0)
    light, chroma, hue = lab_to_lch(lab)
    roughness = _roughness(light)
    top = _top_region(light, chroma, hue, roughness)
    found = {
        "sky": _sky(top, light, chroma, hue),
        "sunset": _sunset(top, light, chroma, hue),
        "water": _water(lab, light, chroma, hue, roughness),
        "foliage": _foliage(chroma, hue, roughness),
        "snow": _snow(top, lab, light, chroma, roughness),
        "night": _night(light),
        "person": _person(rgb, light, chroma, roughness),
        "text": text_confidence(text_lightness) if min(text_lightness.shape) >= _MIN_SIDE
        else 0.0,
    }
    return {name: round(float(value), 3) for name, value in found.items()}


def _roughness(light: np.ndarray) -> np.ndarray:
    gy, gx = np.gradient(light)
    return ndimage.uniform_filter(np.hypot(gx, gy), size=5)


def _ramp(value: float, low: float, high: float) -> float:
    return float(np.clip((value - low) / (high - low), 0.0, 1.0))


def _top_region(light: np.ndarray, chroma: np.ndarray, hue: np.ndarray,
                roughness: np.ndarray) -> np.ndarray:
    """Smooth, fairly light pixels connected to the top edge: where a sky would be."""
    blue = (chroma > 15) & (hue >= 200) & (hue <= 300)  # a dusk sky is dark but blue
    candidate = (roughness < _SMOOTH) & ((light > 35) | blue)
    labels, _ = ndimage.label(candidate)
    touching = np.unique(labels[0][labels[0] > 0])
    return np.isin(labels, touching) if touching.size else np.zeros_like(candidate)


def _sky(top: np.ndarray, light: np.ndarray, chroma: np.ndarray, hue: np.ndarray) -> float:
    height = light.shape[0]
    upper = top[: height // 2]
    share = upper.mean()
    if share < 0.12:
        return 0.0
    region_light = float(light[top].mean())
    region_chroma = float(chroma[top].mean())
    region_hue = float(np.degrees(np.arctan2(*_mean_ab(top, chroma, hue)[::-1])) % 360)
    bottom = light[-height // 4:]
    below_share = top[-height // 4:].mean()
    blue = region_chroma > 6 and 190 <= region_hue <= 300
    pale = region_chroma <= 12 and region_light > 62
    if not (blue or pale) or below_share > 0.3:
        return 0.0
    spread = upper.any(axis=0).mean()  # how much of the width it spans
    # A white or grey top is as often a wall or a backdrop: only a band right across the
    # top edge counts, as skies do.
    if pale and not blue and top[: max(1, height // 16)].mean() < 0.75:
        return 0.0
    lighter = region_light - float(bottom.mean())
    score = (0.4 * _ramp(share, 0.12, 0.35) + 0.3 * _ramp(spread, 0.4, 0.8)
             + 0.3 * _ramp(lighter, 0, 15 if blue else 25))
    return score if blue else min(score, 0.9 * score + 0.05)


def _mean_ab(mask: np.ndarray, chroma: np.ndarray, hue: np.ndarray) -> tuple[float, float]:
    radians = np.radians(hue[mask])
    return float((chroma[mask] * np.cos(radians)).mean()), \
        float((chroma[mask] * np.sin(radians)).mean())


def _sunset(top: np.ndarray, light: np.ndarray, chroma: np.ndarray, hue: np.ndarray) -> float:
    height = light.shape[0]
    upper = top[: height // 2]
    if upper.mean() < 0.2:
        return 0.0
    a, b = _mean_ab(top, chroma, hue)
    region_hue = float(np.degrees(np.arctan2(b, a)) % 360)
    warm = 15 <= region_hue <= 85 and np.hypot(a, b) > 22
    if not warm:
        return 0.0
    rows = [light[r][top[r]].mean() for r in range(height) if top[r].mean() > 0.3]
    if len(rows) < height // 5:
        return 0.0
    # A sunset sky brightens toward the sun near the horizon: lightness rises down the band.
    rise = float(np.mean(rows[-len(rows) // 3:]) - np.mean(rows[: len(rows) // 3]))
    return 0.5 * _ramp(upper.mean(), 0.2, 0.45) + 0.5 * _ramp(rise, 0, 12)


def _water(lab: np.ndarray, light: np.ndarray, chroma: np.ndarray, hue: np.ndarray,
           roughness: np.ndarray) -> float:
    lower = slice(light.shape[0] // 2, None)
    blueish = ((chroma > 5) & (hue >= 190) & (hue <= 290)) | (chroma <= 5)
    region = (blueish & (roughness < _TEXTURED) & (light > 30) & (light < 90))[lower]
    share = region.mean()
    if share < 0.08 or (chroma[lower][region] > 5).mean() < 0.3:
        return 0.0
    # Still water ripples a little (a painted gradient or a clear sky does not) …
    if np.median(roughness[lower][region]) < 0.8:
        return 0.0
    gy, gx = np.gradient(light[lower])
    # … and its ripples and reflections run across: brightness changes more down than along.
    streaks = np.abs(gy)[region].mean() / max(1e-6, np.abs(gx)[region].mean())
    return 0.4 * _ramp(share, 0.08, 0.2) + 0.6 * _ramp(streaks, 1.2, 1.8)


def _foliage(chroma: np.ndarray, hue: np.ndarray, roughness: np.ndarray) -> float:
    green = (chroma > 12) & (hue >= 95) & (hue <= 195)
    if green.mean() < 0.04:
        return 0.0
    textured = (green & (roughness > _TEXTURED)).mean()
    soft = (green & (roughness <= _TEXTURED)).mean()
    # Out-of-focus leaves are smooth; only a lot of natural green counts without texture.
    return max(_ramp(textured, 0.03, 0.12), 0.8 * _ramp(soft, 0.25, 0.5))


def _snow(top: np.ndarray, lab: np.ndarray, light: np.ndarray, chroma: np.ndarray,
          roughness: np.ndarray) -> float:
    height = light.shape[0]
    lower = slice(height // 2, None)
    # Ground, so not joined smoothly to the top edge (a pale sky or gradient would be).
    white = ((light[lower] > 78) & (chroma[lower] < 14) & (roughness[lower] < _TEXTURED)
             & ~top[lower])
    share = white.mean()
    if share < 0.25:
        return 0.0
    tint = float(lab[lower][..., 2][white].mean())  # b*: snow in daylight is a little blue
    if tint > -1.0:  # white paper, a white backdrop, a grey-scale picture
        return 0.0
    return 0.5 * _ramp(share, 0.25, 0.55) + 0.5 * _ramp(-tint, 1.0, 4.0)


def _night(light: np.ndarray) -> float:
    mean = float(light.mean())
    if mean > 32:
        return 0.0
    points = light > max(60.0, mean + 40)
    labels, count = ndimage.label(points)
    if count == 0:
        return 0.0
    sizes = np.bincount(labels.ravel())[1:]
    small = int((sizes <= 0.004 * light.size).sum())
    if sizes.max() > 0.02 * light.size:  # a lit subject in the dark, not lights at night
        return 0.0
    return 0.5 * _ramp(32 - mean, 0, 12) + 0.5 * _ramp(small, 2, 8)


def _person(rgb: np.ndarray, light: np.ndarray, chroma: np.ndarray,
            roughness: np.ndarray) -> float:
    red, green, blue = (rgb[..., i].astype(np.float64) for i in range(3))
    cb = 128 - 0.168736 * red - 0.331264 * green + 0.5 * blue
    cr = 128 + 0.5 * red - 0.418688 * green - 0.081312 * blue
    skin = ((cb >= 80) & (cb <= 125) & (cr >= 135) & (cr <= 170) & (red > 60) & (red > blue)
            & (chroma < 45))  # saturated oranges are petals, fruit and paint, not skin
    skin = ndimage.binary_opening(skin, iterations=1)
    labels, _ = ndimage.label(skin)
    best = 0.0
    for index, box in enumerate(ndimage.find_objects(labels), start=1):
        best = max(best, _face_score(labels[box] == index, light[box], roughness[box],
                                     skin.size))
    return best


def _face_score(component: np.ndarray, light: np.ndarray, roughness: np.ndarray,
                total: int) -> float:
    area = int(component.sum())
    height, width = component.shape
    if not 0.01 * total <= area <= 0.35 * total or width < 8:
        return 0.0
    aspect, fill = height / width, area / component.size
    filled = ndimage.binary_fill_holes(component)
    holes, count = ndimage.label(filled & ~component)
    if count == 0:
        return 0.0
    sizes = np.bincount(holes.ravel())[1:]
    # Eyes, brows and mouth are darker than the skin around them.
    darkness = float(light[component].mean()) - ndimage.mean(light, holes, range(1, count + 1))
    dark = (sizes <= 0.08 * area) & (np.asarray(darkness) > 25)
    features = int(dark.sum())
    centres = np.array(ndimage.center_of_mass(dark[holes - 1] & (holes > 0), holes,
                                              np.flatnonzero(dark) + 1)).reshape(-1, 2)
    if features < 3 or features > 15 or not _eye_pair(centres, height, width):
        return 0.0
    smooth = float(roughness[component].mean())
    return (0.3 * (0.9 <= aspect <= 1.9) + 0.2 * (0.45 <= fill <= 0.9)
            + 0.3 * _ramp(features, 2, 5) + 0.2 * (smooth < 8))


def _eye_pair(centres: np.ndarray, height: int, width: int) -> bool:
    """Two dark holes level with each other, either side of the middle, in the upper part."""
    middle = width / 2
    for (y1, x1) in centres:
        for (y2, x2) in centres:
            if x1 < middle < x2 and abs(y1 - y2) < 0.12 * height and \
                    max(y1, y2) < 0.65 * height and \
                    abs((middle - x1) - (x2 - middle)) < 0.25 * width and x2 - x1 > 0.2 * width:
                return True
    return False
