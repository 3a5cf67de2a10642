"""The language switcher in a real browser: English for an English browser, 한국어 chosen in
the header, the same page back in Korean, and the choice still there after a reload and on
other pages; the scripts' strings come in Korean too."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_switching_to_korean_is_remembered(asgi_server, browser, output_dir):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)

    page.goto(asgi_server + "/dreams/?q=sea")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dream journal")

    page.get_by_label("Language").select_option("ko")
    page.get_by_role("button", name="Change language").click()

    # Back on the same page, with its query, in Korean.
    page.wait_for_url(asgi_server + "/dreams/?q=sea")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("heading", level=1)).to_have_text("나의 꿈 일기")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("나의 꿈 일기")
    expect(page.get_by_label("언어")).to_have_value("ko")

    # Another page, and a string the script says (the catalog from /jsi18n/).
    page.goto(asgi_server + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("사진을 소리로 들어 보세요")
    page.get_by_role("button", name="음악 만들기").click()
    expect(page.locator("#image-error")).to_have_text("올릴 사진을 골라 주세요.")
    assert page.evaluate("gettext('Waiting…')") == "기다리는 중…"
    page.screenshot(path=output_dir / "home-ko.png", full_page=True)

    assert errors == [] and violations == []
    context.close()


def test_korean_reads_in_hangul_even_without_a_korean_font_installed(asgi_server, browser,
                                                                     output_dir):
    # Where the machine has no Korean font (this kind has none), the page's own fallback face
    # is what shows Hangul (a machine with one may use its own instead).
    system_korean = shutil.which("fc-list") and subprocess.run(
        ["fc-list", ":lang=ko"], capture_output=True, text=True).stdout.strip()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    page = context.new_page()
    fetched: list[str] = []
    page.on("response", lambda response: fetched.append(response.url)
            if response.url.endswith("/fonts/noto-sans-kr.ttf") and response.ok else None)
    page.goto(asgi_server + "/stories/new/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("그림책")
    page.evaluate("document.fonts.ready")
    faces = dict(page.evaluate("[...document.fonts].map(f => [f.family, f.status])"))
    used = faces.get('"Reverie Hangul"', faces.get("Reverie Hangul"))
    if not system_korean:
        assert used == "loaded" and len(fetched) == 1
    page.screenshot(path=output_dir / "new-story-ko.png", full_page=True)
    context.close()
