"""Captions in Korean for Korean visitors: offline, through the upload API, and asked of OpenAI."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from captioning.backends.offline import OfflineCaptioner
from captioning.backends.openai import OpenAICaptioner
from captioning.describe_ko import colour_ko
from captioning.models import Caption, CaptionJob
from music.composer.prompts import MusicPrompt
from music.composer.prompts_ko import prompt_in_korean
from music.models import Track
from tests.captioning import pictures
from tests.uploads import factories

HANGUL = re.compile(r"[\uac00-\ud7a3]")
LATIN = re.compile(r"[A-Za-z]")


@pytest.mark.parametrize("picture", ["sunny_beach", "night", "fog", "forest", "red_graphic",
                                     "pastel_sky", "landscape", "grey_gradient"])
def test_the_offline_caption_is_korean_from_the_same_analysis(picture):
    image = getattr(pictures, picture)()
    korean = OfflineCaptioner().caption(image, language="ko")
    english = OfflineCaptioner().caption(image)
    assert HANGUL.search(korean.text) and not LATIN.search(korean.text), korean.text
    assert korean.text.endswith("요.")
    assert all(HANGUL.search(tag) and not LATIN.search(tag) for tag in korean.tags)
    # The music is the picture's, whoever reads the caption.
    assert korean.music_prompt == english.music_prompt
    assert (korean.mood, korean.features) == (english.mood, english.features)


def test_korean_captions_name_what_was_measured():
    red = OfflineCaptioner().caption(pictures.solid((210, 30, 30)), language="ko").text
    assert red.startswith("무늬 하나 없이 빨간색으로")  # 으로/로 after 색 (a final ㄱ)
    night = OfflineCaptioner().caption(pictures.night(), language="ko")
    assert "밤 풍경이에요." in night.text and "밤" in night.tags
    assert "어둡고" in night.text or "어스름" in night.text
    forest = OfflineCaptioner().caption(pictures.forest(), language="ko")
    assert "풀과 나무가 보여요." in forest.text and "초록색" in forest.text


@pytest.mark.parametrize("name, family, korean", [
    ("scarlet", "red", "빨간색"), ("sky blue", "blue", "하늘색"), ("navy blue", "blue", "남색"),
    ("dark brown", "brown", "짙은 갈색"), ("powder blue", "blue", "연한 파란색"),
    ("leaf green", "green", "초록색"),
])
def test_colour_names_in_korean(name, family, korean):
    assert colour_ko(name, family) == korean


def test_the_musical_prompt_in_korean_says_the_same_parts():
    text = ("Serene, dreamy new-age ambient. Tempo: 76 BPM. Key: D major. Instruments: pad, "
            "flute, bells. Energy: low. Mood: valence 0.42, arousal -0.35.")
    assert prompt_in_korean(text) == (
        "평온한, 꿈결 같은 뉴에이지 앰비언트. 빠르기: 분당 76박. 조성: D 장조. "
        "악기: 신스 패드, 벨, 플루트. 에너지: 낮음.")
    assert MusicPrompt.parse(text).tempo_bpm == 76  # the English one is left as it was


@pytest.mark.django_db
def test_the_openai_captioner_is_asked_for_the_visitors_language(fake_openai):
    fake_openai.chat({"caption": "햇살 가득한 노란 해변이에요.", "valence": 0.8, "arousal": 0.5,
                      "music_prompt": "Joyful summer pop", "tags": ["해변", "햇살"]})
    result = OpenAICaptioner().caption(pictures.sunny_beach(), language="ko")
    assert result.text == "햇살 가득한 노란 해변이에요." and result.tags == ["해변", "햇살"]
    system = fake_openai.last("chat").json["messages"][0]["content"]
    assert "caption and tags in Korean" in system and "music_prompt in English" in system
    assert result.music_prompt.startswith("Joyful")  # still the composers' English form
    fake_openai.chat({"caption": "A beach.", "valence": 0.8, "arousal": 0.5,
                      "music_prompt": "pop", "tags": ["beach"]})
    OpenAICaptioner().caption(pictures.sunny_beach())
    assert "caption and tags in English" in fake_openai.last("chat").json["messages"][0][
        "content"]


def _post(client: APIClient, data: bytes, **extra):
    image = SimpleUploadedFile("china.jpg", data, content_type="image/jpeg")
    fields = {key: extra.pop(key) for key in ("language", "seed") if key in extra}
    return client.post("/api/uploads/", {"image": image, "duration": 10, **fields},
                       format="multipart", **extra)


@pytest.fixture
def locale(settings):
    """The request's language from Accept-Language, as the site's locale middleware does."""
    settings.LANGUAGES = [("en", "English"), ("ko", "한국어")]
    if "django.middleware.locale.LocaleMiddleware" not in settings.MIDDLEWARE:
        at = settings.MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")
        settings.MIDDLEWARE = [*settings.MIDDLEWARE[:at + 1],
                               "django.middleware.locale.LocaleMiddleware",
                               *settings.MIDDLEWARE[at + 1:]]


@pytest.mark.django_db(transaction=True)
def test_a_korean_browser_gets_a_korean_caption_through_the_upload_api(locale):
    photo = factories.photo_path("china.jpg").read_bytes()
    client = APIClient()
    korean = _post(client, photo, seed=5, HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9")
    assert korean.status_code == 201, korean.content
    english = _post(APIClient(), photo, seed=5, HTTP_ACCEPT_LANGUAGE="en-US")
    assert english.status_code == 201, english.content

    ko = Caption.objects.get(upload_id=korean.json()["id"])
    en = Caption.objects.get(upload_id=english.json()["id"])
    assert (ko.language, en.language) == ("ko", "en")
    caption = client.get(f"/api/uploads/{ko.upload_id}/").json()["caption"]
    assert caption["language"] == "ko" and caption["text"] == ko.text
    assert "빠르기: 분당" in caption["music_prompt_shown"]
    assert CaptionJob.objects.get(upload_id=ko.upload_id).language == "ko"
    # Not copied from the other visitor's caption of the same picture: each in its language.
    assert HANGUL.search(ko.text) and not HANGUL.search(en.text)
    assert ko.music_prompt == en.music_prompt
    # The music is identical: same prompt to the composer, same seed.
    assert Track.objects.get(upload_id=ko.upload_id).prompt == \
        Track.objects.get(upload_id=en.upload_id).prompt

    assert ko.music_prompt_shown == prompt_in_korean(ko.music_prompt)
    assert en.music_prompt_shown == en.music_prompt


@pytest.mark.django_db(transaction=True)
def test_an_explicit_language_wins_over_the_browsers(locale):
    client = APIClient()
    photo = factories.photo_path("china.jpg").read_bytes()
    created = _post(client, photo, language="ko", HTTP_ACCEPT_LANGUAGE="en")
    assert created.status_code == 201, created.content
    caption = client.get(f"/api/uploads/{created.json()['id']}/").json()["caption"]
    assert caption["language"] == "ko" and HANGUL.search(caption["text"])
    assert caption["music_prompt"].startswith(tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    assert "빠르기: 분당" in caption["music_prompt_shown"]
    assert all(HANGUL.search(tag) for tag in caption["tags"])

    page = client.get(f"/results/{created.json()['id']}/").content.decode()
    assert f'<p class="caption-text" lang="ko">{caption["text"]}</p>' in page
    assert "빠르기: 분당" in page


@pytest.mark.django_db
def test_an_unknown_caption_language_is_refused_with_a_message():
    photo = factories.photo_path("china.jpg").read_bytes()
    response = _post(APIClient(), photo, language="xx")
    assert response.status_code == 400
    assert "language" in response.json()["error"]["fields"]
