"""Accept a picture only after reading it: type from the bytes, size, pixels, integrity.

Nothing is written here. A picture that passes comes back normalised: orientation applied,
every piece of metadata (EXIF, GPS, XMP, ICC, comments) dropped by re-encoding the pixels,
the long side capped, and the first frame of an animation.

Memory is bounded: a JPEG is decoded straight at 1/2, 1/4 or 1/8 of its size (libjpeg's DCT
scaling, Pillow's draft) when that still leaves more pixels than are kept, every picture is
shrunk to the cap before any copy of it is made, and at most UPLOAD_DECODES pictures are
decoded at once in a process (a 40 MP JPEG then costs about 70 MiB, not 350).
"""

from __future__ import annotations

import hashlib
import io
import math
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from core.backpressure import pooled_connections_release
from core.errors import InputRejected, ReverieError

# Refuse before decoding anything larger (Pillow raises DecompressionBombError at twice this).
Image.MAX_IMAGE_PIXELS = 40_000_000

ACCEPTED = gettext_lazy("JPEG, PNG, WebP or GIF")
MIN_SIDE = 16
MAX_ASPECT = 20
# Modes Pillow resamples well as they are; others (palette, CMYK, 1-bit, 16-bit) become RGB(A)
# first, at full size.
_RESAMPLED_AS_IS = {"RGB", "RGBA", "L", "LA"}
BUSY_RETRY_SECONDS = 5


class ImageRejected(InputRejected):
    """The upload is not a picture we take; `message` says why and what to do instead."""

    def __init__(self, message: str, *, code: str = "invalid_image", status: int = 400) -> None:
        super().__init__(message, code=code, status=status, field="image")


class DecodersBusy(ReverieError):
    """Every picture decoder of this process stayed busy for UPLOAD_DECODE_WAIT_SECONDS."""

    status = 503
    code = "busy"

    def __init__(self) -> None:
        super().__init__("Reverie is reading a lot of pictures just now. Please send yours "
                         "again in a few seconds.")

    @property
    def retry_after(self) -> int:
        return BUSY_RETRY_SECONDS


_slots_lock = threading.Lock()
_slots: dict[int, threading.BoundedSemaphore] = {}


@contextmanager
def decode_slot() -> Iterator[None]:
    """One of the UPLOAD_DECODES decodes this process runs at once; DecodersBusy after
    UPLOAD_DECODE_WAIT_SECONDS without one."""
    size = max(1, settings.UPLOAD_DECODES)
    with _slots_lock:
        slots = _slots.setdefault(size, threading.BoundedSemaphore(size))
    if not slots.acquire(blocking=False):
        pooled_connections_release()  # waiting must not hold a connection others need
        if not slots.acquire(timeout=settings.UPLOAD_DECODE_WAIT_SECONDS):
            raise DecodersBusy()
    try:
        yield
    finally:
        slots.release()


@dataclass(frozen=True)
class NormalisedImage:
    content: bytes
    extension: str  # "jpg", "png" or "webp"
    content_type: str
    width: int
    height: int
    content_hash: str  # sha256 of the bytes as uploaded
    image: Image.Image  # RGB, for the captioner


