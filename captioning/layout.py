"""Where things sit in a picture: horizon, sky-like top band, bright or dark centre, the
brightest third, left–right symmetry. Measured on CIELAB rows, columns and a 3×3 grid."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from captioning.colours import lab_to_lch, name_colours

# Colour difference (CIE76) between the bands above and below a row that reads as a horizon.
_HORIZON_DELTA = 12.0
_REGION_DELTA = 8.0  # L* by which the brightest third must beat the whole picture
_CENTRE_DELTA = 18.0
_FADE_DELTA = 20.0  # between opposite quarters, for a picture that shifts colour end to end
_ROWS = ("upper", "middle", "lower")
_COLUMNS = ("left", "centre", "right")


@dataclass(frozen=True)
class Composition:
    aspect: float  # width / height of the original
    horizon: float | None  # 0 top … 1 bottom, where a full-width colour boundary runs
    horizon_sharp: bool
    sky_top: str | None  # colour name of a sky-like band along the top
    centre: str | None  # "bright", "dark" or "coloured": a centre unlike its surround
    brightest: str | None  # "upper left", "middle centre", … when one third clearly leads
    light_from: str | None  # "above" or "below" when one half is much lighter
    symmetry: float  # 0 … 1, left–right mirror likeness of the light
    fade: list[str] | None  # ["down" | "across", first colour, last colour] for a gradient
    points_of_light: bool  # a dark picture with a few small bright specks


def composition_of(lab: np.ndarray, *, aspect: float) -> Composition:
    lightness = lab[..., 0]
    horizon, sharp = _horizon(lab)
    return Composition(
        aspect=round(aspect, 3),
        horizon=None if horizon is None else round(horizon, 3),
        horizon_sharp=sharp,
        sky_top=_sky_top(lab),
        centre=_centre(lab),
        brightest=_brightest(lightness),
        light_from=_light_from(lightness),
        symmetry=round(_symmetry(lightness), 3),
        fade=_fade(lab),
        points_of_light=_points_of_light(lightness),
    )


def _horizon(lab: np.ndarray) -> tuple[float | None, bool]:
    height = lab.shape[0]
    if height < 8:
        return None, False
    band = max(2, height // 12)
    rows = lab.mean(axis=1)
    cumulative = np.vstack([np.zeros((1, 3)), np.cumsum(rows, axis=0)])
    cuts = np.arange(band, height - band + 1)
    above = (cumulative[cuts] - cumulative[cuts - band]) / band
    below = (cumulative[cuts + band] - cumulative[cuts]) / band
    delta = np.linalg.norm(above - below, axis=1)
    # A boundary hugging the top or bottom edge is a border, not a horizon.
    inside = (cuts >= 0.15 * height) & (cuts <= 0.85 * height)
    if not inside.any():
        return None, False
    best = int(np.argmax(np.where(inside, delta, -1.0)))
    cut, strength = int(cuts[best]), float(delta[best])
    if strength < _HORIZON_DELTA or not _spans_width(lab, cut, band, strength):
        return None, False
    step = float(np.linalg.norm(rows[cut] - rows[cut - 1]))
    return cut / height, step >= 0.5 * strength


def _spans_width(lab: np.ndarray, cut: int, band: int, strength: float) -> bool:
    above = lab[cut - band:cut].mean(axis=0)
    below = lab[cut:cut + band].mean(axis=0)
    per_column = np.linalg.norm(above - below, axis=1)
    return bool((per_column > 0.5 * strength).mean() >= 0.7)


def _sky_top(lab: np.ndarray) -> str | None:
    height = lab.shape[0]
    if height < 4:
        return None
    top = lab[: max(1, height // 4)].reshape(-1, 3).mean(axis=0)
    bottom = lab[-max(1, height // 4):].reshape(-1, 3).mean(axis=0)
    light, chroma, hue = (float(v) for v in lab_to_lch(top))
    # Sky-like: light, blueish (CIELAB hue of cyan to blue) and lighter than the ground.
    if light > 55 and chroma > 8 and 190 <= hue <= 300 and light > bottom[0] + 5:
        return name_colours(top)[0].name
    return None


def _grid(lightness: np.ndarray) -> np.ndarray | None:
    height, width = lightness.shape[:2]
    if height < 3 or width < 3:
        return None
    rows = np.array_split(np.arange(height), 3)
    columns = np.array_split(np.arange(width), 3)
    return np.array([[lightness[np.ix_(r, c)].mean(axis=(0, 1)) for c in columns]
                     for r in rows])


def _centre(lab: np.ndarray) -> str | None:
    cells = _grid(lab)
    if cells is None:
        return None
    centre = cells[1, 1]
    ring = np.delete(cells.reshape(9, 3), 4, axis=0)
    # The surround must be fairly even, or a bright centre is just part of a busy picture.
    if ring[:, 0].std() > 10 or np.linalg.norm(centre - ring.mean(axis=0)) < _CENTRE_DELTA:
        return None
    difference = centre[0] - ring[:, 0].mean()
    return "bright" if difference > 10 else "dark" if difference < -10 else "coloured"


def _brightest(lightness: np.ndarray) -> str | None:
    cells = _grid(lightness)
    if cells is None:
        return None
    row, column = np.unravel_index(int(np.argmax(cells)), cells.shape)
    runner_up = np.sort(cells.ravel())[-2]
    lead = cells[row, column] - lightness.mean()
    # It must stand out from the picture and from the next third, or no third "holds" the light.
    if lead < _REGION_DELTA or cells[row, column] - runner_up < 3:
        return None
    return f"{_ROWS[row]} {_COLUMNS[column]}"


def _light_from(lightness: np.ndarray) -> str | None:
    height = lightness.shape[0]
    if height < 2:
        return None
    top, bottom = lightness[: height // 2].mean(), lightness[height - height // 2:].mean()
    if top - bottom > 15:
        return "above"
    return "below" if bottom - top > 15 else None


def _symmetry(lightness: np.ndarray) -> float:
    width = lightness.shape[1]
    spread = lightness.std()
    # Without left–right variation, mirroring says nothing (a pure top-to-bottom gradient).
    if width < 4 or spread < 5 or lightness.mean(axis=0).std() < 3:
        return 0.0
    mismatch = np.abs(lightness - lightness[:, ::-1]).mean()
    # Two unrelated pixels of the same spread differ by about 1.13 σ on average.
    return float(np.clip(1 - mismatch / (1.13 * spread), 0.0, 1.0))


def _fade(lab: np.ndarray) -> list[str] | None:
    height, width = lab.shape[:2]
    ends = []
    if height >= 4:
        quarter = height // 4
        ends.append(("down", lab[:quarter].mean(axis=(0, 1)), lab[-quarter:].mean(axis=(0, 1))))
    if width >= 4:
        quarter = width // 4
        ends.append(("across", lab[:, :quarter].mean(axis=(0, 1)),
                     lab[:, -quarter:].mean(axis=(0, 1))))
    if not ends:
        return None
    direction, first, last = max(ends, key=lambda end: float(np.linalg.norm(end[1] - end[2])))
    if np.linalg.norm(first - last) < _FADE_DELTA:
        return None
    names = name_colours(np.stack([first, last]))
    if names[0].name == names[1].name:
        return None
    return [direction, names[0].name, names[1].name]


def _points_of_light(lightness: np.ndarray) -> bool:
    mean = lightness.mean()
    if mean >= 30:
        return False
    # Specks, not a lit area: a sliver of the picture far lighter than the rest.
    share = (lightness > mean + 35).mean()
    return bool(0.0002 <= share <= 0.03)
