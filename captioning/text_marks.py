"""Writing: many small marks of one height lined up in rows, darker (or lighter) than the
page around them. Measured on lightness at up to TEXT_SIDE pixels, as letters are small."""

from __future__ import annotations

import numpy as np
from scipy import ndimage

TEXT_SIDE = 512
_CONTRAST = 18.0  # L* by which a stroke differs from its neighbourhood
_MIN_HEIGHT, _MAX_HEIGHT = 4, 40


def text_confidence(light: np.ndarray) -> float:
    best = 0.0
    local = ndimage.uniform_filter(light, size=21)
    for marks in (light < local - _CONTRAST, light > local + _CONTRAST):
        best = max(best, _rows_of_marks(marks, light.shape))
    return best


def _rows_of_marks(marks: np.ndarray, shape: tuple[int, int]) -> float:
    labels, count = ndimage.label(marks)
    if count < 12:
        return 0.0
    boxes = ndimage.find_objects(labels)
    sizes = np.bincount(labels.ravel())[1:]
    glyphs = []
    for box, size in zip(boxes, sizes, strict=True):
        height, width = box[0].stop - box[0].start, box[1].stop - box[1].start
        fill = size / (height * width)
        if _MIN_HEIGHT <= height <= _MAX_HEIGHT and 0.15 <= width / height <= 4 and \
                0.15 <= fill <= 0.95:
            glyphs.append(((box[0].start + box[0].stop) / 2, box[1].start, box[1].stop,
                           height))
    if len(glyphs) < 12:
        return 0.0
    chained = _chained(np.array(glyphs))
    # In writing most marks belong to a line; in foliage or ornament only a few line up.
    lined = chained / len(glyphs)
    return min(1.0, chained / 40) * min(1.0, lined / 0.35)


def _chained(glyphs: np.ndarray) -> int:
    """How many marks sit in a line of at least four neighbours of about the same height."""
    order = np.argsort(glyphs[:, 1])
    glyphs = glyphs[order]
    centre, left, right, height = glyphs.T
    used = np.zeros(len(glyphs), dtype=bool)
    total = 0
    for start in range(len(glyphs)):
        if used[start]:
            continue
        chain, last = [start], start
        for other in range(start + 1, len(glyphs)):
            if left[other] - right[last] > 1.5 * height[last]:
                if left[other] > right[last] + 6 * height[last]:
                    break
                continue
            if used[other] or abs(centre[other] - centre[last]) > 0.3 * height[last]:
                continue
            if not 0.6 <= height[other] / height[last] <= 1.6:
                continue
            chain.append(other)
            last = other
        if len(chain) >= 4:
            used[chain] = True
            total += len(chain)
    return total
