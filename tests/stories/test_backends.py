"""What is particular to each storybook backend (the kinds' shared contracts are in
tests/test_backend_contracts.py; the OpenAI ones run through the real SDK against the loopback
fake server)."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from PIL import Image

from core.backends import BackendError
from stories.backends.base import Book
from stories.backends.illustration import OfflineIllustrator, OpenAIIllustrator
from stories.backends.writer import OfflineStoryWriter, OpenAIStoryWriter
from stories.reading import BANDS, band_problem
from tests.stories.books import EASY, KOREAN, MIDDLE, OLDER, TOO_HARD, book_json, check_book

BAND_TEXT = {"3-5": EASY, "6-8": MIDDLE, "9-12": OLDER}


def _writer(kind: str, request) -> object:
    if kind == "offline":
        return OfflineStoryWriter()
    fake = request.getfixturevalue("fake_openai")
    return OpenAIStoryWriter(), fake


def test_the_texts_of_known_difficulty_are_what_the_tests_say():
    assert band_problem(EASY, age_band="3-5") is None
    assert band_problem(MIDDLE, age_band="6-8") is None
    assert band_problem(OLDER, age_band="9-12") is None
    for band in BANDS:
        assert band_problem(TOO_HARD, age_band=band).startswith("too hard")
    assert band_problem(EASY, age_band="9-12").startswith("too easy")


@pytest.mark.parametrize("age_band", list(BANDS))
@pytest.mark.parametrize("protagonist, theme", [
    ("cat", "a lost balloon at the beach"), ("frog", "being afraid of the dark"),
    ("girl", "making a new friend at school"), ("robot", "a trip to the moon"),
    ("dragon", "helping a sick friend"), ("princess", "growing a sunflower"),
    ("boy", "feeling different"), ("a shy hedgehog called Spike", "a snowy day"),
    ("rabbit", "dinosaurs"), ("토끼 민지", "달나라 여행"),
])
def test_offline_books_read_within_every_band(age_band, protagonist, theme):
    band = BANDS[age_band]
    for pages in (4, 7, 10, 12):
        book = OfflineStoryWriter().write(protagonist=protagonist, theme=theme,
                                          age_band=age_band, pages=pages, style="storybook")
        check_book(book, pages=pages, age_band=age_band)
        low, high = band.words_per_page
        counts = [len(page.text.split()) for page in book.pages]
        assert all(low <= n <= high for n in counts), (age_band, pages, counts)


def test_offline_books_weave_protagonist_and_theme_and_differ_by_theme():
    def words(book: Book) -> set[str]:
        return set(re.findall(r"[a-z']+", book.text.lower()))

    writer = OfflineStoryWriter()
    balloon = writer.write(protagonist="cat", theme="a lost balloon at the beach",
                           age_band="6-8", pages=8, style="storybook")
    moon = writer.write(protagonist="cat", theme="a trip to the moon", age_band="6-8",
                        pages=8, style="storybook")
    assert "balloon" in balloon.text and "moon" in moon.text
    assert sum("Pip" in page.text for page in balloon.pages) >= 6
    assert balloon.title != moon.title
    a, b = words(balloon), words(moon)
    assert len(a & b) / len(a | b) < 0.5  # clearly different books, not one template
    # Different pages of one book do not repeat each other either.
    assert len({page.text for page in balloon.pages}) == 8
    # The same ask gives the same book (seeded), so a retried job writes it again.
    again = writer.write(protagonist="cat", theme="a lost balloon at the beach",
                         age_band="6-8", pages=8, style="storybook")
    assert again == balloon


def test_a_custom_protagonist_keeps_its_name_and_colours_in_the_sheet():
    book = OfflineStoryWriter().write(protagonist="a shy hedgehog called Spike with a red "
                                      "scarf", theme="a picnic", age_band="3-5", pages=4,
                                      style="storybook")
    assert book.character_sheet.startswith("Spike")
    assert "red" in book.character_sheet
    assert "Spike" in book.text


@pytest.mark.parametrize("age_band", list(BANDS))
def test_openai_writer_asks_for_a_strict_book_of_the_pages_and_band(age_band, fake_openai):
    fake_openai.chat(book_json(BAND_TEXT[age_band], 6))
    book = OpenAIStoryWriter().write(protagonist="cat", theme="a lost balloon",
                                     age_band=age_band, pages=6, style="watercolour")
    assert "watercolour" in book.pages[0].illustration_prompt
    request = fake_openai.last("chat").json
    assert request["response_format"]["type"] == "json_schema"
    assert request["response_format"]["json_schema"]["strict"] is True
    system = request["messages"][0]["content"]
    assert "exactly 6 pages" in system and BANDS[age_band].label in system
    assert len(fake_openai.calls("chat")) == 1


def test_openai_writer_sends_a_too_hard_book_back_to_be_simplified(fake_openai):
    fake_openai.chat(book_json(TOO_HARD, 4))
    fake_openai.chat(book_json(EASY, 4))
    book = OpenAIStoryWriter().write(protagonist="cat", theme="a lost balloon",
                                     age_band="3-5", pages=4, style="storybook")
    assert book.pages[0].text == EASY
    calls = fake_openai.calls("chat")
    assert len(calls) == 2
    follow_up = calls[1].json["messages"]
    assert follow_up[-2]["role"] == "assistant"
    assert "too hard" in follow_up[-1]["content"] and "shorter" in follow_up[-1]["content"]


def test_openai_writer_gives_up_when_it_stays_too_hard(fake_openai):
    for _ in range(3):
        fake_openai.chat(book_json(TOO_HARD, 4))
    with pytest.raises(BackendError) as raised:
        OpenAIStoryWriter().write(protagonist="cat", theme="a lost balloon", age_band="6-8",
                                  pages=4, style="storybook")
    assert "reading level" in raised.value.message
    assert len(fake_openai.calls("chat")) == 3


def test_openai_writer_asks_for_korean_and_holds_it_to_the_korean_band(fake_openai):
    fake_openai.chat(book_json(KOREAN, 4, title="핍과 빨간 풍선", sheet="핍: 주황색 고양이"))
    book = OpenAIStoryWriter().write(protagonist="고양이", theme="빨간 풍선", age_band="3-5",
                                     pages=4, style="storybook", language="ko")
    assert book.language == "ko" and book.title == "핍과 빨간 풍선"
    sent = fake_openai.last("chat").json["messages"]
    assert "in Korean" in sent[0]["content"] and "eojeol" in sent[0]["content"]
    assert "Flesch" not in sent[0]["content"]
    assert "Theme: 빨간 풍선" in sent[1]["content"]
    assert book.pages[0].illustration_prompt.endswith("Book language: Korean.")


def test_openai_writer_sends_a_korean_book_with_long_sentences_back(fake_openai):
    long_page = ("고양이 핍은 햇살이 부드럽게 내려앉은 조용한 바닷가 마을의 작은 집 앞에서 "
                 "날마다 파도 소리를 들으며 빨간 풍선을 손에 꼭 쥐고 놀았어요.")
    fake_openai.chat(book_json(long_page, 4, title="핍과 빨간 풍선", sheet="핍: 고양이"))
    fake_openai.chat(book_json(KOREAN, 4, title="핍과 빨간 풍선", sheet="핍: 고양이"))
    book = OpenAIStoryWriter().write(protagonist="고양이", theme="빨간 풍선", age_band="3-5",
                                     pages=4, style="storybook", language="ko")
    assert book.pages[0].text == KOREAN
    follow_up = fake_openai.calls("chat")[1].json["messages"][-1]["content"]
    assert "eojeol a sentence" in follow_up


def test_openai_writer_asks_for_english_by_default(fake_openai):
    fake_openai.chat(book_json(EASY, 4))
    _write_four()
    assert "in English" in fake_openai.last("chat").json["messages"][0]["content"]


@pytest.mark.parametrize("answer, message", [
    ("{not json", "could not read"),
    ({"title": "T", "character_sheet": "S", "pages": []}, "incomplete"),
    ({"title": "T", "pages": []}, "could not read"),
])
def test_openai_writer_rejects_unusable_answers(fake_openai, answer, message):
    fake_openai.chat(answer)
    with pytest.raises(BackendError) as raised:
        OpenAIStoryWriter().write(protagonist="cat", theme="a kite", age_band="6-8", pages=4,
                                  style="storybook")
    assert message in raised.value.message


def test_openai_writer_refusal_and_rejected_key_are_permanent(fake_openai):
    fake_openai.chat(refusal="I can't help with that.")
    with pytest.raises(BackendError) as raised:
        OpenAIStoryWriter().write(protagonist="cat", theme="a kite", age_band="6-8", pages=4,
                                  style="storybook")
    assert raised.value.permanent
    fake_openai.error("chat", 401, "Incorrect API key provided.")
    with pytest.raises(BackendError) as raised:
        OpenAIStoryWriter().write(protagonist="cat", theme="a kite", age_band="6-8", pages=4,
                                  style="storybook")
    assert raised.value.permanent and "OPENAI_API_KEY" in raised.value.message


def _write_four() -> Book:
    return OpenAIStoryWriter().write(protagonist="cat", theme="a kite", age_band="3-5",
                                     pages=4, style="storybook")


def test_openai_writer_uses_the_story_model_and_what_reasoning_models_take(fake_openai,
                                                                          settings):
    settings.OPENAI_STORY_MODEL = "gpt-5.4"
    fake_openai.chat(book_json(EASY, 4))
    _write_four()
    sent = fake_openai.last("chat").json
    assert sent["model"] == "gpt-5.4" and sent["max_completion_tokens"] >= 4000
    assert "temperature" not in sent and "max_tokens" not in sent


def test_openai_writer_cut_off_gets_more_room_once_then_fails_clearly(fake_openai):
    fake_openai.chat('{"title": "Pip', finish_reason="length")
    fake_openai.chat(book_json(EASY, 4))
    assert len(_write_four().pages) == 4
    first, second = (r.json["max_completion_tokens"] for r in fake_openai.calls("chat"))
    assert second == 2 * first
    fake_openai.chat('{"title": "Pip', finish_reason="length", times=2)
    with pytest.raises(BackendError) as raised:
        _write_four()
    assert raised.value.permanent and "ran out of room" in raised.value.message


def test_openai_writer_content_filter_stop_is_a_kind_permanent_failure(fake_openai):
    fake_openai.chat(book_json(EASY, 4), finish_reason="content_filter")
    with pytest.raises(BackendError) as raised:
        _write_four()
    assert raised.value.permanent and "declined to write this story" in raised.value.message
    assert len(fake_openai.calls("chat")) == 1


def _png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image.convert("RGB")


def test_openai_illustrator_asks_for_a_landscape_picture_without_text(fake_openai):
    prompt = ("Main character: Pip, an orange cat. Colours: orange, blue.\n"
              "Scene: Pip on the beach (seaside), in the morning.\nStyle: soft storybook.")
    OpenAIIllustrator().draw(prompt, seed=3)
    sent = fake_openai.last("images").json
    assert sent["prompt"].startswith(prompt) and "No text" in sent["prompt"]
    assert sent["size"] == "1536x1024"


def _share_near(image: Image.Image, rgb: tuple[int, int, int], tolerance: int = 40) -> float:
    pixels = np.asarray(image.resize((192, 128)), dtype=int).reshape(-1, 3)
    return float(np.mean(np.all(np.abs(pixels - np.array(rgb)) <= tolerance, axis=1)))


def test_offline_illustrator_paints_the_sheets_colours_the_setting_and_the_hour():
    painter = OfflineIllustrator()
    sheet = "Main character: Clover, a white rabbit. Colours: purple, pink.\n"
    day = _png(painter.draw(sheet + "Scene: Clover in the garden (garden), in the day.", seed=1))
    night = _png(painter.draw(sheet + "Scene: Clover in the garden (garden), at night.",
                              seed=1))
    sea = _png(painter.draw(sheet + "Scene: Clover by the sea (seaside), in the day.", seed=1))
    assert _share_near(day, (0x7D, 0x5B, 0xA6)) > 0.01  # the rabbit's purple
    green = "Main character: Hopper, a frog. Colours: green, red.\n"
    frog = _png(painter.draw(green + "Scene: Hopper by the sea (seaside), in the day.", seed=1))
    assert _share_near(frog, (0x3B, 0xB2, 0x73)) > 0.01
    assert _share_near(frog, (0x7D, 0x5B, 0xA6)) < 0.002
    top = (0, 0, day.width, day.height // 4)
    assert sum(day.crop(top).resize((1, 1)).getpixel((0, 0))) > 2 * sum(
        night.crop(top).resize((1, 1)).getpixel((0, 0)))  # the night sky is dark
    assert _share_near(sea, (236, 214, 160), 20) > 0.1  # sand
    assert _share_near(day, (236, 214, 160), 20) < 0.02


def test_openai_illustrator_reports_unusable_answers(fake_openai):
    fake_openai.queue("images", {"created": 1, "data": [{"b64_json": "bm90IGFuIGltYWdl"}]})
    with pytest.raises(BackendError):
        OpenAIIllustrator().draw("Main character: Pip.\nScene: a beach.")
    fake_openai.error("images", 400, "Your request was rejected by the safety system.")
    with pytest.raises(BackendError) as raised:
        OpenAIIllustrator().draw("Main character: Pip.\nScene: a beach.")
    assert raised.value.permanent
