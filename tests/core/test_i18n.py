"""The interface in the visitor's language: Korean for a Korean browser, English otherwise,
and the switcher's choice remembered over the browser's."""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format
from rest_framework.test import APIClient

from dreams.models import Dream, Symbol
from tests.uploads import factories

pytestmark = pytest.mark.django_db

# Each page, a sentence it says in Korean and the same in English.
PAGES = [
    ("/", "사진을 소리로 들어 보세요", "Hear your pictures"),
    ("/dreams/", "꿈 일기가 비어 있어요.", "Your journal is empty."),
    ("/dreams/new/", "꿈을 말로 들려주세요", "Speak your dream"),
    ("/dreams/insights/", "아직 보여 드릴 것이 없어요.", "Nothing to show yet."),
    ("/dreams/recordings/", "보관한 녹음이 없어요.", "You have kept no recordings."),
    ("/stories/", "아직 그림책이 없어요.", "No books yet."),
    ("/stories/new/", "누구의 이야기인가요?", "Who is the story about?"),
    ("/accounts/login/", "비밀번호를 잊으셨나요?", "Forgot your password?"),
    ("/accounts/signup/", "계정 만들기", "Create account"),
    ("/accounts/password_reset/", "재설정 링크 보내기", "Send the reset link"),
]


def _page(client: Client, path: str, language: str | None, status: int = 200) -> str:
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    response = client.get(path, **headers)
    assert response.status_code == status, (path, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize(("path", "korean", "english"), PAGES)
def test_each_page_is_korean_for_a_korean_browser(path, korean, english):
    html = _page(Client(), path, "ko-KR,ko;q=0.9,en;q=0.5")
    assert '<html lang="ko">' in html
    assert korean in html and english not in html
    # The header too: navigation and the switcher showing the current language.
    assert ">꿈</a>" in html and 'value="ko" lang="ko" selected' in html


@pytest.mark.parametrize(("path", "korean", "english"), PAGES)
def test_each_page_is_english_for_an_english_browser_and_by_default(path, korean, english):
    for language in ("en-GB,en;q=0.8", None):
        html = _page(Client(), path, language)
        assert '<html lang="en">' in html
        assert english in html and korean not in html


def test_the_not_found_page_and_the_api_404_in_korean():
    html = _page(Client(), "/no-such-page/", "ko", status=404)
    assert "여기에는 아무것도 없어요" in html and "Nothing here" not in html
    api = APIClient().get("/api/jobs/00000000-0000-0000-0000-000000000000/",
                          HTTP_ACCEPT_LANGUAGE="ko")
    assert api.status_code == 404
    assert api.json()["error"]["message"] == ("여기에는 아무것도 없어요. 삭제되었거나 내 것이 "
                                              "아닐 수 있어요.")
    assert api["Content-Language"] == "ko"


@pytest.mark.django_db(transaction=True)  # the jobs start on commit
def test_results_pages_in_korean():
    client = APIClient()
    image = SimpleUploadedFile("sun.jpg", factories.picture((400, 300), colour=(250, 210, 60)),
                               content_type="image/jpeg")
    created = client.post("/api/uploads/", {"image": image, "duration": 10}, format="multipart")
    assert created.status_code == 201, created.content
    html = _page(client, f"/results/{created.json()['id']}/", "ko")
    for korean in ("다른 사진으로 음악 만들기", "내려받기", "다른 버전 만들기", "10초"):
        assert korean in html
    assert "Make another version" not in html

    dream = client.post("/api/dreams/", {"text": "I was flying over the sea with a snake."},
                        format="json")
    assert dream.status_code == 201, dream.content
    html = _page(client, f"/dreams/{dream.json()['id']}/", "ko")
    assert "어떤 기분이었나요?" in html and "이 꿈 삭제" in html and "How did it feel?" not in html
    # The emotion choices are labelled in Korean; their values stay the same.
    assert 'value="happiness"' in html and "행복" in html


def test_dates_follow_the_language():
    client = APIClient()
    created = client.post("/api/dreams/", {"text": "A quiet walk by the sea."}, format="json")
    assert created.status_code == 201, created.content
    when = timezone.localtime(Dream.objects.get(pk=created.json()["id"]).created_at)
    with translation.override("ko"):
        korean = date_format(when, "DATE_FORMAT")
    with translation.override("en"):
        english = date_format(when, "DATE_FORMAT")
    assert "년" in korean and korean != english
    assert korean in _page(client, "/dreams/", "ko")
    assert english in _page(client, "/dreams/", "en")


def test_the_switcher_remembers_the_choice_over_the_browser_language():
    client = Client()
    html = _page(client, "/dreams/?q=sea", "en")
    form = re.search(r'<form class="language-switcher".*?</form>', html, re.S).group(0)
    assert 'action="/i18n/setlang/"' in form and 'name="csrfmiddlewaretoken"' in form
    assert 'name="next" value="/dreams/?q=sea"' in form

    response = client.post("/i18n/setlang/", {"language": "ko", "next": "/dreams/?q=sea"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == "/dreams/?q=sea"
    assert response.cookies["django_language"].value == "ko"
    # The cookie wins over an English browser, on every page after.
    assert "꿈 일기" in _page(client, "/dreams/", "en")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Your dream journal" in _page(client, "/dreams/", "ko")


def test_the_switcher_refuses_a_post_without_its_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "ko", "next": "/"})
    assert response.status_code == 403
    assert "django_language" not in response.cookies


def test_the_script_catalog_is_served_under_the_csp_in_korean():
    response = Client().get("/jsi18n/", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]
    body = response.content.decode()
    # The catalog is JSON inside the script, with non-ASCII letters escaped.
    assert json.dumps("기다리는 중…") in body and json.dumps("나의 음악") in body
    assert "script-src 'self'" in response["Content-Security-Policy"]
    english = Client().get("/jsi18n/").content.decode()
    assert json.dumps("기다리는 중…") not in english and '"Waiting\u2026"' not in english


def test_a_korean_upload_error_from_the_api():
    empty = SimpleUploadedFile("empty.jpg", b"", content_type="image/jpeg")
    response = APIClient().post("/api/uploads/", {"image": empty}, format="multipart",
                                HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["fields"]["image"] == ["파일이 비어 있어요. 사진을 골라 주세요."]
    assert error["message"] == "파일이 비어 있어요. 사진을 골라 주세요."

    svg = SimpleUploadedFile("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>",
                             content_type="image/svg+xml")
    response = APIClient().post("/api/uploads/", {"image": svg}, format="multipart",
                                HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 415
    assert response.json()["error"]["message"] == (
        "벡터 그림(SVG)은 받지 않아요. JPEG, PNG, WebP, GIF 사진을 올려 주세요.")


def test_a_korean_upload_error_on_the_form_page():
    client = Client()
    text = SimpleUploadedFile("notes.jpg", b"just some words, not a picture",
                              content_type="image/jpeg")
    response = client.post("/", {"image": text, "duration": 10}, HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400
    html = response.content.decode()
    assert "읽을 수 있는 사진 파일이 아니에요. JPEG, PNG, WebP, GIF 파일을 올려 주세요." in html
    missing = client.post("/", {"duration": 10}, HTTP_ACCEPT_LANGUAGE="ko")
    assert "올릴 사진을 골라 주세요." in missing.content.decode()


def test_drf_and_our_field_messages_in_korean():
    response = APIClient().post("/api/stories/", {"theme": "a kite", "age_band": "1-2"},
                                format="json", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["fields"]["protagonist"] == ["꼭 입력해야 해요."]
    # DRF's own wording comes from its Korean catalog; the choices are ours.
    assert error["fields"]["age_band"][0].endswith("다음 중 하나를 고르세요: 3-5, 6-8, 9-12.")
    assert error["message"].startswith("주인공: ")


def test_admin_labels_of_our_models_in_korean():
    with translation.override("ko"):
        assert str(Symbol._meta.verbose_name) == "상징"
        assert str(Symbol._meta.get_field("aliases").verbose_name) == "별칭"
        assert str(Symbol.Category.SETTING.label) == "장소"
    with translation.override("en"):
        assert str(Symbol._meta.verbose_name_plural) == "symbols"


def test_the_password_reset_email_in_korean(django_user_model):
    django_user_model.objects.create_user("mina", email="mina@example.com", password="x" * 12)
    response = Client().post("/accounts/password_reset/", {"email": "mina@example.com"},
                             HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert "비밀번호" in message.subject and "mina" in message.body
    assert "비밀번호 재설정" in message.body or "새 비밀번호" in message.body


def test_the_lockout_page_says_the_wait_in_minutes_in_both_languages(django_user_model):
    django_user_model.objects.create_user("ada", password="right-password-1")
    answers = {}
    for language in ("ko", "en"):
        client = Client()
        for _ in range(6):
            response = client.post("/accounts/login/", {"username": "ada", "password": "no"},
                                   HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 429
        answers[language] = response.content.decode()
    assert "15분 동안 로그인이 중지되었어요" in answers["ko"]
    assert "signing in is paused for 15 minutes" in answers["en"]