def sniff(head: bytes) -> str | None:
    """The container format named by the file's first bytes, whatever its name says."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:6] in {b"GIF87a", b"GIF89a"}:
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:4] in {b"II*\x00", b"MM\x00*"}:
        return "TIFF"
    if head[:2] == b"BM":
        return "BMP"
    if head[4:12] in {b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif"}:
        return "HEIF"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml")) and b"<svg" in head.lower():
        return "SVG"
    return None


def upload_validate(data: bytes) -> NormalisedImage:
    limit = settings.UPLOAD_MAX_BYTES
    if not data:
        raise ImageRejected(_("The file is empty. Please choose a picture."), code="empty")
    if len(data) > limit:
        raise ImageRejected(
            _("The picture is %(size)s; the limit is %(limit)s. Please upload a smaller or more "
              "compressed picture.") % {"size": filesizeformat(len(data)),
                                        "limit": filesizeformat(limit)},
            code="too_large", status=413)
    kind = sniff(data[:64])
    if kind in {"TIFF", "BMP", "HEIF"}:
        name = {"HEIF": "HEIC/AVIF"}.get(kind, kind)
        raise ImageRejected(_("%(kind)s pictures are not supported. Please convert it to "
                              "%(accepted)s.") % {"kind": name, "accepted": ACCEPTED},
                            code="unsupported_type", status=415)
    if kind == "SVG":
        raise ImageRejected(_("Vector drawings (SVG) are not accepted. Please upload a "
                              "%(accepted)s picture.") % {"accepted": ACCEPTED},
                            code="unsupported_type", status=415)
    if kind is None:
        raise ImageRejected(_("This file is not a picture we can read. Please upload a "
                              "%(accepted)s.") % {"accepted": ACCEPTED},
                            code="unsupported_type", status=415)
    with decode_slot():
        pixels = _normalise(_decode(data, kind))
        content, extension, content_type = _encode(pixels, kind)
    return NormalisedImage(content=content, extension=extension, content_type=content_type,
                           width=pixels.width, height=pixels.height,
                           content_hash=hashlib.sha256(data).hexdigest(),
                           image=flatten_alpha(pixels))


def _decode(data: bytes, kind: str) -> Image.Image:
    damaged = ImageRejected(_("The picture is damaged or incomplete, so it cannot be read. "
                              "Please try another copy of it."), code="damaged_image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[kind])
            width, height = image.size
            _check_dimensions(width, height)
            image.seek(0)  # an animation's first frame
            if kind == "JPEG":
                image.draft(None, draft_size(width, height, settings.UPLOAD_MAX_SIDE))
            image.load()
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise damaged from exc
    if kind == "PNG":
        # Pillow checks chunk CRCs only when asked; a PNG with a bad one is damaged.
        try:
            Image.open(io.BytesIO(data), formats=["PNG"]).verify()
        except Exception as exc:
            raise damaged from exc
    return image


def draft_size(width: int, height: int, cap: int) -> tuple[int, int] | None:
    """The smallest size a JPEG may be decoded at and still be capped, not enlarged, to `cap`
    on its long side; None when it is within the cap already."""
    scale = cap / max(width, height)
    if scale >= 1:
        return None
    return math.ceil(width * scale), math.ceil(height * scale)


def _check_dimensions(width: int, height: int) -> None:
    if width * height > Image.MAX_IMAGE_PIXELS:
        raise _too_many_pixels()
    if min(width, height) < MIN_SIDE or max(width, height) > MAX_ASPECT * min(width, height):
        raise ImageRejected(
            _("The picture is %(width)s×%(height)s pixels. Pictures need sides of at least "
              "%(min_side)s pixels and no more than %(max_aspect)s:1 between them.")
            % {"width": width, "height": height, "min_side": MIN_SIDE, "max_aspect": MAX_ASPECT},
            code="bad_dimensions")


def _too_many_pixels() -> ImageRejected:
    return ImageRejected(
        _("The picture has more than %(megapixels)s megapixels. Please upload a smaller "
          "version.") % {"megapixels": Image.MAX_IMAGE_PIXELS // 1_000_000},
        code="too_many_pixels", status=413)


def _normalise(image: Image.Image) -> Image.Image:
    """RGB, or RGBA where there is transparency; upright; the long side capped."""
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    mode = "RGBA" if has_alpha else "RGB"
    icc = image.info.get("icc_profile")
    if image.mode not in _RESAMPLED_AS_IS or "transparency" in image.info:
        image = image.convert(mode)
    cap = settings.UPLOAD_MAX_SIDE
    if max(image.size) > cap:  # first: every copy below is of the small picture
        image.thumbnail((cap, cap), Image.Resampling.LANCZOS)
    ImageOps.exif_transpose(image, in_place=True)
    pixels = _to_srgb(image if image.mode == mode else image.convert(mode), icc)
    # The encoders write back what `info` holds (JPEG comments, ICC profiles, PNG text);
    # the stored picture keeps its pixels and nothing else.
    pixels.info = {}
    return pixels


def _to_srgb(pixels: Image.Image, icc: bytes | None) -> Image.Image:
    """The colours as sRGB, so that dropping the embedded profile does not change them."""
    if not icc:
        return pixels
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        srgb = ImageCms.createProfile("sRGB")
        return ImageCms.profileToProfile(pixels, source, srgb, outputMode=pixels.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return pixels  # a broken profile: the numbers as they are, which is what most viewers show


def _encode(pixels: Image.Image, kind: str) -> tuple[bytes, str, str]:
    """Re-encode the pixels alone: no metadata survives."""
    out = io.BytesIO()
    if kind == "JPEG" and pixels.mode == "RGB":
        # No optimize=True: its extra Huffman pass took 15 of 22 ms for a 1600 × 1200 photo
        # (for a file 5 % smaller), on the way from the upload to the first note.
        pixels.save(out, "JPEG", quality=90)
        return out.getvalue(), "jpg", "image/jpeg"
    if kind == "WEBP":
        pixels.save(out, "WEBP", quality=90)
        return out.getvalue(), "webp", "image/webp"
    pixels.save(out, "PNG")
    return out.getvalue(), "png", "image/png"


def flatten_alpha(pixels: Image.Image) -> Image.Image:
    """What the captioner sees: transparency over white."""
    if pixels.mode == "RGB":
        return pixels
    background = Image.new("RGBA", pixels.size, (255, 255, 255, 255))
    return Image.alpha_composite(background, pixels).convert("RGB")
