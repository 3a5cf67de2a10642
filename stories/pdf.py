"""The printable book: a title page, then one page per story page with its picture.

Text is set in Noto Sans KR (SIL Open Font License, shipped by the pinned justmytype-intl-cjk
package), which covers Latin letters and Hangul, so Korean books print too.
"""

from __future__ import annotations

import functools
import io
import logging

from django.core.files.storage import default_storage
from PIL import Image
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from core.fonts import NOTO_SANS_KR
from stories.models import Story

log = logging.getLogger(__name__)

FONT = "ReverieStoryFont"
TEXT_SIZE = {"3-5": 22, "6-8": 18, "9-12": 15}
INK = (0.12, 0.11, 0.17)
MARGIN = 40


@functools.cache
def font_register() -> str:
    pdfmetrics.registerFont(TTFont(FONT, str(NOTO_SANS_KR)))
    return FONT


def story_pdf(*, story: Story) -> bytes:
    """The whole book as PDF bytes (pages not yet illustrated print without a picture)."""
    font = font_register()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=landscape(A4), pageCompression=1)
    pdf.setTitle(story.title or "A Reverie storybook")
    pdf.setAuthor("Reverie")
    pages = list(story.pages.order_by("number"))
    _title_page(pdf, story, pages[0] if pages else None, font)
    for page in pages:
        _story_page(pdf, story, page, font)
    pdf.save()
    return out.getvalue()


def _text(pdf: canvas.Canvas, x: float, y: float, line: str, *, font: str, size: float,
          centred: bool = False) -> None:
    # The font's default instance is its lightest weight; stroking the glyphs as well as
    # filling them gives the regular weight a child can read easily.
    text = pdf.beginText()
    text.setTextRenderMode(2)
    text.setFont(font, size)
    width = pdfmetrics.stringWidth(line, font, size)
    text.setTextOrigin(x - width / 2 if centred else x, y)
    text.textLine(line)
    pdf.setLineWidth(size * 0.035)
    pdf.drawText(text)


def _picture(pdf: canvas.Canvas, name: str, x: float, y: float, w: float, h: float) -> None:
    if not name:
        return
    try:
        with default_storage.open(name, "rb") as handle, Image.open(handle) as picture:
            # JPEG inside the PDF: a tenth of the size of the PNG's raw pixels.
            jpeg = io.BytesIO()
            picture.convert("RGB").save(jpeg, format="JPEG", quality=88)
            image = ImageReader(jpeg)
    except (OSError, ValueError):
        log.warning("picture %s could not be read for the PDF", name, exc_info=True)
        return
    iw, ih = image.getSize()
    scale = min(w / iw, h / ih)
    dw, dh = iw * scale, ih * scale
    pdf.drawImage(image, x + (w - dw) / 2, y + (h - dh) / 2, dw, dh)


# The title page speaks the book's language, like its pages.
BOOK_WORDS = {
    "en": {"untitled": "A storybook", "for": "For ages {band} · a story about {theme}",
           "made": "Made with Reverie"},
    "ko": {"untitled": "그림책", "for": "{band}세 어린이를 위한 이야기 · {theme}",
           "made": "Reverie로 만든 그림책"},
}


def _title_page(pdf: canvas.Canvas, story: Story, first, font: str) -> None:
    width, height = landscape(A4)
    pdf.setFillColorRGB(*INK)
    pdf.setStrokeColorRGB(*INK)
    words = BOOK_WORDS.get(story.language, BOOK_WORDS["en"])
    lines = simpleSplit(story.title or words["untitled"], font, 34, width - 2 * MARGIN)
    y = height - 80
    for line in lines:
        _text(pdf, width / 2, y, line, font=font, size=34, centred=True)
        y -= 42
    _text(pdf, width / 2, y - 4, words["for"].format(band=story.get_age_band_display(),
                                                     theme=story.theme)[:110],
          font=font, size=14, centred=True)
    if first is not None:
        _picture(pdf, first.image.name if first.image else "", MARGIN * 3, 70,
                 width - 6 * MARGIN, y - 110)
    _text(pdf, width / 2, 36, words["made"], font=font, size=11, centred=True)
    pdf.showPage()


def _story_page(pdf: canvas.Canvas, story: Story, page, font: str) -> None:
    width, height = landscape(A4)
    size = TEXT_SIZE.get(story.age_band, 16)
    lines = simpleSplit(page.text, font, size, width - 2 * MARGIN - 40)
    leading = size * 1.35
    text_height = len(lines) * leading
    picture_bottom = MARGIN + 30 + text_height + 16
    _picture(pdf, page.image.name if page.image else "", MARGIN, picture_bottom,
             width - 2 * MARGIN, height - MARGIN - picture_bottom)
    pdf.setFillColorRGB(*INK)
    pdf.setStrokeColorRGB(*INK)
    y = picture_bottom - 16 - size
    for line in lines:
        _text(pdf, MARGIN + 20, y, line, font=font, size=size)
        y -= leading
    _text(pdf, width / 2, 22, str(page.number), font=font, size=11, centred=True)
    pdf.showPage()
