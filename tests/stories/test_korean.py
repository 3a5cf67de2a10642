"""Korean storybooks: the offline engine, the language choice, readability, the PDF."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader
from rest_framework.test import APIClient

from core.korean import josa
from core.ownership import Owner
from stories.backends.illustration import OpenAIIllustrator
from stories.backends.ko_words import theme_concepts
from stories.backends.proofread import repeated_share
from stories.backends.writer import OfflineStoryWriter
from stories.models import Story
from stories.reading import BANDS, band_problem, korean_reading, reading_grade
from stories.services import story_create, story_language
from tests.fakes.openai_answers import moderation

HANGUL_SHARE = re.compile(r"[\uac00-\ud7a3]")


def _korean_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(bool(HANGUL_SHARE.match(c)) for c in letters) / max(1, len(letters))


def _write(**ask):
    ask = {"protagonist": "고양이", "theme": "바닷가에서 잃어버린 빨간 풍선",
           "age_band": "6-8", "pages": 4, "style": "storybook", "language": "ko", **ask}
    return OfflineStoryWriter().write(**ask)


def test_the_offline_engine_writes_the_whole_book_in_korean():
    book = _write()
    assert book.language == "ko"
    assert _korean_share(book.title) == 1.0
    assert len(book.pages) == 4
    for page in book.pages:
        assert _korean_share(page.text) == 1.0, page.text
        assert page.text.endswith((".", "!", "?", '"'))
        assert not re.search(r"[{}<>\[\]|]", page.text)
    assert "풍선" in book.text and "바닷가" in book.text  # the theme's own words
    assert "나비" in book.text  # the cat preset's Korean name
    assert book.character_sheet.startswith("나비:")
    # The painter still reads its colours and kind from the English half of the sheet.
    assert "Colours: orange" in book.pages[0].illustration_prompt
    assert book.pages[0].illustration_prompt.endswith("Book language: Korean.")


@pytest.mark.parametrize("theme, concept", [
    ("공룡 친구", "dinosaur"), ("우주 여행", "space"), ("바다에서 헤엄치기", "sea"),
    ("숲속의 비밀", "forest"), ("용과 생일 케이크", "dragon"), ("비 오는 날", "rain"),
    ("친구들과 소풍", "friend"),
])
def test_korean_theme_words_map_to_the_engines_concepts(theme, concept):
    concepts, _ = theme_concepts(theme)
    assert concept in concepts.split()


def test_one_syllable_theme_words_match_only_whole_words():
    assert "rain" not in theme_concepts("비밀 상자")[0].split()  # 비밀 is a secret, not rain
    assert "dragon" not in theme_concepts("용감한 토끼")[0].split()  # 용감 is brave
    assert "brave" in theme_concepts("용감한 토끼")[0].split()


def test_a_korean_theme_takes_the_setting_and_shape_it_names():
    space = _write(theme="우주로 가는 로켓 여행")
    assert "(space)" in space.pages[0].illustration_prompt
    snow = _write(theme="눈 오는 날 눈사람 만들기")
    assert "Weather: snow" in snow.pages[0].illustration_prompt
    assert "눈사람" in snow.text


def test_the_hero_of_a_korean_description_keeps_its_name():
    book = _write(protagonist="토끼 민지")
    assert "민지" in book.text and book.character_sheet.startswith("민지:")
    assert "rabbit" in book.character_sheet  # the English half: a rabbit to paint


@pytest.mark.parametrize("protagonist", ["girl", "boy", "cat", "rabbit", "dragon", "토끼 민지",
                                         "공룡"])
def test_every_particle_after_the_heros_name_agrees_with_it(protagonist):
    book = _write(protagonist=protagonist, pages=8, age_band="9-12")
    name = book.character_sheet.split(":")[0]
    pairs = [("이", "가"), ("은", "는"), ("을", "를"), ("과", "와"), ("아", "야")]
    for consonant, vowel in pairs:
        right = josa(name, f"{consonant}/{vowel}")
        wrong = vowel if right == consonant else consonant
        assert not re.search(rf"(?<![\uac00-\ud7a3]){name}{wrong}(?=[\s,.!?\"])", book.text), \
            (name, wrong)
    assert re.search(rf"{name}(은|는) ", book.text)


@pytest.mark.parametrize("age_band", list(BANDS))
@pytest.mark.parametrize("theme", ["바닷가에서 잃어버린 빨간 풍선", "공룡 친구",
                                   "어두운 밤이 무서워요", "자전거 타기 배우기",
                                   "a trip to the moon"])
def test_korean_books_read_within_their_band_at_every_length(age_band, theme):
    for pages, seed in ((4, 1), (8, 2), (12, 3)):
        book = _write(theme=theme, age_band=age_band, pages=pages, seed=seed)
        assert len(book.pages) == pages
        assert band_problem(book.text, age_band=age_band, language="ko") is None
        assert repeated_share(book.text) == 0


def test_older_bands_get_longer_korean_sentences():
    lengths = [korean_reading(_write(age_band=band, pages=8).text).eojeol_per_sentence
               for band in BANDS]
    assert lengths == sorted(lengths) and lengths[0] < lengths[-1]


PRESCHOOL = "토리는 토끼예요. 토리는 숲에 살아요. 토리는 당근을 좋아해요. 바람이 불었어요."
SCHOOLBOOK = ("지역공동체의 자율적인 환경보전활동은 생태계의 지속가능성을 높이는 데 결정적인 "
              "역할을 담당하였으며, 주민들의 적극적인 참여를 바탕으로 장기적인 성과를 "
              "거두었다.")


def test_korean_readability_measures_sentence_and_word_length():
    easy = korean_reading(PRESCHOOL)
    assert easy.eojeol_per_sentence == 2.5  # 10 eojeol, 4 sentences
    assert easy.syllables_per_eojeol == 3.2  # 32 syllables
    assert easy.long_share == 0
    hard = korean_reading(SCHOOLBOOK)
    assert hard.eojeol_per_sentence == 17  # one sentence of 17 eojeol
    assert hard.long_share == round(4 / 17, 3)  # 지역공동체의, 환경보전활동은, …
    assert hard.syllables_per_eojeol > easy.syllables_per_eojeol


def test_korean_band_thresholds():
    assert band_problem(PRESCHOOL, age_band="3-5", language="ko") is None
    assert band_problem(PRESCHOOL, age_band="6-8", language="ko").startswith("too easy")
    assert band_problem(PRESCHOOL, age_band="9-12", language="ko").startswith("too easy")
    middle = ("토리는 아침 일찍 일어나 숲으로 산책을 갔어요. 숲속에서 작은 다람쥐가 도토리를 "
              "모으고 있었어요.")
    assert band_problem(middle, age_band="6-8", language="ko") is None
    assert band_problem(middle, age_band="3-5", language="ko").startswith("too hard")
    for band in BANDS:
        assert band_problem(SCHOOLBOOK, age_band=band, language="ko").startswith("too hard")
    # English formulas are not applied to Korean.
    assert reading_grade(PRESCHOOL, language="ko") is None


def test_the_language_is_korean_for_a_hangul_theme_else_the_asked_or_visitors():
    assert story_language(theme="공룡 친구", language="en") == "ko"
    assert story_language(theme="a kite", language="ko") == "ko"
    assert story_language(theme="a kite", language="en") == "en"
    with translation.override("ko"):
        assert story_language(theme="a kite") == "ko"
    with translation.override("en"):
        assert story_language(theme="a kite") == "en"


@pytest.mark.django_db
def test_a_korean_visitors_book_is_korean_by_default(django_capture_on_commit_callbacks):
    with translation.override("ko"), django_capture_on_commit_callbacks(execute=True):
        job = story_create(owner=Owner(session_key="k" * 32), protagonist="girl",
                           theme="a lost kite", age_band="3-5", pages=4, seed=3)
    story = Story.objects.get(pk=job.story_id)
    assert story.language == "ko"
    assert _korean_share(story.title) == 1.0 and "하늘" in story.pages.first().text


@pytest.mark.django_db
def test_a_korean_four_page_book_through_the_api_with_its_pdf(make_story):
    client = APIClient()
    created = make_story(client, protagonist="토끼", theme="공룡 친구와 숲속 소풍",
                         age_band="3-5", pages=4)
    assert created["language"] == "ko"  # a Hangul theme, no language asked for
    book = client.get(f"/api/stories/{created['id']}/").json()
    assert book["language"] == "ko"
    assert book["title"] and _korean_share(book["title"]) == 1.0
    assert len(book["pages"]) == 4
    assert all(_korean_share(p["text"]) == 1.0 for p in book["pages"])
    assert "공룡" in " ".join(p["text"] for p in book["pages"])

    response = client.get(book["pdf_url"])
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)
                                  if response.streaming else response.content))
    assert len(reader.pages) == 5
    title_page = reader.pages[0].extract_text()
    assert book["title"] in title_page
    assert "3–5세 어린이를 위한 이야기" in title_page and "Reverie로 만든 그림책" in title_page
    assert not re.search(r"\b(For ages|a story about|Made with)\b", title_page)
    for pdf_page, page in zip(reader.pages[1:], book["pages"], strict=True):
        extracted = " ".join(pdf_page.extract_text().split())
        assert _korean_share(extracted) > 0.9
        assert page["text"].split()[0] in extracted


@pytest.mark.django_db
def test_the_api_takes_an_explicit_language(make_story):
    client = APIClient()
    korean = make_story(client, theme="a lost balloon at the beach", language="ko")
    assert korean["language"] == "ko"
    book = client.get(f"/api/stories/{korean['id']}/").json()
    assert "풍선" in " ".join(p["text"] for p in book["pages"])
    english = make_story(client, theme="a lost balloon at the beach", language="en")
    assert client.get(f"/api/stories/{english['id']}/").json()["title"].isascii()


@pytest.mark.django_db
def test_an_unknown_language_is_refused_with_a_message():
    response = APIClient().post("/api/stories/", {
        "protagonist": "cat", "theme": "a kite", "age_band": "6-8", "pages": 4,
        "language": "fr"}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert "language" in error["fields"]
    assert "fr" in str(error["fields"]["language"])


@pytest.mark.django_db
def test_the_form_offers_the_language_choice_with_the_visitors_selected(client):
    # LocaleMiddleware picks the visitor's language from the browser's Accept-Language.
    page = client.get("/stories/new/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert '<select id="language" name="language"' in page
    page = page[page.index('<select id="language" name="language"'):]  # not the site's switcher
    assert re.search(r'<option value="ko" lang="ko" selected>한국어</option>', page)
    assert re.search(r'<option value="en" lang="en" >[^<]+</option>', page)  # not selected


def test_the_openai_illustrator_is_told_the_books_language(fake_openai):
    book = _write(pages=4)
    OpenAIIllustrator().draw(book.pages[0].illustration_prompt, seed=1)
    sent = fake_openai.last("images").json["prompt"]
    assert sent.startswith(f"Main character: {book.character_sheet}")
    assert "The book is written in Korean" in sent and "No text" in sent
    OpenAIIllustrator().draw("Main character: Pip.\nScene: a beach.", seed=1)
    assert "written in" not in fake_openai.last("images").json["prompt"]


@pytest.mark.django_db
def test_korean_theme_hero_and_every_korean_page_go_through_moderation(
        fake_openai, settings, make_story):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "moderation": {
        "BACKEND": "core.moderation.moderators.OpenAIModerator", "OPTIONS": {}}}
    fine = moderation(scores={"violence": 0.01})
    fake_openai.queue("moderations", *[fine] * 7)
    make_story(APIClient(), protagonist="토끼 민지", theme="우주 여행", age_band="3-5", pages=4)
    inputs = [call.json["input"] for call in fake_openai.calls("moderations")]
    # theme, hero, title + sheet, then the four pages: all in Korean, as written.
    assert inputs[:2] == ["우주 여행", "토끼 민지"] and len(inputs) == 7
    pages = [page.text for page in Story.objects.get().pages.all()]
    assert [text.split("\n")[0] for text in inputs[3:]] == pages


def test_clothes_are_worn_with_the_right_verb():
    dresses = [_write(protagonist="girl", seed=seed, age_band="9-12").text for seed in range(12)]
    assert any("원피스를 입었" in text for text in dresses)
    assert not any("원피스를 했" in text for text in dresses)
    scarves = [_write(protagonist="frog", seed=seed).text for seed in range(12)]
    assert any("목도리를 했" in text for text in scarves)


@pytest.mark.django_db
def test_the_form_names_heroes_and_styles_in_the_visitors_language(client):
    korean = client.get("/stories/new/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    # The hero's kind in Korean and the name a Korean book gives it.
    assert re.search(r'value="boy"[^>]*>\s*<span>남자아이<small class="muted">도윤</small>', korean)
    assert re.search(r'value="dragon"[^>]*>\s*<span>용<small class="muted">미르</small>', korean)
    assert '<option value="watercolour">수채화</option>' in korean
    assert ">Boy<" not in korean and ">Storybook<" not in korean
    english = client.get("/stories/new/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(r'value="boy"[^>]*>\s*<span>Boy<small class="muted">Leo</small>', english)
    assert '<option value="paper-cut">Paper cut</option>' in english
