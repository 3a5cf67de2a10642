from __future__ import annotations

import io

from PIL import Image, ImageCms, PngImagePlugin

from uploads.validation import upload_validate


def _srgb_icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _gradient() -> Image.Image:
    band = Image.linear_gradient("L").resize((128, 128))
    return Image.merge("RGB", (band, band.rotate(90), band.transpose(Image.FLIP_LEFT_RIGHT)))


def _segments(jpeg: bytes) -> set[int]:
    """The JPEG marker bytes before the scan starts (0xFE is COM, 0xE1 APP1, 0xE2 APP2/ICC)."""
    markers, i = set(), 2
    while i < len(jpeg) and jpeg[i] == 0xFF:
        marker = jpeg[i + 1]
        markers.add(marker)
        if marker == 0xDA:
            break
        i += 2 + int.from_bytes(jpeg[i + 2:i + 4], "big")
    return markers


def _png_chunks(png: bytes) -> list[bytes]:
    chunks, i = [], 8
    while i < len(png):
        length = int.from_bytes(png[i:i + 4], "big")
        chunks.append(png[i + 4:i + 8])
        i += 12 + length
    return chunks


def test_a_jpeg_comment_icc_and_exif_are_gone():
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription
    _gradient().save(out, "JPEG", comment=b"<script>alert(1)</script> secret",
                     icc_profile=_srgb_icc(), exif=exif, quality=95)
    assert {0xFE, 0xE1, 0xE2} <= _segments(out.getvalue())  # the input really carries them

    stored = upload_validate(out.getvalue()).content

    assert not {0xFE, 0xE1, 0xE2} & _segments(stored)
    assert b"<script>" not in stored and b"secret" not in stored
    reopened = Image.open(io.BytesIO(stored))
    assert "comment" not in reopened.info and "icc_profile" not in reopened.info


def test_png_iccp_text_and_itxt_chunks_are_gone():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    info.add_itxt("Description", "secret itxt", lang="en")
    info.add_text("XML:com.adobe.xmp", "<x:xmpmeta>secret</x:xmpmeta>", zip=True)
    out = io.BytesIO()
    _gradient().save(out, "PNG", pnginfo=info, icc_profile=_srgb_icc())
    assert {b"iCCP", b"tEXt", b"iTXt", b"zTXt"} <= set(_png_chunks(out.getvalue()))

    stored = upload_validate(out.getvalue()).content

    assert set(_png_chunks(stored)) <= {b"IHDR", b"IDAT", b"IEND"}
    assert b"script" not in stored and b"secret" not in stored


def test_colours_of_a_wide_gamut_picture_are_converted_before_its_profile_goes():
    # A pure green tagged with a wider-than-sRGB profile is a more saturated green than sRGB's;
    # kept as numbers without the profile it would be shown wrongly, so the numbers change.
    rgb_wide = _wide_gamut_profile()
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (0, 200, 0)).save(out, "PNG", icc_profile=rgb_wide)

    stored = Image.open(io.BytesIO(upload_validate(out.getvalue()).content)).convert("RGB")

    assert stored.getpixel((10, 10)) != (0, 200, 0)


def _wide_gamut_profile() -> bytes:
    # sRGB's own profile read back with its green primary pushed out: enough to make the
    # colour transform do something measurable.
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    data = bytearray(srgb.tobytes())
    tag = data.find(b"gXYZ")
    offset = int.from_bytes(data[tag + 4:tag + 8], "big")
    # XYZ of a greener green (s15Fixed16): X 0.15, Y 0.69, Z 0.06
    for index, value in enumerate((0.15, 0.69, 0.06)):
        fixed = int(value * 65536).to_bytes(4, "big", signed=True)
        data[offset + 8 + 4 * index: offset + 12 + 4 * index] = fixed
    return bytes(data)
