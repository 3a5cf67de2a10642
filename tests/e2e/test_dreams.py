from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

DREAM = ("I was flying over the ocean at night. Then I started falling toward an old house, "
         "and my teeth were crumbling. I felt scared but also strangely free.")


@pytest.fixture
def symbols(transactional_db, settings):
    call_command("loaddata", "initial_symbols", verbosity=0)


def test_write_a_dream_watch_it_being_read_then_delete_it(symbols, asgi_server, page,
                                                          output_dir):
    page.goto(asgi_server + "/dreams/")
    expect(page.get_by_text("Your journal is empty.")).to_be_visible()
    page.screenshot(path=output_dir / "journal-empty.png", full_page=True)

    page.get_by_role("link", name="Write your first dream").click()
    page.get_by_role("textbox", name="Your dream").fill(DREAM)
    page.get_by_label("Apprehension").check()
    page.screenshot(path=output_dir / "new.png", full_page=True)
    page.get_by_role("button", name="Save and read my dream").click()

    expect(page.locator("#dream-job progress")).to_be_attached()
    image = page.locator("#results img.dream-image")
    expect(image).to_be_visible(timeout=30_000)
    expect(page.locator("#dream-job .job-status")).to_contain_text("Done")
    reading = page.locator("#results .reading")
    expect(reading.first).to_contain_text("Your dream brings together")
    expect(page.locator("#results .cite").first).to_contain_text("from the entr")
    expect(page.locator("#results .story")).to_contain_text("You were flying over the ocean")
    expect(page.locator("#results .symbols")).to_contain_text("Teeth falling out")
    assert page.evaluate("document.querySelector('#results img.dream-image').naturalWidth") \
        == 768
    page.screenshot(path=output_dir / "dream.png", full_page=True)

    page.get_by_role("link", name="← Your dream journal").click()
    card = page.locator(".dream-card")
    expect(card).to_have_count(1)
    expect(card.locator("img")).to_be_visible()
    page.screenshot(path=output_dir / "journal.png", full_page=True)

    page.get_by_role("link", name="Insights").click()
    # One dream: no symbol has recurred yet, so only the emotions are charted.
    expect(page.locator("svg.chart")).to_have_count(1)
    expect(page.get_by_text("No symbol has come back yet")).to_be_visible()
    page.screenshot(path=output_dir / "insights.png", full_page=True)

    page.go_back()
    card.locator(".dream-thumb").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete this dream").click()
    expect(page.get_by_text("Your journal is empty.")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("is deleted")
    assert page.js_errors == []


def test_journal_on_a_phone(symbols, asgi_server, browser, output_dir):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(asgi_server + "/dreams/new/")
    phone.get_by_role("textbox", name="Your dream").fill("A snake in my garden, and I was happy.")
    phone.get_by_role("button", name="Save and read my dream").click()
    expect(phone.locator("#results img.dream-image")).to_be_visible(timeout=30_000)
    phone.wait_for_function(
        "() => document.querySelector('#results img.dream-image').naturalWidth > 0")
    expect(phone.locator("#proposed")).to_contain_text("Happiness")  # by its label
    phone.screenshot(path=output_dir / "dream-phone.png", full_page=True)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing overflows sideways
    context.close()


def test_record_a_dream_with_the_microphone_and_review_the_words(symbols, asgi_server,
                                                                 output_dir, tmp_path):
    from playwright.sync_api import sync_playwright

    from tests.dreams.conftest import spoken

    voice = tmp_path / "voice.wav"
    voice.write_bytes(spoken("I was in a house by the ocean. A dog chased me up the stairs.",
                             tmp_path))
    with sync_playwright() as playwright:
        # Chromium's fake microphone plays this file, as a person speaking would.
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True,
            args=["--no-sandbox", "--use-fake-ui-for-media-stream",
                  "--use-fake-device-for-media-stream",
                  f"--use-file-for-fake-audio-capture={voice}%noloop",
                  "--autoplay-policy=no-user-gesture-required"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(asgi_server + "/dreams/new/")
        page.get_by_role("button", name="Record", exact=True).click()
        expect(page.locator("#record-time")).to_contain_text("Recording")
        page.wait_for_timeout(8000)  # the voice lasts about five seconds
        page.get_by_role("button", name="Stop", exact=True).click()
        text = page.get_by_role("textbox", name="Your dream")
        expect(text).to_have_value(re.compile("house|ocean|stairs|dog", re.I), timeout=30_000)
        page.screenshot(path=output_dir / "recorded.png", full_page=True)
        text.fill(text.input_value() + " I felt calm.")  # the words stay editable
        page.get_by_role("button", name="Save and read my dream").click()
        expect(page.locator("#results img.dream-image")).to_be_visible(timeout=30_000)
        assert "I felt calm." in page.locator(".dream-text").inner_text()
        assert errors == []
        browser.close()
