from __future__ import annotations

import io
import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def slow_pictures(transactional_db, settings):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "illustration": {
        "BACKEND": "tests.stories.recording_backends.SlowIllustrator",
        "OPTIONS": {"seconds": 0.7}}}


def test_make_a_book_watch_pages_arrive_turn_them_and_download_the_pdf(
        slow_pictures, asgi_server, page, output_dir):
    from pypdf import PdfReader

    page.goto(asgi_server + "/stories/")
    expect(page.get_by_text("No books yet.")).to_be_visible()
    page.get_by_role("link", name="Make your first book").click()

    page.get_by_text("Frog", exact=False).first.click()
    page.get_by_label("What is the story about?").fill("being afraid of the dark")
    page.get_by_label("Reader's age").select_option("6-8")
    page.get_by_label("Pages").fill("6")
    page.get_by_label("Art style").select_option("watercolour")
    page.screenshot(path=output_dir / "new.png", full_page=True)
    page.get_by_role("button", name="Write my book").click()
    page.wait_for_url(re.compile(r"/stories/[0-9a-f-]{36}/$"))

    # Pages arrive while the others are still being painted.
    status = page.locator("#progress-status")
    expect(status).to_have_text(re.compile(r"Page [2-5] of 6"), timeout=20_000)
    assert page.locator("#picture img").count() == 1  # page 1 is readable already
    page.screenshot(path=output_dir / "arriving.png", full_page=True)
    expect(page.locator("#progress-title")).to_have_text("Your book is ready", timeout=30_000)

    number = page.locator("#page-number")
    expect(number).to_have_text("Page 1 of 6")
    first_text = page.locator("#page-text").inner_text()
    assert "Hopper" in first_text
    page.get_by_role("button", name="Next page").click()
    expect(number).to_have_text("Page 2 of 6")
    page.keyboard.press("ArrowRight")
    expect(number).to_have_text("Page 3 of 6")
    page.keyboard.press("ArrowLeft")
    expect(number).to_have_text("Page 2 of 6")
    assert page.locator("#page-text").inner_text() != first_text
    expect(page.locator("#picture img")).to_have_attribute("src", re.compile(r"page-2"))
    page.wait_for_function("() => document.querySelector('#picture img').naturalWidth > 0")
    page.get_by_role("button", name="Read aloud").click()
    expect(page.locator("#read-aloud")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Stop reading").click()
    page.screenshot(path=output_dir / "reader.png", full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    data = open(download.path(), "rb").read()
    assert data.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(data)).pages) == 1 + 6

    # A read-only link for someone else; then it is revoked.
    page.get_by_role("button", name="Share a read-only link").click()
    share_url = page.locator("#share-url")
    expect(share_url).to_have_value(re.compile(r"/s/[\w-]{20,}/$"))
    url = share_url.input_value()
    other = page.context.browser.new_page()
    other.goto(url)
    expect(other.locator("#page-number")).to_have_text("Page 1 of 6")
    assert other.locator("#delete").count() == 0 and other.locator("#share").count() == 0
    other.screenshot(path=output_dir / "shared.png", full_page=True)
    page.get_by_role("button", name="Stop sharing").click()
    expect(page.locator("#share-box")).to_be_hidden()
    assert other.goto(url).status == 404
    other.close()
    assert page.js_errors == []


def test_the_shelf_and_the_reader_on_a_phone(slow_pictures, settings, asgi_server, browser,
                                            output_dir):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "illustration": {
        "BACKEND": "stories.backends.illustration.OfflineIllustrator", "OPTIONS": {}}}
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.goto(asgi_server + "/stories/new/")
    phone.get_by_text("Robot").click()
    phone.get_by_label("What is the story about?").fill("a trip to the moon")
    phone.get_by_role("button", name="Write my book").click()
    phone.wait_for_url(re.compile(r"/stories/[0-9a-f-]{36}/$"))
    phone.wait_for_function("() => document.querySelector('#picture img') && "
                            "document.querySelector('#picture img').naturalWidth > 0",
                            timeout=30_000)
    expect(phone.locator("#pdf")).to_be_visible(timeout=30_000)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing sticks out sideways
    phone.screenshot(path=output_dir / "phone-reader.png", full_page=True)
    phone.goto(asgi_server + "/stories/")
    expect(phone.locator(".book-shelf li")).to_have_count(1)
    phone.screenshot(path=output_dir / "phone-shelf.png", full_page=True)
    phone.close()


