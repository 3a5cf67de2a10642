from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.uploads import factories
from uploads.validation import ImageRejected, upload_validate


def test_a_real_photograph_is_accepted_and_normalised():
    data = factories.photo_path("flower.jpg").read_bytes()
    image = upload_validate(data)
    assert (image.width, image.height) == (640, 427)
    assert image.extension == "jpg" and image.content_type == "image/jpeg"
    assert image.image.mode == "RGB" and image.image.size == (640, 427)
    assert len(image.content_hash) == 64


def test_orientation_is_applied_and_all_metadata_dropped():
    image = upload_validate(factories.with_exif_orientation_and_gps((400, 200)))
    assert (image.width, image.height) == (200, 400)  # turned upright
    stored = Image.open(io.BytesIO(image.content))
    assert not stored.getexif()  # no EXIF at all, so no GPS either
    assert b"CameraMaker" not in image.content
    assert "icc_profile" not in stored.info


def test_long_side_is_capped(settings):
    settings.UPLOAD_MAX_SIDE = 512
    image = upload_validate(factories.picture((3000, 1000)))
    assert (image.width, image.height) == (512, 171)
    assert Image.open(io.BytesIO(image.content)).size == (512, 171)


@pytest.mark.parametrize(("fmt", "extension"), [("PNG", "png"), ("WEBP", "webp"), ("GIF", "png")])
def test_png_webp_gif_are_accepted(fmt, extension):
    assert upload_validate(factories.picture(fmt=fmt)).extension == extension


def test_animated_gif_keeps_its_first_frame():
    frames = [Image.new("RGB", (64, 64), colour) for colour in ("red", "blue", "green")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100)
    image = upload_validate(out.getvalue())
    red, green, blue = image.image.getpixel((10, 10))
    assert red > 200 and green < 50 and blue < 50


def test_transparency_is_kept_in_the_stored_file_and_flattened_for_the_captioner():
    # Left half clear, right half half-transparent blue: kept as it is in the file, laid over
    # white for the captioner (by hand: 30·½ + 255·½ ≈ 142 …), never over black.
    picture = Image.new("RGBA", (64, 48), (30, 90, 200, 128))
    picture.paste((200, 30, 30, 0), (0, 0, 32, 48))
    data = io.BytesIO()
    picture.save(data, "PNG")
    image = upload_validate(data.getvalue())
    stored = Image.open(io.BytesIO(image.content))
    assert stored.mode == "RGBA"
    assert stored.getpixel((48, 24))[3] == 128 and stored.getpixel((8, 24))[3] == 0
    assert image.image.mode == "RGB"
    assert image.image.getpixel((8, 24)) == (255, 255, 255)
    assert image.image.getpixel((48, 24)) == (142, 172, 227)


def test_type_comes_from_the_bytes_not_the_name():
    # PNG bytes are a PNG whatever the upload was called; the API never looks at the name.
    assert upload_validate(factories.picture(fmt="PNG")).content_type == "image/png"


def test_appended_html_does_not_survive_reencoding():
    image = upload_validate(factories.html_after_jpeg())
    assert b"<script" not in image.content


@pytest.mark.parametrize(("data", "code", "status", "words"), [
    (b"", "empty", 400, "empty"),
    (b"just some text, renamed to photo.jpg\n" * 5, "unsupported_type", 415, "not a picture"),
    (factories.picture()[:2000], "damaged_image", 400, "damaged or incomplete"),
    (factories.png_with_bad_crc(), "damaged_image", 400, "damaged or incomplete"),
    (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', "unsupported_type",
     415, "SVG"),
    (factories.gif_js_polyglot(), "damaged_image", 400, "cannot be read"),
    (factories.decompression_bomb(), "too_many_pixels", 413, "megapixels"),
    (factories.picture((10000, 16), fmt="PNG"), "bad_dimensions", 400, "10000×16"),
    (factories.picture(fmt="TIFF"), "unsupported_type", 415, "TIFF pictures are not supported"),
    (factories.picture(fmt="BMP"), "unsupported_type", 415, "BMP pictures are not supported"),
])
def test_bad_files_are_rejected_with_a_reason(data, code, status, words):
    with pytest.raises(ImageRejected) as caught:
        upload_validate(data)
    assert caught.value.code == code
    assert caught.value.status == status
    assert words in caught.value.message


def test_a_100000_by_1_picture_is_refused_before_decoding():
    with pytest.raises(ImageRejected) as caught:
        upload_validate(factories.picture((100000, 1), fmt="PNG"))
    assert caught.value.code == "bad_dimensions"


def test_over_the_size_limit_is_413(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ImageRejected) as caught:
        upload_validate(factories.picture())
    assert caught.value.status == 413 and "limit" in caught.value.message
