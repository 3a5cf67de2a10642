"""Pictures are decoded within a memory bound: a large JPEG straight at a fraction of its size
(DCT scaling), every picture shrunk before it is copied, and few decodes at once."""

from __future__ import annotations

import io
import threading
import time

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from uploads import validation
from uploads.validation import DecodersBusy, decode_slot, draft_size, upload_validate


def _jpeg(size: tuple[int, int], **options) -> bytes:
    rng = np.random.default_rng(size[0])
    small = rng.integers(0, 255, (size[1] // 50 + 1, size[0] // 50 + 1, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(small).resize(size, Image.Resampling.BILINEAR).save(buffer, "JPEG",
                                                                        **options)
    return buffer.getvalue()


def test_a_large_jpeg_is_decoded_at_half_size_and_kept_at_the_cap(settings):
    settings.UPLOAD_MAX_SIDE = 2048
    data = _jpeg((4200, 3000))
    assert draft_size(4200, 3000, 2048) == (2048, 1463)
    decoded = validation._decode(data, "JPEG")
    assert decoded.size == (2100, 1500)  # 1/2: the largest reduction still over the cap
    image = upload_validate(data)
    assert (image.width, image.height) == (2048, 1463)
    stored = Image.open(io.BytesIO(image.content))
    assert stored.size == (2048, 1463) and stored.format == "JPEG"
    # Close to the full-size decode shrunk the old way.
    full = Image.open(io.BytesIO(data)).convert("RGB")
    full.thumbnail((2048, 2048), Image.Resampling.LANCZOS)
    difference = np.abs(np.asarray(stored, dtype=int) - np.asarray(full, dtype=int))
    assert difference.mean() < 2.0


def test_a_picture_within_the_cap_is_decoded_whole(settings):
    settings.UPLOAD_MAX_SIDE = 2048
    assert draft_size(2048, 1000, 2048) is None
    assert validation._decode(_jpeg((1900, 1000)), "JPEG").size == (1900, 1000)


def test_a_large_rotated_png_is_shrunk_then_turned_upright(settings):
    settings.UPLOAD_MAX_SIDE = 512
    picture = Image.new("P", (1600, 800), 3)
    picture.putpalette([0, 0, 0, 255, 255, 255, 10, 200, 30, 240, 10, 10] * 64)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to view
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", exif=exif)
    image = upload_validate(buffer.getvalue())
    assert (image.width, image.height) == (256, 512)
    assert image.image.getpixel((100, 100)) == (240, 10, 10)


def test_at_most_upload_decodes_pictures_are_decoded_at_once(monkeypatch, settings):
    settings.UPLOAD_DECODES = 2
    lock, running, most = threading.Lock(), [0], [0]
    real_normalise = validation._normalise

    def slow_normalise(image):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.15)
        with lock:
            running[0] -= 1
        return real_normalise(image)

    monkeypatch.setattr(validation, "_normalise", slow_normalise)
    data = _jpeg((800, 600))
    threads = [threading.Thread(target=upload_validate, args=(data,)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 2


def test_an_upload_that_finds_every_decoder_busy_is_asked_to_retry(settings):
    settings.UPLOAD_DECODES = 1
    settings.UPLOAD_DECODE_WAIT_SECONDS = 0.1
    with decode_slot():
        with pytest.raises(DecodersBusy) as caught:
            upload_validate(_jpeg((400, 300)))
    assert caught.value.status == 503 and caught.value.retry_after == 5
    upload_validate(_jpeg((400, 300)))  # free again


@pytest.mark.django_db
def test_the_api_answers_busy_with_503_and_retry_after(settings):
    settings.UPLOAD_DECODES = 1
    settings.UPLOAD_DECODE_WAIT_SECONDS = 0.1
    image = SimpleUploadedFile("p.jpg", _jpeg((400, 300)), content_type="image/jpeg")
    with decode_slot():
        response = APIClient().post("/api/uploads/", {"image": image}, format="multipart")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    error = response.json()["error"]
    assert error["code"] == "busy" and "again in a few seconds" in error["message"]