def test_say_the_theme_with_the_microphone(slow_pictures, asgi_server, output_dir, tmp_path):
    from playwright.sync_api import sync_playwright

    from tests.stories.test_services import _spoken

    voice = tmp_path / "voice.wav"
    voice.write_bytes(_spoken("a dog by the ocean", tmp_path))
    with sync_playwright() as playwright:
        # Chromium's fake microphone plays this file, as a child speaking would.
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True,
            args=["--no-sandbox", "--use-fake-ui-for-media-stream",
                  "--use-fake-device-for-media-stream",
                  f"--use-file-for-fake-audio-capture={voice}%noloop",
                  "--autoplay-policy=no-user-gesture-required"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(asgi_server + "/stories/new/")
        page.get_by_role("button", name="Say it").click()
        expect(page.locator("#record-status")).to_contain_text("Listening")
        page.wait_for_timeout(4000)  # the voice lasts about two seconds
        page.get_by_role("button", name="Stop").click()
        theme = page.get_by_label("What is the story about?")
        expect(theme).to_have_value(re.compile("dog|ocean", re.I), timeout=30_000)
        expect(page.locator("#record-status")).to_contain_text("We heard")
        page.screenshot(path=output_dir / "spoken-theme.png", full_page=True)
        assert errors == []
        browser.close()


def test_an_unsafe_theme_gets_a_kind_message_on_the_form(transactional_db, asgi_server, page):
    page.goto(asgi_server + "/stories/new/")
    page.get_by_label("What is the story about?").fill("a bloody war with guns")
    page.get_by_role("button", name="Write my book").click()
    alert = page.locator("#form-error")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Let's pick a different idea — how about")
    expect(page.get_by_label("What is the story about?")).to_be_focused()
    assert page.url.endswith("/stories/new/")
    # Nothing was kept: this browser's session owns no book.
    assert page.request.get(asgi_server + "/api/stories/").json()["count"] == 0


def test_another_version_makes_a_new_book_of_the_same_idea(settings, asgi_server, page,
                                                           output_dir):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "illustration": {
        "BACKEND": "stories.backends.illustration.OfflineIllustrator", "OPTIONS": {}}}
    page.goto(asgi_server + "/stories/new/")
    page.get_by_text("Frog", exact=False).first.click()
    page.get_by_label("What is the story about?").fill("a rainy day")
    page.get_by_label("Pages").fill("4")
    page.get_by_role("button", name="Write my book").click()
    page.wait_for_url(re.compile(r"/stories/[0-9a-f-]{36}/$"))
    first_url = page.url
    expect(page.locator("#pdf")).to_be_visible(timeout=30_000)
    page.wait_for_function("() => document.querySelector('#picture img').naturalWidth > 0")
    assert page.locator("#page-text").inner_text().strip()
    page.screenshot(path=output_dir / "rainy-page.png", full_page=True)

    page.get_by_role("button", name="Another version").click()
    page.wait_for_url(lambda url: url != first_url and "/stories/" in url)
    expect(page.locator("#pdf")).to_be_visible(timeout=30_000)
    books = page.evaluate("fetch('/api/stories/', {credentials: 'same-origin'})"
                          ".then(r => r.json())")
    books = books["results"] if isinstance(books, dict) else books
    assert len(books) == 2
    second, first = books  # newest first
    assert [(b["protagonist"], b["theme"], b["age_band"], len(b["pages"])) for b in books] == [
        ("frog", "a rainy day", "6-8", 4)] * 2
    texts = [" ".join(p["text"] for p in book["pages"]) for book in (first, second)]
    # The rain may come on any page of either version, not always the first.
    assert texts[0] != texts[1]
    assert all(re.search(r"rain|puddle|umbrella", text.lower()) for text in texts)
    assert page.js_errors == []


# The browser's voices, as a machine with (or without) a Korean voice would list them; speak()
# records what it was asked to say instead of sounding it.
VOICES = """(voices) => {
  window.__spoken = [];
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
  Object.defineProperty(window, "speechSynthesis", { value: {
    getVoices: () => voices, cancel: () => {}, addEventListener: () => {},
    speak: (u) => window.__spoken.push({ lang: u.lang, voice: u.voice ? u.voice.name : null }),
  } });
}"""


def _korean_book(page, asgi_server) -> None:
    page.goto(asgi_server + "/stories/new/")
    page.get_by_text("Rabbit", exact=False).first.click()
    page.get_by_label("What is the story about?").fill("공룡 친구와 숲속 소풍")
    page.get_by_label("Pages").fill("4")
    page.get_by_role("button", name="Write my book").click()
    page.wait_for_url(re.compile(r"/stories/[0-9a-f-]{36}/$"))
    expect(page.locator("#pdf")).to_be_visible(timeout=30_000)


@pytest.mark.parametrize("voices, spoken", [
    ([{"lang": "en-US", "name": "Samantha"}, {"lang": "ko-KR", "name": "Yuna"}], "Yuna"),
    ([{"lang": "en-US", "name": "Samantha"}], None),
])
def test_a_korean_book_is_read_by_a_korean_voice_or_says_there_is_none(
        settings, asgi_server, page, output_dir, voices, spoken):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "illustration": {
        "BACKEND": "stories.backends.illustration.OfflineIllustrator", "OPTIONS": {}}}
    page.add_init_script(f"({VOICES})({json.dumps(voices)})")
    _korean_book(page, asgi_server)
    expect(page.locator("#book-title")).to_have_attribute("lang", "ko")
    assert re.search(r"[\uac00-\ud7a3]", page.locator("#page-text").inner_text())
    status = page.locator("#voice-status")
    if spoken:
        page.get_by_role("button", name="Read aloud").click()
        assert page.evaluate("window.__spoken") == [{"lang": "ko-KR", "voice": "Yuna"}]
        expect(status).to_have_text("")
    else:
        # In the visitor's language (this browser's is English), not the book's.
        expect(status).to_contain_text("This browser has no Korean voice")
        expect(page.locator("#read-aloud")).to_be_disabled()
        page.screenshot(path=output_dir / "korean-no-voice.png", full_page=True)
