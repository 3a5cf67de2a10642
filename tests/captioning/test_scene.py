"""What is in a picture: named where the detectors are confident, never guessed."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import skimage
from PIL import Image

from captioning.analysis import analyse
from captioning.backends.offline import OfflineCaptioner
from tests.captioning import pictures
from tests.uploads.factories import photo_path

LABELS = json.loads((Path(__file__).parent / "data" / "scene_labels.json").read_text())


def skimage_photo(name: str) -> Image.Image:
    return Image.open(Path(skimage.__file__).parent / "data" / name).convert("RGB")


def _field(top: tuple[int, int, int], bottom: tuple[int, int, int], split: float,
           noise: tuple[float, float], seed: int = 0) -> Image.Image:
    """A top band and a ground below it, each with its own grain."""
    rng = np.random.default_rng(seed)
    height, width = 240, 320
    cut = int(height * split)
    pixels = np.empty((height, width, 3))
    ramp = np.linspace(0, 1, cut)[:, None, None]
    pixels[:cut] = np.array(top) * (1.05 - 0.1 * ramp)
    pixels[cut:] = np.array(bottom)
    pixels[:cut] += rng.normal(0, noise[0], (cut, width, 1))
    pixels[cut:] += rng.normal(0, noise[1], (height - cut, width, 1))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def blue_sky_over_a_meadow() -> Image.Image:
    return _field((110, 165, 230), (70, 140, 50), 0.5, (0.5, 30))


def snowfield() -> Image.Image:
    return _field((90, 140, 215), (232, 238, 250), 0.4, (0.5, 2.5), seed=1)


def sunset() -> Image.Image:
    rng = np.random.default_rng(2)
    rows = np.linspace(0, 1, 150)[:, None, None]
    sky = (1 - rows) * np.array([200, 80, 50]) + rows * np.array([255, 170, 60])
    pixels = np.concatenate([np.broadcast_to(sky, (150, 320, 3)),
                             np.full((90, 320, 3), 35.0) + rng.normal(0, 6, (90, 320, 1))])
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def test_the_astronaut_is_a_person():
    result = OfflineCaptioner().caption(skimage_photo("astronaut.png"))
    assert "a person" in result.text and "person" in result.tags


def test_a_blue_top_over_a_meadow_is_sky_over_greenery():
    result = OfflineCaptioner().caption(blue_sky_over_a_meadow())
    assert "open sky" in result.text and "greenery" in result.text
    assert {"sky", "foliage"} <= set(result.tags)
    assert "person" not in result.tags and "water" not in result.tags


@pytest.mark.parametrize(("picture", "element", "words"), [
    (snowfield, "snow", "snow"), (sunset, "sunset", "a sunset sky"),
    (pictures.night, "night", "at night"),
])
def test_synthetic_scenes_are_named(picture, element, words):
    analysis = analyse(picture())
    assert element in analysis.seen
    assert words in OfflineCaptioner().caption(picture()).text


def test_a_sunset_is_not_also_called_a_plain_sky_and_snow_is_not_paper():
    assert "open sky" not in OfflineCaptioner().caption(sunset()).text
    assert "snow" not in analyse(skimage_photo("page.png")).seen  # white, but grey-neutral
    assert "text" in analyse(skimage_photo("page.png")).seen


@pytest.mark.parametrize(("name", "doubtful"), [
    ("coffee.png", "person"),  # a warm brown table is skin-coloured, but has no face
    ("chelsea.png", "person"),  # fur: textured, and not a human face
    ("camera.png", "person"),  # a person, but in grey: skin cannot be seen, so not claimed
    ("grass.png", "foliage"),  # grass, but grey: nothing green to tell it by
    ("horse.png", "snow"),  # a white ground that is no snow
    ("clock_motion.png", "sky"),  # smooth grey everywhere is not a sky
])
def test_no_claim_where_the_detector_cannot_be_sure(name, doubtful):
    analysis = analyse(skimage_photo(name))
    assert doubtful not in analysis.seen
    caption = OfflineCaptioner().caption(skimage_photo(name))
    assert doubtful not in caption.tags


def test_a_flat_or_tiny_picture_claims_nothing():
    assert analyse(pictures.solid((120, 160, 220))).seen == ()
    assert analyse(pictures.solid((30, 90, 200), size=(6, 4))).seen == ()


def test_china_shows_sky_water_and_foliage_and_no_person():
    seen = analyse(Image.open(photo_path("china.jpg")).convert("RGB")).seen
    assert set(seen) == set(LABELS["photos"]["sklearn:china.jpg"])


def test_on_the_labelled_photographs_every_claim_is_true():
    wrong = []
    for key, truth in LABELS["photos"].items():
        source, name = key.split(":")
        image = skimage_photo(name) if source == "skimage" else \
            Image.open(photo_path(name)).convert("RGB")
        wrong += [(name, element) for element in analyse(image).seen if element not in truth]
    assert wrong == []
