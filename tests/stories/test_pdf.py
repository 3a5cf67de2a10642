from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from pypdf import PdfReader

from stories.backends.illustration import OfflineIllustrator
from stories.models import Story
from stories.pdf import story_pdf
from tests.stories.factories import StoryFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


def _story(texts: list[str], *, title: str, theme: str, age_band: str = "3-5") -> Story:
    story = StoryFactory(protagonist="cat", theme=theme, age_band=age_band,
                         page_count=len(texts), title=title, character_sheet="Pip, an orange cat.")
    png = OfflineIllustrator().draw("Main character: Pip, a cat. Colours: orange, blue.\n"
                                    "Scene: Pip in the garden (garden), in the day.")
    for number, text in enumerate(texts, start=1):
        name = default_storage.save(f"stories/{story.media_key}/page-{number}.png",
                                    ContentFile(png))
        StoryPageFactory(story=story, number=number, text=text, image=name)
    return story


def test_title_page_then_a_page_per_story_page_with_its_picture_and_text():
    texts = ["Pip is a cat. She has a red hat.", "The wind blew the hat away.",
             "Pip ran and ran.", "Pip found the hat. The end."]
    reader = PdfReader(io.BytesIO(story_pdf(story=_story(texts, title="Pip and the Hat",
                                                         theme="a lost hat"))))
    assert len(reader.pages) == 5
    assert "Pip and the Hat" in reader.pages[0].extract_text()
    for page, text in zip(reader.pages[1:], texts, strict=True):
        extracted = " ".join(page.extract_text().split())
        assert text in extracted
        assert len(page.images) == 1  # the illustration
    assert reader.metadata.title == "Pip and the Hat"
    width, height = reader.pages[1].mediabox.width, reader.pages[1].mediabox.height
    assert width > height  # landscape, like a picture book


def test_korean_text_is_set_in_an_embedded_font_that_covers_hangul():
    texts = ["고양이 핍은 바닷가에 살아요.", "바람이 불어서 빨간 풍선이 날아갔어요."]
    data = story_pdf(story=_story(texts, title="핍과 빨간 풍선", theme="잃어버린 풍선"))
    reader = PdfReader(io.BytesIO(data))
    assert "핍과 빨간 풍선" in reader.pages[0].extract_text()
    assert texts[1] in " ".join(reader.pages[2].extract_text().split())
    fonts = [font.get_object() for font in reader.pages[2]["/Resources"]["/Font"].values()]
    descriptors = [font["/FontDescriptor"] for font in fonts if "/FontDescriptor" in font]
    assert any("/FontFile2" in d for d in descriptors)  # the TrueType font is embedded
    assert any("NotoSansKR" in str(d["/FontName"]) for d in descriptors)


def test_an_unfinished_book_prints_the_pages_it_has():
    story = _story(["Page one."], title="Half a book", theme="a kite")
    StoryPageFactory(story=story, number=2, text="Page two, not painted yet.")
    reader = PdfReader(io.BytesIO(story_pdf(story=story)))
    assert len(reader.pages) == 3
    assert len(reader.pages[2].images) == 0
    assert "not painted yet" in reader.pages[2].extract_text()
