"""The labelled photographs that ship with scikit-image and scikit-learn (openly licensed),
with what is truly in each (tests/captioning/data/scene_labels.json)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import skimage
import sklearn
from PIL import Image

LABELS = Path(__file__).resolve().parents[1] / "tests" / "captioning" / "data" / \
    "scene_labels.json"
ROOTS = {"skimage": Path(skimage.__file__).parent / "data",
         "sklearn": Path(sklearn.__file__).parent / "datasets" / "images"}


def labelled_photos() -> Iterator[tuple[str, Image.Image, set[str]]]:
    for key, truth in json.loads(LABELS.read_text())["photos"].items():
        source, name = key.split(":")
        yield name, Image.open(ROOTS[source] / name).convert("RGB"), set(truth)
