"""Pictures for tests, made in memory, and the real photographs that ship with scikit-learn;
Upload rows."""

from __future__ import annotations

import io
from importlib import resources
from pathlib import Path

import factory
import numpy as np
from PIL import Image

from tests.core.factories import OwnedFactory
from uploads.models import Upload


def photo_path(name: str = "china.jpg") -> Path:
    """A real photograph (scikit-learn's sample images: china.jpg, flower.jpg)."""
    return Path(str(resources.files("sklearn.datasets") / "images" / name))


def picture(size: tuple[int, int] = (320, 240), colour: tuple[int, int, int] = (230, 140, 40),
            fmt: str = "JPEG", **save: object) -> bytes:
    """A gradient picture in `colour`, so it is not a flat block."""
    width, height = size
    ramp = np.linspace(0.6, 1.0, width)[None, :, None]
    pixels = (np.array(colour)[None, None, :] * ramp).clip(0, 255).astype(np.uint8)
    pixels = np.repeat(pixels, height, axis=0)
    mode = "RGBA" if fmt == "PNG" and save.pop("alpha", False) else "RGB"
    image = Image.fromarray(pixels).convert(mode)
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def with_exif_orientation_and_gps(size: tuple[int, int] = (400, 200)) -> bytes:
    """A JPEG that must be rotated (orientation 6) and carries a GPS position."""
    image = Image.fromarray(np.zeros((size[1], size[0], 3), dtype=np.uint8) + 120)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x010F] = "CameraMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (51.0, 30.0, 0.0)
    gps[3], gps[4] = "W", (0.0, 7.0, 0.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_with_bad_crc() -> bytes:
    data = bytearray(picture(fmt="PNG"))
    idat = data.find(b"IDAT")
    length = int.from_bytes(data[idat - 4:idat], "big")
    crc_at = idat + 4 + length
    data[crc_at:crc_at + 4] = bytes(b ^ 0xFF for b in data[crc_at:crc_at + 4])
    return bytes(data)


def decompression_bomb() -> bytes:
    """A tiny PNG file that claims 20000×20000 pixels (400 megapixels)."""
    image = Image.new("L", (20000, 20000), 0)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def gif_js_polyglot() -> bytes:
    """Bytes that start like a GIF and run as JavaScript: not a picture."""
    return b"GIF89a/*\x01\x00\x01\x00\x00\xff\x00*/=1;alert(document.cookie);//" + b"\x00" * 40


def html_after_jpeg() -> bytes:
    """A valid JPEG with an HTML page appended after its end marker."""
    return picture() + b"<html><script>alert(1)</script></html>"


class UploadFactory(OwnedFactory):
    """An upload row; its image is only a name (no file is stored)."""

    class Meta:
        model = Upload

    image = factory.Sequence(lambda n: f"uploads/picture-{n}.jpg")
    content_type = "image/jpeg"
    width = 320
    height = 240
    content_hash = factory.Sequence(lambda n: f"{n:064x}")
